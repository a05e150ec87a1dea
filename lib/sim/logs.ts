/**
 * `kubectl logs`: which run of which container a request reads, and the lines it gets, with the
 * kubelet's and kubectl's refusals worded as they word them.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kubelet_pods.go (validateContainerLogStatus)
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/logsforobject.go
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import type { ClusterView } from "./cluster-view.js";
import { KUBEADM_IMAGES } from "../model/version.js";
import { type ContainerRun, containerLogLines } from "./kubelet/container-logs.js";
import { kubeProxyLogLines } from "./kube-proxy/startup-log.js";
import type { PodState } from "./state.js";

/** Options of `kubectl logs`. */
export interface LogsOptions {
  /** `-c`: the container; kubectl defaults to the first (and says so on stderr when there are more). */
  readonly container?: string;
  /** `--previous`: the run before the current one. @default false */
  readonly previous?: boolean;
  /** `--tail`: only the last N lines (-1: all). @default -1 */
  readonly tail?: number;
  /** @default "default" */
  readonly namespace?: string;
}

/** What `kubectl logs` prints: the lines (stdout) and kubectl's note on stderr, if any. */
export interface LogsResult {
  readonly pod: string;
  readonly container: string;
  readonly lines: readonly string[];
  /** `Defaulted container "first" out of: first, second` when no container was named. */
  readonly notice: string | undefined;
}

/** The log lines of one container of `pod` as `kubectl logs` returns them. */
export function podLogs(view: ClusterView, pod: PodState, options: LogsOptions = {}): LogsResult {
  const tail = options.tail ?? -1;
  if (!Number.isInteger(tail) || tail < -1) throw new PodtalkError(ErrorCode.BadRequest, "error: --tail must be greater than or equal to -1");
  let notice: string | undefined;
  let index = 0;
  if (options.container === undefined) {
    // logsforobject.go: default to the first container, telling stderr when there was a choice.
    if (pod.containers.length > 1) notice = `Defaulted container "${pod.containers[0]!.name}" out of: ${pod.containers.map((c) => c.name).join(", ")}`;
  } else {
    index = pod.containers.findIndex((c) => c.name === options.container);
    if (index < 0) throw new PodtalkError(ErrorCode.BadRequest, `error: container ${options.container} is not valid for pod ${pod.name}`);
  }
  const c = pod.containers[index]!;
  const refuse = (text: string) => new PodtalkError(ErrorCode.BadRequest, `Error from server (BadRequest): ${text}`);
  let run: ContainerRun;
  if (options.previous) {
    const last = c.lastState;
    if (!last) throw refuse(`previous terminated container "${c.name}" in pod "${pod.name}" not found`);
    run = { startedAt: last.startedAt, until: last.finishedAt, bindFailure: last.bindFailure };
  } else if (c.state === "Running") {
    run = { startedAt: c.startedAt ?? view.now, until: view.now, bindFailure: c.bindFailure };
  } else if (c.state === "Terminated") {
    run = { startedAt: c.startedAt ?? view.now, until: c.finishedAt ?? view.now, bindFailure: c.bindFailure };
  } else if (c.lastState) {
    // Waiting in CrashLoopBackOff: the kubelet serves the run that just ended.
    const last = c.lastState;
    run = { startedAt: last.startedAt, until: last.finishedAt, bindFailure: last.bindFailure };
  } else {
    throw refuse(`container "${c.name}" in pod "${pod.name}" is waiting to start: ${c.reason ?? "ContainerCreating"}`);
  }
  // kubeadm's kube-proxy logs the proxier it chose, which depends on the cluster's proxy mode.
  const isKubeProxy = pod.namespace === "kube-system" && pod.spec.containers[index]?.image === KUBEADM_IMAGES.kubeProxy;
  const lines = isKubeProxy ? kubeProxyLogLines(view.options.proxyMode, run.startedAt, run.until) : containerLogLines(view.app(pod, index).log, run);
  return { pod: pod.name, container: c.name, lines: tail === -1 ? lines : lines.slice(lines.length - tail), notice };
}
