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
import { fail, ok, type ToolResult } from "./result.js";
import { parseCommand } from "./shell.js";
import type { ExecRandom, Tool, ToolContext } from "./tool.js";
import { cat } from "./tools/cat.js";
import { curl } from "./tools/curl.js";
import { dig } from "./tools/dig.js";
import { echo } from "./tools/echo.js";
import { host } from "./tools/host.js";
import { hostname } from "./tools/hostname.js";
import { ip } from "./tools/ip.js";
import { nc } from "./tools/nc.js";
import { nslookup } from "./tools/nslookup.js";
import { ping } from "./tools/ping.js";
import { sh } from "./tools/sh.js";
import { wget } from "./tools/wget.js";

export type { ExecRandom } from "./tool.js";

/** Options of `exec`. */
export interface ExecOptions {
  /** The container to run in; required only for Pods with several containers. */
  readonly container?: string;
  /** @default "default" */
  readonly namespace?: string;
}

/** The commands the simulated containers have, by name. */
const TOOLS: Readonly<Record<string, Tool>> = {
  cat,
  curl,
  dig,
  echo,
  host,
  hostname,
  ip,
  nc,
  nslookup,
  ping,
  sh,
  wget,
};

/**
 * Runs `command` in a container of `pod`.
 *
 * @example execIn(sim, pod, "curl -s http://my-api:8080/", {}, random)
 */
export function execIn(sim: ClusterView, pod: PodState, command: string, options: ExecOptions, random: ExecRandom): TraceRecord {
  const container = chooseContainer(pod, options.container);
  const state = pod.containers.find((c) => c.name === container)!;
  if (pod.podIP === undefined || pod.nodeName === undefined || state.state !== "Running") {
    const why = pod.nodeName === undefined ? EXEC.podPending : EXEC.containerState(container, state.state, state.reason);
    throw new PodtalkError(ErrorCode.BadRequest, EXEC.notRunning(container, why));
  }
  const argv = parseCommand(command).argv;
  const ctx: ToolContext = { cluster: sim, pod, random, run: (words) => runArgv(ctx, words) };
  const result = runArgv(ctx, argv);
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

/** kubectl runs in the first container unless told otherwise; a name the Pod lacks is an error. */
function chooseContainer(pod: PodState, wanted: string | undefined): string {
  const names = pod.containers.map((c) => c.name);
  // kubectl picks the first container (and says so) when a Pod has several.
  if (wanted === undefined) return names[0]!;
  if (!names.includes(wanted)) throw new PodtalkError(ErrorCode.BadRequest, EXEC.noSuchContainer(wanted, pod.name, names));
  return wanted;
}

/** Looks the command up in `TOOLS` and runs it; an empty line does nothing, as in sh. */
function runArgv(ctx: ToolContext, argv: readonly string[]): ToolResult {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return ok("");
  const tool = Object.hasOwn(TOOLS, cmd) ? TOOLS[cmd] : undefined;
  if (!tool) return fail(SHELL.notFound(cmd), "error", { exitCode: 127 });
  return tool.run(ctx, args);
}
