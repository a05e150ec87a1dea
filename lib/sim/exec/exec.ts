/**
 * `kubectl exec`: runs a command line inside a container of a simulated Pod and returns a
 * TraceRecord with the tool's real output and exit code and, for network tools, every hop.
 *
 * Each command is a `Tool` in its own file under `tools/`; adding one means writing that file and
 * adding one line to `TOOLS`.
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import type { ClusterView } from "../cluster-view.js";
import type { PodState } from "../state.js";
import type { TraceRecord } from "../datapath/hops.js";
import { EXEC, SHELL } from "./messages.js";
import { containerEnv } from "./env.js";
import { ScratchStore } from "./files.js";
import { type ImageTools, imageTools, programName } from "./image-tools.js";
import { isNotSimulated, Shell } from "./interpreter.js";
import { fail, ok, type ToolResult } from "./result.js";
import { parseScript, plainCommand } from "./shell.js";
import type { ExecRandom, Tool } from "./tool.js";
import { cat } from "./tools/cat.js";
import { curl } from "./tools/curl.js";
import { dig } from "./tools/dig.js";
import { echo } from "./tools/echo.js";
import { host } from "./tools/host.js";
import { hostname } from "./tools/hostname.js";
import { ip } from "./tools/ip.js";
import { nc } from "./tools/nc.js";
import { nft } from "./tools/nft.js";
import { nslookup } from "./tools/nslookup.js";
import { ping } from "./tools/ping.js";
import { sh } from "./tools/sh.js";
import { wget } from "./tools/wget.js";
import { env, printenv } from "./tools/env.js";
import { getent } from "./tools/getent.js";
import { grep } from "./tools/grep.js";
import { awk, cut, head, sort, tail, tr, wc } from "./tools/text.js";
import { allContainers } from "../pod-containers.js";
import { iptablesSave, ipvsadm } from "./tools/kube-proxy-rules.js";

export type { ExecRandom } from "./tool.js";
export { ScratchStore } from "./files.js";

/** Options of `exec`. */
export interface ExecOptions {
  /** The container to run in; required only for Pods with several containers. */
  readonly container?: string;
  /** @default "default" */
  readonly namespace?: string;
}

/** The commands the simulated containers have, by name. */
const TOOLS: Readonly<Record<string, Tool>> = {
  awk,
  bash: sh,
  cat,
  cut,
  env,
  getent,
  grep,
  head,
  printenv,
  sort,
  tail,
  tr,
  wc,
  curl,
  dig,
  echo,
  host,
  hostname,
  ip,
  "iptables-save": iptablesSave,
  ipvsadm,
  nc,
  nft,
  nslookup,
  ping,
  sh,
  wget,
};

/**
 * Runs `command` in a container of `pod`. A line that is one plain command runs as
 * `kubectl exec pod -- cmd args` does (a program the image lacks fails in runc, exit 126); any
 * other line runs in the image's shell, as `kubectl exec pod -- sh -c 'line'` would.
 *
 * @example execIn(sim, pod, "curl -s http://my-api:8080/", {}, random)
 */
export function execIn(
  sim: ClusterView,
  pod: PodState,
  command: string,
  options: ExecOptions,
  random: ExecRandom,
  scratch: ScratchStore = new ScratchStore(),
): TraceRecord {
  const container = chooseContainer(pod, options.container);
  const state = allContainers(pod).find((c) => c.name === container)!;
  if (pod.podIP === undefined || pod.nodeName === undefined || state.state !== "Running") {
    const why = pod.nodeName === undefined ? EXEC.podPending : EXEC.containerState(container, state.state, state.reason);
    throw new PodtalkError(ErrorCode.BadRequest, EXEC.notRunning(container, why));
  }
  return runIn(sim, pod, container, imageTools(state.image), command, random, scratch, true);
}

/**
 * Runs `command` as `container` of `pod` with `image`'s programs. With `runc`, a line that is
 * one plain command is exec'd directly (a missing program is runc's error, exit 126); otherwise
 * (and always on a node, where a shell runs the line) the image's shell runs it.
 */
export function runIn(
  sim: ClusterView,
  pod: PodState,
  container: string,
  image: ImageTools,
  command: string,
  random: ExecRandom,
  scratch: ScratchStore,
  runc: boolean,
  env: () => ReadonlyMap<string, string> = () => containerEnv(sim, pod, container),
): TraceRecord {
  const script = parseScript(command);
  const files = scratch.of(pod, container);
  const base = {
    cluster: sim,
    pod,
    random,
    container,
    image,
    files,
    runScript: (text: string, e: ReadonlyMap<string, string>): ToolResult => new Shell(base, () => e, TOOLS).run(parseScript(text)),
  };
  const plain = plainCommand(script);
  const direct = plain?.[0];
  let result: ToolResult;
  if (plain !== undefined && plain.length === 0) result = ok("");
  else if (image.shell === undefined || (runc && direct !== undefined && !runsDirectly(image, direct))) {
    // runc looks the program up on $PATH; a line that needs a shell needs `sh`.
    result = fail(SHELL.execNotFound(direct ?? "sh"), "error", { exitCode: 126 });
  } else result = new Shell(base, env, TOOLS).run(script);
  return {
    command,
    pod: pod.name,
    namespace: pod.namespace,
    container,
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    outcome: result.outcome,
    servedBy: result.servedBy,
    hops: result.hops,
  };
}

/** Whether runc finds `word` in the image (programs podtalk does not run are left to the shell, which says so). */
function runsDirectly(image: ImageTools, word: string): boolean {
  const program = programName(word);
  return program !== undefined && (image.programs.has(program) || isNotSimulated(program));
}

/** kubectl runs in the first container unless told otherwise; a name the Pod lacks is an error. */
function chooseContainer(pod: PodState, wanted: string | undefined): string {
  // Init containers too: a sidecar runs beside the app containers and takes `-c`.
  const names = allContainers(pod).map((c) => c.name);
  // kubectl picks the first container (and says so) when a Pod has several.
  if (wanted === undefined) return names[0]!;
  if (!names.includes(wanted)) throw new PodtalkError(ErrorCode.BadRequest, EXEC.noSuchContainer(wanted, pod.name, names));
  return wanted;
}
