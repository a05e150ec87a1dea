/**
 * The contract between `exec` and the commands it runs: each command is a `Tool` in one file under
 * `tools/`, registered by name in `exec.ts`.
 */
import type { ClusterView } from "../cluster-view.js";
import type { PodState } from "../state.js";
import type { TrafficRandom } from "../datapath/connect.js";
import type { ToolResult } from "./result.js";

/** The randomness exec draws on (endpoint picks, DNS server picks, source ports). */
export interface ExecRandom extends TrafficRandom {
  readonly dns: TrafficRandom["endpoints"];
  /** The order CoreDNS's `loadbalance` gives records, apart from every other stream. */
  readonly answers: TrafficRandom["endpoints"];
}

/** Where a command runs: the cluster, the Pod, and the random streams its packets draw on. */
export interface ExecScope {
  readonly cluster: ClusterView;
  /** The Pod whose container runs the command (it is Running and has an IP). */
  readonly pod: PodState;
  readonly random: ExecRandom;
}

/** What a command sees when it runs: its scope, and a way to run another command (for `sh -c`). */
export interface ToolContext extends ExecScope {
  /** Runs another command's words in the same container, as `sh -c` does. */
  readonly run: (argv: readonly string[]) => ToolResult;
}

/** One command of the simulated containers (`curl`, `nslookup`, `ip`, …). */
export interface Tool {
  /** Runs the command with its arguments (the words after its name). */
  run(ctx: ToolContext, args: readonly string[]): ToolResult;
}
