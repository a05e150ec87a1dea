/**
 * The records a simulation keeps: what `kubectl get -o yaml` would show of each object, reduced
 * to what podtalk models. Read-only to everything outside the Simulation that owns them.
 */
import type {
  ContainerPortN,
  Labels,
  LabelSelectorN,
  NetworkPolicySpecN,
  PodSpecN,
  PodTemplateN,
  ServicePortN,
  ServiceType,
  IntOrPercent,
  TrafficDistribution,
  TaintN,
} from "../model/objects.js";
import type { CIDR } from "./ip.js";

/** Where an owner reference points. */
export interface OwnerRef {
  /** `Node`: a static Pod's mirror Pod; `DaemonSet`: a system Pod of kube-proxy or flannel. */
  readonly kind: "ReplicaSet" | "Deployment" | "StatefulSet" | "DaemonSet" | "Node";
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
  /** Well-known node labels (`kubernetes.io/hostname`, `kubernetes.io/os`, …). */
  readonly labels: Labels;
  /** `spec.taints`: kubeadm's control-plane taint on the first node, unless the cluster turns it off. */
  readonly taints: readonly TaintN[];
}

/** How a container last ended (`lastState.terminated`). */
export interface Termination {
  readonly exitCode: number;
  readonly reason: string;
  readonly message: string | undefined;
  readonly startedAt: number;
  readonly finishedAt: number;
  /** The port that run could not bind (its log says so), if that is why it ended. */
  readonly bindFailure?: number | undefined;
}

/** A container's runtime state (`status.containerStatuses[i]`). */
export interface ContainerState {
  readonly name: string;
  readonly image: string;
  readonly ports: readonly ContainerPortN[];
  readonly state: "Waiting" | "Running" | "Terminated";
  /** Waiting: `ContainerCreating`, `CrashLoopBackOff`; Terminated: `Error`, `Completed`. */
  readonly reason: string | undefined;
  readonly message: string | undefined;
  /** Terminated only. */
  readonly exitCode: number | undefined;
  /** When the current run started (Running, Terminated). */
  readonly startedAt: number | undefined;
  /** When it ended (Terminated). */
  readonly finishedAt: number | undefined;
  readonly ready: boolean;
  readonly restartCount: number;
  readonly lastState: Termination | undefined;
  /** The kubelet's back-off for this container: 0 until the first restart, then 10 s doubling to 300 s. */
  readonly backoffSeconds: number;
  /** A readiness failure forced from a notebook (`setReady(…, false)`). */
  readonly forcedUnready: boolean;
  /** The port this run cannot bind: the process runs, fails to bind, and exits (see `container-logs.ts`). */
  readonly bindFailure?: number | undefined;
  /**
   * `started` of a sidecar (an init container with `restartPolicy: Always`): true once it runs and
   * its startup probe, if any, has passed. Unset for every other container.
   */
  readonly started?: boolean | undefined;
}

/** A Pod. */
export interface PodState {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly owner: OwnerRef | undefined;
  /** Unset while the Pod waits for a node (Pending, unschedulable). */
  readonly nodeName: string | undefined;
  /** Integer IPv4 address of the sandbox, shared by every container; unset until allocated. */
  readonly podIP: number | undefined;
  readonly hostIP: number | undefined;
  readonly phase: "Pending" | "Running" | "Succeeded" | "Failed";
  readonly creation: number;
  /** Set when the Pod is being deleted: it shows `Terminating` until `deletion + grace`. */
  readonly deletion: number | undefined;
  readonly spec: PodSpecN;
  readonly containers: readonly ContainerState[];
  /** `status.initContainerStatuses`, in spec order; unset when the Pod has no init containers. */
  readonly initContainers?: readonly ContainerState[] | undefined;
  /** The host side of the Pod's veth pair on its node (`vethXXXXXXXX`); unset for hostNetwork. */
  readonly veth: string | undefined;
  /** Why a Pending Pod has no node. */
  readonly unschedulable: string | undefined;
  /** Set when the kubelet refused the Pod at admission (`OutOfpods`, `NodePorts`): phase Failed. */
  readonly rejected?: string | undefined;
}

/** A workload's Pod template and selector, shared by ReplicaSets, Deployments and StatefulSets. */
export interface WorkloadState {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly replicas: number;
  readonly selector: LabelSelectorN;
  readonly template: PodTemplateN;
  readonly creation: number;
  /** The manifest as applied, for `manifests()`; unset for objects a controller made. */
  readonly source: Readonly<Record<string, unknown>> | undefined;
}

/** A ReplicaSet. */
export interface ReplicaSetState extends WorkloadState {
  readonly owner: OwnerRef | undefined;
  /** The `pod-template-hash` (ReplicaSets a Deployment made). */
  readonly templateHash: string | undefined;
  /**
   * The `deployment.kubernetes.io/revision` annotation the Deployment controller keeps on the
   * ReplicaSets it made (unset on others); a ReplicaSet a rollback re-uses gets the next number.
   */
  readonly revision?: number | undefined;
  /** `kubernetes.io/change-cause`, copied from the Deployment when it was last this revision. */
  readonly changeCause?: string | undefined;
}

/** A Deployment. */
export interface DeploymentState extends WorkloadState {
  readonly templateHash: string;
  /** Its `kubernetes.io/change-cause` annotation, which the controller copies to its new ReplicaSet. */
  readonly changeCause?: string | undefined;
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
}

/** A StatefulSet. */
export interface StatefulSetState extends WorkloadState {
  readonly serviceName: string | undefined;
  readonly podManagementPolicy: "OrderedReady" | "Parallel";
  /** `controller-revision-hash` of the current template. */
  readonly revision: string;
}

/**
 * A DaemonSet: one Pod from its template on every node that its nodeSelector picks and whose
 * taints its Pods tolerate (kube-proxy and kube-flannel-ds in a kubeadm + flannel cluster).
 */
export interface DaemonSetState {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly selector: LabelSelectorN;
  readonly template: PodTemplateN;
  readonly creation: number;
  /** The manifest as applied; unset for the cluster's own DaemonSets. */
  readonly source: Readonly<Record<string, unknown>> | undefined;
}

/** A NetworkPolicy: its spec as the API server stored it (defaulted), and the manifest for `manifests()`. */
export interface NetworkPolicyState {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly spec: NetworkPolicySpecN;
  readonly creation: number;
  readonly source: Readonly<Record<string, unknown>>;
}

/** A Service. */
export interface ServiceState {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly type: ServiceType;
  /** The virtual IP; unset for headless and ExternalName Services. */
  readonly clusterIP: number | undefined;
  readonly headless: boolean;
  readonly selector: Labels | undefined;
  readonly ports: readonly ServicePortN[];
  /** Allocated nodePorts, by port index (NodePort Services). */
  readonly nodePorts: readonly (number | undefined)[];
  readonly externalName: string | undefined;
  readonly sessionAffinity: "None" | "ClientIP";
  readonly sessionAffinityTimeout: number;
  readonly publishNotReadyAddresses: boolean;
  readonly internalTrafficPolicy: "Cluster" | "Local";
  /** NodePort and LoadBalancer Services: Cluster or Local; undefined for the others. */
  readonly externalTrafficPolicy: "Cluster" | "Local" | undefined;
  /** LoadBalancer Services with externalTrafficPolicy Local: the port kube-proxy answers health checks on. */
  readonly healthCheckNodePort: number | undefined;
  /** `spec.trafficDistribution`, if set: the EndpointSlice controller writes hints for it. */
  readonly trafficDistribution?: TrafficDistribution | undefined;
  readonly creation: number;
  readonly source: Readonly<Record<string, unknown>> | undefined;
}

/** One endpoint of an EndpointSlice. */
export interface SliceEndpoint {
  readonly ip: number;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  /** The Pod behind it (`targetRef`), unset for manual endpoints. */
  readonly podName: string | undefined;
  readonly podUID: string | undefined;
  readonly nodeName: string | undefined;
  /** Set from the Pod's `hostname` when its `subdomain` names this Service. */
  readonly hostname: string | undefined;
  /** The node's `topology.kubernetes.io/zone` label, when it has one. */
  readonly zone?: string | undefined;
  /** `hints`: where kube-proxy should use this endpoint (written for `trafficDistribution`). */
  readonly hints?: EndpointHints | undefined;
}

/** An endpoint's `hints` (discovery.k8s.io/v1 EndpointHints): the zones and nodes it is meant for. */
export interface EndpointHints {
  /** `forZones[].name`; absent when the endpoint has no zone. */
  readonly forZones?: readonly string[] | undefined;
  /** `forNodes[].name` (PreferSameNode only). */
  readonly forNodes?: readonly string[] | undefined;
}

/** An EndpointSlice: up to 100 endpoints sharing one set of ports. */
export interface EndpointSliceState {
  readonly name: string;
  readonly namespace: string;
  readonly service: string;
  readonly ports: readonly { readonly name: string | undefined; readonly port: number; readonly protocol: string }[];
  readonly endpoints: readonly SliceEndpoint[];
  readonly creation: number;
}

/** A Namespace. */
export interface NamespaceState {
  readonly name: string;
  readonly uid: string;
  readonly creation: number;
  /** Set while it waits for its Pods to go away. */
  readonly deletion: number | undefined;
  readonly source: Readonly<Record<string, unknown>> | undefined;
}

/**
 * One Event object (`kubectl get events` lists one row per Event). Identical events (same object,
 * sub-object, type, reason, message and source) are one Event whose `count` grows, as client-go's
 * event correlator makes them.
 */
export interface EventRecord {
  /** `<object name>.<hex of the first occurrence's Unix nanoseconds>`, as client-go names Events. */
  readonly name: string;
  readonly namespace: string;
  readonly type: "Normal" | "Warning";
  readonly reason: string;
  /** `pod/web-…`, `deployment/web`, `service/my-api`. */
  readonly object: string;
  /** `involvedObject.fieldPath`: `spec.containers{web}` for a container's events. */
  readonly subobject: string | undefined;
  /** `source.component` (`kubelet`, `default-scheduler`, `deployment-controller`, …). */
  readonly component: string;
  /** `source.host`: the node, for the kubelet's events. */
  readonly host: string | undefined;
  readonly message: string;
  /** When it first happened (`firstTimestamp`). */
  readonly firstTime: number;
  /** When it last happened (`lastTimestamp`). */
  readonly time: number;
  readonly count: number;
}

/** One address behind a Service port, as kube-proxy and DNS see it. */
export interface EndpointState {
  readonly ip: number;
  readonly port: number;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly pod: PodState | undefined;
  readonly nodeName: string | undefined;
  readonly hostname: string | undefined;
  /** The endpoint's zone and hints, copied from its EndpointSlice. */
  readonly zone?: string | undefined;
  readonly hints?: EndpointHints | undefined;
}

/** A Pod's life, for timelines: when it was created, ready, restarted, terminating and gone. */
export interface PodSpan {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly node: string | undefined;
  readonly ip: number | undefined;
  readonly created: number;
  /** Intervals during which the Pod was Ready (`end` unset while it still is). */
  readonly ready: readonly { readonly start: number; readonly end: number | undefined }[];
  /** Times a container restarted. */
  readonly restarts: readonly number[];
  readonly terminating: number | undefined;
  readonly removed: number | undefined;
}
