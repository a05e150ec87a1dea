/**
 * The objects podtalk accepts and what validation makes of them: the Kubernetes API types a
 * manifest may use (kubernetes-types), and the normalized, defaulted records (`PodN`, `ServiceN`,
 * …) that the engine stores.
 */
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import type { Namespace, Pod, Service } from "kubernetes-types/core/v1";
import type { NetworkPolicy } from "kubernetes-types/networking/v1";

/** A manifest podtalk accepts, typed like the Kubernetes API (kubernetes-types). */
export type KubeObject = Pod | Deployment | ReplicaSet | StatefulSet | DaemonSet | Service | Namespace | NetworkPolicy;

/**
 * What `apply()` accepts: YAML text (one or many `---` documents; a `String` object too, such as
 * what `cluster.manifests()` returns), one object, or a list.
 */
// biome-ignore lint/complexity/noBannedTypes: `String` objects (cluster.manifests()) are YAML text as well.
export type ManifestInput = string | String | KubeObject | readonly KubeObject[];

/** Label map. */
export type Labels = Readonly<Record<string, string>>;

/** Protocols a port may use. */
export const Protocol = { TCP: "TCP", UDP: "UDP", SCTP: "SCTP" } as const;
export type Protocol = (typeof Protocol)[keyof typeof Protocol];

/** Metadata after defaulting. */
export interface ObjectMetaN {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** One set-based requirement of a workload selector. */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  readonly values: readonly string[];
}

/** A workload's label selector: `matchLabels` and `matchExpressions`, all ANDed. */
export interface LabelSelectorN {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly SelectorRequirement[];
}

/** A container port after defaulting. */
export interface ContainerPortN {
  readonly name: string | undefined;
  readonly containerPort: number;
  readonly protocol: Protocol;
  readonly hostPort: number | undefined;
}

/** A probe after defaulting (the API server's defaults: period 10 s, thresholds 3 and 1). */
export interface ProbeN {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly failureThreshold: number;
  readonly successThreshold: number;
  readonly timeoutSeconds: number;
  readonly handler:
    | { readonly type: "httpGet"; readonly port: number | string; readonly path: string }
    | { readonly type: "tcpSocket"; readonly port: number | string }
    | { readonly type: "exec"; readonly command: readonly string[] };
}

/** A container after defaulting. */
export interface ContainerN {
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[] | undefined;
  readonly args: readonly string[] | undefined;
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly ports: readonly ContainerPortN[];
  readonly readinessProbe: ProbeN | undefined;
  /** `startupProbe`, when set: a sidecar counts as started (and the next init container may start) once it passes. */
  readonly startupProbe?: ProbeN | undefined;
  /**
   * `restartPolicy: Always` on an init container makes it a sidecar (KEP-753): it keeps running
   * beside the app containers. Unset for every other container.
   */
  readonly restartPolicy?: "Always" | undefined;
  /**
   * `FallbackToLogsOnError`: a failed container's termination message falls back to its log's
   * tail. Unset means `File` (the default): only the file at terminationMessagePath counts.
   */
  readonly terminationMessagePolicy: "FallbackToLogsOnError" | undefined;
  /** `resources` (CPU and memory quantities as written, e.g. `100m`, `70Mi`); only system Pods set it. */
  readonly resources?: ResourcesN | undefined;
}

/** A container's resource requests and limits. */
export interface ResourcesN {
  readonly requests: Labels;
  readonly limits: Labels;
}

/** A Pod's DNS settings (`spec.dnsConfig`). */
export interface DNSConfigN {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly { readonly name: string; readonly value: string | undefined }[];
}

/** A taint's effect, or a toleration's (empty in a toleration: every effect). */
export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

/** A node taint (`spec.taints[]`). */
export interface TaintN {
  readonly key: string;
  readonly value: string;
  readonly effect: TaintEffect;
}

/**
 * A Pod toleration (`spec.tolerations[]`), as the API server stores it: an empty key with
 * `Exists` tolerates every taint; an unset operator means `Equal`.
 */
export interface TolerationN {
  readonly key: string;
  readonly operator: "Equal" | "Exists" | undefined;
  readonly value: string;
  readonly effect: TaintEffect | undefined;
  readonly tolerationSeconds: number | undefined;
}

/** A Pod spec after defaulting. */
export interface PodSpecN {
  readonly containers: readonly ContainerN[];
  /** `spec.initContainers`, in order; unset when there are none. Sidecars carry `restartPolicy: Always`. */
  readonly initContainers?: readonly ContainerN[] | undefined;
  readonly nodeName: string | undefined;
  readonly restartPolicy: "Always" | "OnFailure" | "Never";
  readonly terminationGracePeriodSeconds: number;
  readonly dnsPolicy: "ClusterFirst" | "Default" | "None" | "ClusterFirstWithHostNet";
  readonly dnsConfig: DNSConfigN | undefined;
  readonly hostNetwork: boolean;
  readonly hostname: string | undefined;
  readonly subdomain: string | undefined;
  /** `spec.enableServiceLinks`: false keeps the kubelet from injecting the namespace's Service variables. Unset means true. */
  readonly enableServiceLinks?: boolean;
  /** Node labels the Pod must land on (`spec.nodeSelector`); unset when there are none. */
  readonly nodeSelector: Labels | undefined;
  /**
   * `spec.tolerations` as written; unset when there are none (the API server's default
   * tolerations are added when describing).
   */
  readonly tolerations: readonly TolerationN[] | undefined;
  /** `spec.priorityClassName`, when set. */
  readonly priorityClassName?: string | undefined;
}

/** A Pod template: labels and spec. */
export interface PodTemplateN {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly spec: PodSpecN;
}

/** A validated Namespace. */
export interface NamespaceN {
  readonly kind: "Namespace";
  readonly metadata: ObjectMetaN;
  readonly source: Readonly<Record<string, unknown>>;
}

/** A validated Pod. */
export interface PodN {
  readonly kind: "Pod";
  readonly metadata: ObjectMetaN;
  readonly spec: PodSpecN;
  readonly source: Readonly<Record<string, unknown>>;
}

/** A rolling-update budget: a count or a percentage of the replicas. */
export type IntOrPercent = number | `${number}%`;

/** A validated Deployment. */
export interface DeploymentN {
  readonly kind: "Deployment";
  readonly metadata: ObjectMetaN;
  readonly spec: {
    readonly replicas: number;
    readonly selector: LabelSelectorN;
    readonly template: PodTemplateN;
    readonly maxSurge: IntOrPercent;
    readonly maxUnavailable: IntOrPercent;
  };
  readonly source: Readonly<Record<string, unknown>>;
}

/** A validated ReplicaSet. */
export interface ReplicaSetN {
  readonly kind: "ReplicaSet";
  readonly metadata: ObjectMetaN;
  readonly spec: { readonly replicas: number; readonly selector: LabelSelectorN; readonly template: PodTemplateN };
  readonly source: Readonly<Record<string, unknown>>;
}

/** A validated DaemonSet: one Pod of its template per eligible node (no replicas). */
export interface DaemonSetN {
  readonly kind: "DaemonSet";
  readonly metadata: ObjectMetaN;
  readonly spec: {
    readonly selector: LabelSelectorN;
    readonly template: PodTemplateN;
  };
  readonly source: Readonly<Record<string, unknown>>;
}

/** A validated StatefulSet. */
export interface StatefulSetN {
  readonly kind: "StatefulSet";
  readonly metadata: ObjectMetaN;
  readonly spec: {
    readonly replicas: number;
    readonly selector: LabelSelectorN;
    readonly serviceName: string | undefined;
    readonly podManagementPolicy: "OrderedReady" | "Parallel";
    readonly template: PodTemplateN;
  };
  readonly source: Readonly<Record<string, unknown>>;
}

/** A validated Service port. */
export interface ServicePortN {
  readonly name: string | undefined;
  readonly protocol: Protocol;
  readonly port: number;
  /** A number, or the name of a container port looked up per Pod. */
  readonly targetPort: number | string;
  /** A requested nodePort (NodePort Services). */
  readonly nodePort: number | undefined;
}

/**
 * `spec.trafficDistribution`'s values in v1.35: `PreferClose` is the deprecated name of
 * `PreferSameZone` (KEP-3015).
 */
export type TrafficDistribution = "PreferClose" | "PreferSameZone" | "PreferSameNode";

/** Service types podtalk simulates. */
export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

/** A validated Service. */
export interface ServiceN {
  readonly kind: "Service";
  readonly metadata: ObjectMetaN;
  readonly spec: {
    readonly type: ServiceType;
    /** A requested ClusterIP, `"None"` for a headless Service, or undefined. */
    readonly clusterIP: string | undefined;
    /** `undefined` for a Service without a selector. */
    readonly selector: Labels | undefined;
    readonly ports: readonly ServicePortN[];
    readonly sessionAffinity: "None" | "ClientIP";
    /** `sessionAffinityConfig.clientIP.timeoutSeconds` (default 10800). */
    readonly sessionAffinityTimeout: number;
    readonly externalName: string | undefined;
    readonly publishNotReadyAddresses: boolean;
    readonly internalTrafficPolicy: "Cluster" | "Local";
    /** NodePort and LoadBalancer Services only (default Cluster); undefined otherwise. */
    readonly externalTrafficPolicy: "Cluster" | "Local" | undefined;
    /** LoadBalancer Services: whether they get nodePorts (default true). */
    readonly allocateLoadBalancerNodePorts: boolean;
    /** A requested `healthCheckNodePort` (LoadBalancer with externalTrafficPolicy Local). */
    readonly healthCheckNodePort: number | undefined;
    /** `spec.trafficDistribution`, if set: which endpoints kube-proxy should prefer. */
    readonly trafficDistribution?: TrafficDistribution | undefined;
  };
  readonly source: Readonly<Record<string, unknown>>;
}

// NetworkPolicy (networking.k8s.io/v1): which Pods a policy selects, the directions it isolates and
// its allow rules, as the API server stores them.
// https://kubernetes.io/docs/concepts/services-networking/network-policies/
/** A direction a policy may isolate. */
export type PolicyType = "Ingress" | "Egress";

/** One port of a rule: unset `port` means every port of the protocol. */
export interface NetworkPolicyPortN {
  readonly protocol: Protocol;
  /** A number, or a named container port looked up per destination Pod. */
  readonly port: number | string | undefined;
  /** The last port of a range (`port` is then a number). */
  readonly endPort: number | undefined;
}

/** An IP block peer: `cidr` minus each of `except`. */
export interface IPBlockN {
  readonly cidr: string;
  readonly except: readonly string[];
}

/**
 * A peer of a rule. An unset selector is absent (not "every"): `podSelector` alone means Pods of
 * the policy's namespace, `namespaceSelector` alone every Pod of the namespaces it selects.
 */
export interface NetworkPolicyPeerN {
  readonly podSelector: LabelSelectorN | undefined;
  readonly namespaceSelector: LabelSelectorN | undefined;
  readonly ipBlock: IPBlockN | undefined;
}

/** One allow rule: traffic matching one of `ports` (none: every port) and one of `peers` (none: anyone). */
export interface NetworkPolicyRuleN {
  readonly ports: readonly NetworkPolicyPortN[];
  readonly peers: readonly NetworkPolicyPeerN[];
}

/** A NetworkPolicy's spec after defaulting. */
export interface NetworkPolicySpecN {
  readonly podSelector: LabelSelectorN;
  readonly ingress: readonly NetworkPolicyRuleN[];
  readonly egress: readonly NetworkPolicyRuleN[];
  /** As written, or defaulted: `Ingress`, plus `Egress` when there are egress rules. */
  readonly policyTypes: readonly PolicyType[];
}

/** A validated NetworkPolicy. */
export interface NetworkPolicyN {
  readonly kind: "NetworkPolicy";
  readonly metadata: ObjectMetaN;
  readonly spec: NetworkPolicySpecN;
  readonly source: Readonly<Record<string, unknown>>;
}

/** Any validated object. */
export type ObjectN = NamespaceN | PodN | DeploymentN | ReplicaSetN | StatefulSetN | DaemonSetN | ServiceN | NetworkPolicyN;

/** A validated object plus the warnings the API server would print with it. */
export interface Validated {
  readonly object: ObjectN;
  readonly warnings: readonly string[];
}
