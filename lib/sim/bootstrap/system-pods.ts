/**
 * The system Pods of a kubeadm + flannel cluster besides CoreDNS: the control plane's static Pods
 * on the first node (`etcd-<node>`, `kube-apiserver-<node>`, `kube-controller-manager-<node>`,
 * `kube-scheduler-<node>`), and one Pod per node of the `kube-proxy` DaemonSet (kube-system) and
 * the `kube-flannel-ds` DaemonSet (namespace kube-flannel). All use the node's network
 * (hostNetwork), so their IP is the node's and they take no Pod address.
 *
 * The DaemonSets are objects (`get ds -A` lists them) and their controller (controllers/daemonset.ts)
 * makes the Pods, here and whenever one is deleted.
 *
 * @see https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
 * @see https://github.com/flannel-io/flannel/blob/master/Documentation/kube-flannel.yml
 */
import type { ContainerN, Labels, PodSpecN, TolerationN } from "../../model/objects.js";
import { FLANNEL_IMAGE, KUBEADM_IMAGES } from "../../model/version.js";
import type { ApiServerContext } from "../apiserver/context.js";
import { generateUID } from "../names.js";
import { Rng } from "../rng.js";
import type { DaemonSetState, OwnerRef } from "../state.js";
import { createDaemonPod, shouldRunOn } from "../controllers/daemonset.js";
import { key } from "../store/keys.js";

/** The namespace kube-flannel.yml creates. */
export const FLANNEL_NAMESPACE = "kube-flannel";

/** Whether a namespace holds only the cluster's own Pods (pictures and diffs leave them out). */
export function isSystemNamespace(ns: string): boolean {
  return ns === "kube-system" || ns === FLANNEL_NAMESPACE;
}

const container = (name: string, image: string, command: string[], args?: string[]): ContainerN => ({
  name,
  image,
  command,
  args,
  env: [],
  ports: [],
  readinessProbe: undefined,
  terminationMessagePolicy: undefined,
});

const toleration = (over: Partial<TolerationN>): TolerationN => ({
  key: "",
  operator: "Exists",
  value: "",
  effect: undefined,
  tolerationSeconds: undefined,
  ...over,
});

function hostSpec(nodeName: string, c: ContainerN, extra: Partial<PodSpecN>): PodSpecN {
  return {
    containers: [c],
    nodeName,
    restartPolicy: "Always",
    terminationGracePeriodSeconds: 30,
    dnsPolicy: "ClusterFirst",
    dnsConfig: undefined,
    hostNetwork: true,
    hostname: undefined,
    subdomain: undefined,
    nodeSelector: undefined,
    tolerations: undefined,
    priorityClassName: "system-node-critical",
    ...extra,
  };
}

/** The four static Pods kubeadm writes to /etc/kubernetes/manifests on the control plane. */
const STATIC_PODS: readonly { component: string; image: string }[] = [
  { component: "etcd", image: KUBEADM_IMAGES.etcd },
  { component: "kube-apiserver", image: KUBEADM_IMAGES.kubeApiserver },
  { component: "kube-controller-manager", image: KUBEADM_IMAGES.kubeControllerManager },
  { component: "kube-scheduler", image: KUBEADM_IMAGES.kubeScheduler },
];

/** Creates kube-flannel's namespace and the system Pods (inside bootstrap's transaction). */
export function startSystemPods(ctx: ApiServerContext, seed: number): void {
  const { tx, store, pods } = ctx;
  // Names and UIDs come from their own stream, so the Pods a notebook creates keep theirs.
  const rng = new Rng(seed, "system-pods");
  tx.j.set(store.namespaces, FLANNEL_NAMESPACE, { name: FLANNEL_NAMESPACE, uid: generateUID(rng), creation: 0, deletion: undefined, source: undefined });
  const first = store.nodes[0]!;
  const mirrorOf: OwnerRef = { kind: "Node", name: first.name, uid: generateUID(rng) };
  for (const s of STATIC_PODS) {
    const labels: Labels = { component: s.component, tier: "control-plane" };
    const spec = hostSpec(first.name, container(s.component, s.image, [s.component]), { tolerations: [toleration({ effect: "NoExecute" })] });
    pods.createPod(`${s.component}-${first.name}`, "kube-system", labels, {}, spec, mirrorOf, undefined, undefined, generateUID(rng));
  }
  const proxy = daemonSet(
    "kube-proxy",
    "kube-system",
    generateUID(rng),
    { "k8s-app": "kube-proxy" },
    {
      ...hostSpec(
        "",
        container("kube-proxy", KUBEADM_IMAGES.kubeProxy, [
          "/usr/local/bin/kube-proxy",
          "--config=/var/lib/kube-proxy/config.conf",
          "--hostname-override=$(NODE_NAME)",
        ]),
        { nodeSelector: { "kubernetes.io/os": "linux" }, tolerations: [toleration({})] },
      ),
      nodeName: undefined,
    },
  );
  const flannel = daemonSet(
    "kube-flannel-ds",
    FLANNEL_NAMESPACE,
    generateUID(rng),
    { app: "flannel", "k8s-app": "flannel", tier: "node" },
    {
      ...hostSpec("", container("kube-flannel", FLANNEL_IMAGE, ["/opt/bin/flanneld"], ["--ip-masq", "--kube-subnet-mgr"]), {
        tolerations: [toleration({ effect: "NoSchedule" })],
      }),
      nodeName: undefined,
    },
    { app: "flannel", "k8s-app": "flannel" },
  );
  for (const ds of [proxy, flannel]) tx.j.set(store.daemonSets, key(ds.namespace, ds.name), ds);
  for (const node of store.nodes) {
    for (const ds of [proxy, flannel]) if (shouldRunOn(ds, node)) createDaemonPod(pods, ds, node, rng, rng);
  }
}

/** A DaemonSet of the cluster's own (kube-proxy.yaml of kubeadm, kube-flannel.yml), selecting its template's labels. */
function daemonSet(name: string, namespace: string, uid: string, labels: Labels, spec: PodSpecN, matchLabels: Labels = labels): DaemonSetState {
  return {
    uid,
    name,
    namespace,
    labels,
    selector: { matchLabels, matchExpressions: [] },
    template: { labels, annotations: {}, spec },
    creation: 0,
    source: undefined,
  };
}
