/**
 * What `kubeadm init` (and join) leave in a new cluster: the nodes, the system namespaces, the
 * `kubernetes` Service in front of the API server, and cluster DNS (the `kube-dns` Service and
 * the CoreDNS Deployment). The objects are written as normalized manifests and go through the
 * same API server code as a notebook's.
 *
 * @see https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
 */
import type { Labels, PodTemplateN, ServiceN } from "../../model/objects.js";
import { IPVS_DEPRECATION, KUBEADM_IMAGES } from "../../model/version.js";
import { applyDeployment } from "../apiserver/apply.js";
import type { ApiServerContext } from "../apiserver/context.js";
import { addService } from "../apiserver/services.js";
import { intToIp } from "../ip.js";
import { reconcile } from "../controllers/reconcile.js";
import type { NodeCIDRAllocator } from "../ipam/node-cidr.js";
import type { Kubelet } from "../kubelet/kubelet.js";
import { generateUID } from "../names.js";
import type { ResolvedOptions } from "../options.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import { key } from "../store/keys.js";
import { registerNode } from "./nodes.js";
import { startSystemPods } from "./system-pods.js";

/** kubeadm's namespaces. */
const SYSTEM_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];

/** What bootstrapping needs beyond the API server. */
export interface BootstrapOptions {
  readonly options: ResolvedOptions;
  readonly nodeNames: readonly string[];
  /** Run CoreDNS (the `systemPods` option). */
  readonly systemPods: boolean;
  /** Taint the control-plane node (the `controlPlaneTaint` option, resolved). */
  readonly controlPlaneTaint: boolean;
  readonly scheduler: Scheduler;
  readonly nodeCIDRs: NodeCIDRAllocator;
  readonly kubelet: Kubelet;
}

const meta = (name: string, namespace: string, labels: Labels) => ({ name, namespace, labels, annotations: {} });

/** A ClusterIP Service spec with the API server's defaults. */
function serviceSpec(over: Partial<ServiceN["spec"]>): ServiceN["spec"] {
  return {
    type: "ClusterIP",
    clusterIP: undefined,
    selector: undefined,
    ports: [],
    sessionAffinity: "None",
    sessionAffinityTimeout: 10800,
    externalName: undefined,
    publishNotReadyAddresses: false,
    internalTrafficPolicy: "Cluster",
    externalTrafficPolicy: undefined,
    allocateLoadBalancerNodePorts: true,
    healthCheckNodePort: undefined,
    ...over,
  };
}

/** CoreDNS's Pod template, as kubeadm's manifest has it. */
const COREDNS_TEMPLATE: PodTemplateN = {
  labels: { "k8s-app": "kube-dns" },
  annotations: {},
  spec: {
    containers: [
      {
        name: "coredns",
        image: KUBEADM_IMAGES.coredns,
        command: undefined,
        args: ["-conf", "/etc/coredns/Corefile"],
        env: [],
        terminationMessagePolicy: undefined,
        ports: [
          { name: "dns", containerPort: 53, protocol: "UDP", hostPort: undefined },
          { name: "dns-tcp", containerPort: 53, protocol: "TCP", hostPort: undefined },
          { name: "metrics", containerPort: 9153, protocol: "TCP", hostPort: undefined },
        ],
        readinessProbe: undefined,
        resources: { requests: { cpu: "100m", memory: "70Mi" }, limits: { memory: "170Mi" } },
      },
    ],
    nodeName: undefined,
    restartPolicy: "Always",
    terminationGracePeriodSeconds: 30,
    dnsPolicy: "Default",
    dnsConfig: undefined,
    hostNetwork: false,
    hostname: undefined,
    subdomain: undefined,
    nodeSelector: { "kubernetes.io/os": "linux" },
    tolerations: [
      { key: "CriticalAddonsOnly", operator: "Exists", value: "", effect: undefined, tolerationSeconds: undefined },
      { key: "node-role.kubernetes.io/control-plane", operator: undefined, value: "", effect: "NoSchedule", tolerationSeconds: undefined },
    ],
    priorityClassName: "system-cluster-critical",
  },
};

/** Creates the nodes and kubeadm's objects (inside the caller's transaction; the caller reconciles). */
export function bootstrap(ctx: ApiServerContext, b: BootstrapOptions): void {
  const { tx, store, events, clock } = ctx;
  const { options } = b;
  const registration = { tx, store, events, nodeCIDRs: b.nodeCIDRs, nodeNetworkBase: options.nodeNetwork.base, now: clock.now };
  b.nodeNames.forEach((name, index) => {
    const zones = options.topology;
    const node = registerNode(
      registration,
      name,
      index,
      b.controlPlaneTaint,
      zones && { region: zones.region, zone: zones.zones[index % zones.zones.length]! },
    );
    b.kubelet.addNode(node);
    events.record("default", "Normal", "RegisteredNode", `node/${name}`, `Node ${name} event: Registered Node ${name} in Controller`);
    if (options.proxyMode === "ipvs") events.record("default", "Warning", "IPVSDeprecation", `node/${name}`, IPVS_DEPRECATION, { host: name });
  });
  for (const ns of SYSTEM_NAMESPACES) {
    tx.j.set(store.namespaces, ns, { name: ns, uid: generateUID(ctx.rng.uids), creation: 0, deletion: undefined, source: undefined });
  }
  const first = store.nodes[0]!;
  // The API server's own Service: first address of the range, port https 443 -> 6443 on the
  // control plane (podtalk runs the control plane on the first node, as a kind cluster does).
  const kubernetes = addService(ctx, {
    kind: "Service",
    metadata: meta("kubernetes", "default", { component: "apiserver", provider: "kubernetes" }),
    spec: serviceSpec({
      clusterIP: intToIp(options.serviceCIDR.base + 1),
      ports: [{ name: "https", protocol: "TCP", port: 443, targetPort: 6443, nodePort: undefined }],
    }),
    source: {},
  });
  tx.j.set(store.slices, key("default", "kubernetes"), [
    {
      name: "kubernetes",
      namespace: "default",
      service: kubernetes.name,
      ports: [{ name: "https", port: 6443, protocol: "TCP" }],
      endpoints: [
        {
          ip: first.internalIP,
          ready: true,
          serving: true,
          terminating: false,
          podName: undefined,
          podUID: undefined,
          nodeName: undefined,
          hostname: undefined,
        },
      ],
      creation: 0,
    },
  ]);
  addService(ctx, {
    kind: "Service",
    metadata: meta("kube-dns", "kube-system", { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" }),
    spec: serviceSpec({
      clusterIP: intToIp(options.dnsServiceIP),
      selector: { "k8s-app": "kube-dns" },
      ports: [
        { name: "dns", protocol: "UDP", port: 53, targetPort: 53, nodePort: undefined },
        { name: "dns-tcp", protocol: "TCP", port: 53, targetPort: 53, nodePort: undefined },
        { name: "metrics", protocol: "TCP", port: 9153, targetPort: 9153, nodePort: undefined },
      ],
    }),
    source: {},
  });
  if (b.systemPods) {
    // kubeadm deploys CoreDNS before any worker joins, so its Pods start on the control plane
    // (it tolerates the control-plane taint) and get that node's first addresses.
    b.scheduler.joined = 1;
    applyDeployment(
      ctx,
      {
        kind: "Deployment",
        metadata: meta("coredns", "kube-system", { "k8s-app": "kube-dns" }),
        spec: {
          replicas: 2,
          selector: { matchLabels: { "k8s-app": "kube-dns" }, matchExpressions: [] },
          template: COREDNS_TEMPLATE,
          maxSurge: "25%",
          maxUnavailable: 1,
        },
        source: {},
      },
      false,
    );
    reconcile(ctx);
    b.scheduler.joined = Number.POSITIVE_INFINITY;
    startSystemPods(ctx, options.seed);
  }
}
