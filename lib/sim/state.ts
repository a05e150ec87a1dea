/**
 * The records a simulation keeps: what `kubectl get -o yaml` would show of each object, reduced
 * to what podtalk models. Read-only to everything outside the Simulation that owns them.
 */
import type { ContainerPortN, Labels, PodSpecN, ServicePortN } from "../model/manifest.js";
import type { CIDR } from "./ip.js";

/** Where a Pod's owner reference points. */
export interface OwnerRef {
  readonly kind: "ReplicaSet" | "Deployment";
  readonly name: string;
  readonly uid: string;
}

/** A node of the cluster. */
export interface NodeState {
  readonly name: string;
  /** Order of creation; nodes are listed and drawn in this order. */
  readonly index: number;
  readonly internalIP: number;
  readonly podCIDR: CIDR;
  readonly creation: number;
}

/** A container's runtime state (`status.containerStatuses[i]`). */
export interface ContainerState {
  readonly name: string;
  readonly image: string;
  readonly ports: readonly ContainerPortN[];
  readonly ready: boolean;
  readonly restartCount: number;
  readonly state: "Running" | "Waiting" | "Terminated";
  readonly startedAt: number;
}

/** A Pod. */
export interface PodState {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly owner: OwnerRef | undefined;
  readonly nodeName: string;
  /** Integer IPv4 address; the sandbox's, shared by every container. */
  readonly podIP: number;
  readonly hostIP: number;
  readonly phase: "Pending" | "Running" | "Succeeded" | "Failed";
  readonly creation: number;
  /** Set when the Pod is being deleted: it shows `Terminating` until `deletion + grace`. */
  readonly deletion: number | undefined;
  readonly spec: PodSpecN;
  readonly containers: readonly ContainerState[];
  /** The host side of the Pod's veth pair on its node (`vethXXXXXXXX`). */
  readonly veth: string;
}

/** A ReplicaSet. */
export interface ReplicaSetState {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly owner: OwnerRef | undefined;
  readonly replicas: number;
  readonly selector: Labels;
  readonly templateLabels: Labels;
  readonly templateSpec: PodSpecN;
  readonly creation: number;
}

/** A Deployment. */
export interface DeploymentState {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly replicas: number;
  readonly selector: Labels;
  readonly templateLabels: Labels;
  readonly templateSpec: PodSpecN;
  readonly templateHash: string;
  readonly creation: number;
}

/** A Service. */
export interface ServiceState {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly type: "ClusterIP";
  readonly clusterIP: number;
  readonly selector: Labels | undefined;
  readonly ports: readonly ServicePortN[];
  readonly sessionAffinity: "None" | "ClientIP";
  readonly creation: number;
  /**
   * Endpoints for a Service without a selector, as a user-made EndpointSlice would give them
   * (the `kubernetes` Service's API server address).
   */
  readonly manualEndpoints?: readonly { readonly ip: number; readonly port: number; readonly name: string | undefined }[];
}

/** A Namespace. */
export interface NamespaceState {
  readonly name: string;
  readonly uid: string;
  readonly creation: number;
}

/** One entry of `kubectl get events`. */
export interface EventRecord {
  readonly time: number;
  readonly namespace: string;
  readonly type: "Normal" | "Warning";
  readonly reason: string;
  /** `pod/web-…`, `deployment/web`, `service/my-api`. */
  readonly object: string;
  readonly message: string;
}

/** One ready (or not) address behind a Service port. */
export interface EndpointState {
  readonly ip: number;
  readonly port: number;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly pod: PodState | undefined;
  readonly nodeName: string | undefined;
}
