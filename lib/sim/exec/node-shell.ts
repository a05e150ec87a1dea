/**
 * `exec("node/node-1", …)`: a root shell on the node itself, as `ssh node-1` gives one. It runs in
 * the node's network namespace (its own address as source, its routes, kube-proxy's rules; no Pod
 * veth), with the tools a kubeadm node has: iproute2's `ip`, curl, ping, and nft,
 * `iptables-save` and `ipvsadm` to read kube-proxy's rules. The line runs in `/bin/sh`, which on
 * the Debian and Ubuntu hosts kubeadm's guide installs on is dash; a program the node lacks (dig,
 * nslookup, wget: tools of Pod images) gets dash's `not found`.
 *
 * A node shell is modelled as a hostNetwork client on that node, which is what every datapath
 * decision sees of a root process there.
 *
 * @see https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/install-kubeadm/
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import { nodeNotFound } from "../../model/messages.js";
import type { ClusterView } from "../cluster-view.js";
import type { TraceRecord } from "../datapath/hops.js";
import type { PodState } from "../state.js";
import { runIn } from "./exec.js";
import type { ScratchStore } from "./files.js";
import type { ImageTools } from "./image-tools.js";
import type { ExecRandom } from "./tool.js";

/** The programs of a kubeadm node podtalk runs (coreutils and friends, iproute2, curl, iputils, nftables, iptables, ipvsadm). */
const NODE_PROGRAMS = [
  ...["sh", "bash", "cat", "echo", "env", "printenv", "hostname", "head", "tail", "grep", "wc", "cut", "awk", "sort", "tr", "true", "false", "getent"],
  ...["ip", "curl", "ping", "nft", "iptables-save", "ipvsadm"],
];

/** A kubeadm node's shell and tools (Debian/Ubuntu: dash as /bin/sh, iproute2, iputils' ping, curl 7.88.1 as in Debian bookworm). */
export const NODE_TOOLS: ImageTools = {
  shell: "dash",
  programs: new Set(NODE_PROGRAMS),
  ipStyle: "iproute2",
  curlVersion: "7.88.1",
  pingStyle: "iputils",
};

/** The environment of a root shell on a node. */
const NODE_ENV: ReadonlyMap<string, string> = new Map([
  ["HOME", "/root"],
  ["LOGNAME", "root"],
  ["PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
  ["PWD", "/root"],
  ["SHELL", "/bin/bash"],
  ["USER", "root"],
]);

/** The node's root shell as the datapath sees a client: host network, the node's address. */
export function nodeShellPod(view: ClusterView, nodeName: string): PodState {
  const node = view.node(nodeName);
  if (!node) {
    throw new PodtalkError(
      ErrorCode.NotFound,
      nodeNotFound(
        nodeName,
        view.nodes().map((n) => n.name),
      ),
    );
  }
  const container = {
    name: "shell",
    image: "node",
    ports: [],
    state: "Running" as const,
    reason: undefined,
    message: undefined,
    exitCode: undefined,
    startedAt: node.creation,
    finishedAt: undefined,
    ready: true,
    restartCount: 0,
    lastState: undefined,
    backoffSeconds: 0,
    forcedUnready: false,
  };
  return {
    uid: `node/${node.name}`,
    name: node.name,
    namespace: "",
    labels: {},
    annotations: {},
    owner: undefined,
    nodeName: node.name,
    podIP: node.internalIP,
    hostIP: node.internalIP,
    phase: "Running",
    creation: node.creation,
    deletion: undefined,
    spec: {
      containers: [
        {
          name: "shell",
          image: "node",
          command: undefined,
          args: undefined,
          env: [],
          ports: [],
          readinessProbe: undefined,
          terminationMessagePolicy: undefined,
        },
      ],
      nodeName: node.name,
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 0,
      dnsPolicy: "Default",
      dnsConfig: undefined,
      hostNetwork: true,
      hostname: undefined,
      subdomain: undefined,
      nodeSelector: undefined,
      tolerations: undefined,
    },
    containers: [container],
    veth: undefined,
    unschedulable: undefined,
  };
}

/** Runs `command` in node `nodeName`'s root shell. */
export function execOnNode(
  view: ClusterView,
  nodeName: string,
  command: string,
  options: { readonly container?: string },
  random: ExecRandom,
  scratch: ScratchStore,
): TraceRecord {
  const pod = nodeShellPod(view, nodeName);
  if (options.container !== undefined) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `a node has no containers: leave out { container: "${options.container}" } to run in node/${nodeName}'s own shell`,
    );
  }
  const record = runIn(view, pod, "shell", NODE_TOOLS, command, random, scratch, false, () => NODE_ENV);
  return { ...record, pod: `node/${nodeName}`, namespace: "default", node: nodeName };
}
