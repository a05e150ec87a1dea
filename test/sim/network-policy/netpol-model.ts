/**
 * The upstream NetworkPolicy e2e suite's model cluster in podtalk: namespaces x, y and z, each with
 * Pods a, b and c, every Pod serving TCP ports 80 and 81 and reachable through its own Service
 * `s-<ns>-<pod>`, and a prober that fills a truth table as the suite's probers do.
 *
 * As upstream's model.go builds it, a Pod has one container per port, `cont-80-tcp` and
 * `cont-81-tcp`, running agnhost's `serve-hostname` on that port, with the named container ports
 * `serve-80-tcp` and `serve-81-tcp` (the names the named-port cases use). podtalk has no process
 * model of agnhost: an image it does not know listens on its declared TCP containerPorts and ships
 * netshoot's tools (lib/sim/kubelet/images.ts, lib/sim/exec/image-tools.ts), which is what the
 * suite needs of it. Only TCP is served: podtalk's images serve UDP in CoreDNS alone.
 *
 * Namespaces carry the label `kubernetes.io/metadata.name` (which the API server sets on every
 * namespace, and which upstream's cases select by) and cyclonus's `ns: <name>`; Pods carry
 * `pod: <name>`.
 *
 * The prober follows probe.go and kubemanager.go: from the Pod's first container it connects to
 * the destination's Service ClusterIP on the port with a one-second timeout (`agnhost connect
 * --timeout=1s`; here `curl --connect-timeout 1`, as the model's image ships curl), and a probe
 * that exits 0 is a connection.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/test/e2e/network/netpol/model.go
 * @see https://github.com/kubernetes/kubernetes/blob/master/test/e2e/network/netpol/kubemanager.go
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name
 */
import type { Namespace, Pod, Service } from "kubernetes-types/core/v1";
import { Cluster } from "../../../lib/index.js";
import { NAMESPACES, POD_NAMES, PODS, type ModelNamespace, type ModelPodName, type PodString, TruthTable } from "./netpol-truth-table.js";

/** The ports every model Pod serves. */
export const MODEL_PORTS = [80, 81] as const;
export type ModelPort = (typeof MODEL_PORTS)[number];

/** The e2e suite's server image (test/utils/image/manifest.go's Agnhost). */
export const AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";

/** `cont-80-tcp`, as model.go's `Container.Name()`. */
export function containerName(port: ModelPort): string {
  return `cont-${port}-tcp`;
}

/** `serve-80-tcp`, as model.go's `Container.PortName()`. */
export function portName(port: ModelPort): string {
  return `serve-${port}-tcp`;
}

/** `s-x-a`, as model.go's `Pod.ServiceName()`. */
export function serviceName(pod: PodString): string {
  const [ns, name] = pod.split("/");
  return `s-${ns}-${name}`;
}

/** The labels a model namespace starts with. */
export function namespaceLabels(ns: string): Record<string, string> {
  return { "kubernetes.io/metadata.name": ns, ns };
}

/** The Namespace manifest of `ns`, with `labels` (the model's own by default). */
export function namespaceManifest(ns: string, labels: Record<string, string> = namespaceLabels(ns)): Namespace {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { ...labels } } };
}

/** The Pod manifest of a model Pod, with `labels` (`pod: <name>` by default). */
export function podManifest(ns: string, name: string, labels: Record<string, string> = { pod: name }): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels: { ...labels } },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: MODEL_PORTS.map((port) => ({
        name: containerName(port),
        image: AGNHOST,
        command: ["/agnhost", "serve-hostname", "--tcp", "--http=false", "--port", String(port)],
        ports: [{ containerPort: port, name: portName(port), protocol: "TCP" }],
      })),
    },
  };
}

/** The Service in front of a model Pod: one port per container, named as model.go names them. */
export function serviceManifest(ns: string, name: string): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: `s-${ns}-${name}`, namespace: ns },
    spec: {
      selector: { pod: name },
      ports: MODEL_PORTS.map((port) => ({ name: `service-port-tcp-${port}`, protocol: "TCP", port })),
    },
  };
}

/** Every manifest of the model, namespaces first. */
export function modelManifests(): (Namespace | Pod | Service)[] {
  return [
    ...NAMESPACES.map((ns) => namespaceManifest(ns)),
    ...NAMESPACES.flatMap((ns) => POD_NAMES.flatMap((p) => [podManifest(ns, p), serviceManifest(ns, p)])),
  ];
}

/** A model cluster: the cluster and the addresses the prober and IP-based policies use. */
export interface ModelCluster {
  readonly cluster: Cluster;
  /** A model Pod's IP. */
  podIP(pod: PodString): string;
  /** The ClusterIP of a model Pod's Service. */
  serviceIP(pod: PodString): string;
}

/** Options of `buildModel`. */
export interface ModelOptions {
  readonly networkPolicy?: string;
  /** Three by default: a tainted control-plane node and two workers, so that connections cross nodes. */
  readonly nodes?: number;
}

/** Builds the model on a new cluster and waits until every Pod runs. */
export function buildModel(options: ModelOptions = {}): ModelCluster {
  const cluster = new Cluster({ nodes: options.nodes ?? 3, ...(options.networkPolicy ? { networkPolicy: options.networkPolicy } : {}) });
  cluster.apply(modelManifests());
  cluster.advance("1m");
  const podIPs = new Map<PodString, string>();
  const serviceIPs = new Map<PodString, string>();
  for (const ns of NAMESPACES) {
    const pods = cluster.get("pods", { namespace: ns });
    const services = cluster.get("services", { namespace: ns });
    for (const name of POD_NAMES) {
      const pod = pods.rows.find((r) => r["NAME"] === name);
      if (pod?.["STATUS"] !== "Running") throw new Error(`model Pod ${ns}/${name} is not running: ${pod?.["STATUS"] ?? "missing"}`);
      podIPs.set(`${ns}/${name}`, pod["IP"]!);
      serviceIPs.set(`${ns}/${name}`, services.rows.find((r) => r["NAME"] === `s-${ns}-${name}`)!["CLUSTER-IP"]!);
    }
  }
  return {
    cluster,
    podIP: (pod) => podIPs.get(pod)!,
    serviceIP: (pod) => serviceIPs.get(pod)!,
  };
}

/** The probe command: a TCP connection to the destination's Service, one second at most. */
export function probeCommand(address: string, port: ModelPort): string {
  return `curl -s -o /dev/null --connect-timeout 1 http://${address}:${port}/`;
}

/** The outcome of one probe: whether it connected, and curl's exit code. */
export interface ProbeResult {
  readonly connected: boolean;
  readonly exitCode: number;
}

/** Probes `from` → `to` on `port` (TCP) as the suite's prober does. */
export function probe(model: ModelCluster, from: PodString, to: PodString, port: ModelPort): ProbeResult {
  const [ns, name] = from.split("/") as [ModelNamespace, ModelPodName];
  const trace = model.cluster.exec(name, probeCommand(model.serviceIP(to), port), { namespace: ns, container: containerName(MODEL_PORTS[0]) });
  return { connected: trace.exitCode === 0, exitCode: trace.exitCode };
}

/** The observed truth table on `port`: every Pod probes every Pod, itself included. */
export function probeMatrix(model: ModelCluster, port: ModelPort): TruthTable {
  return new TruthTable(PODS.flatMap((from) => PODS.map((to) => probe(model, from, to, port).connected)));
}
