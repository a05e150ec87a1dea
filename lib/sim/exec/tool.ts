/**
 * The contract between `exec` and the commands it runs: each command is a `Tool` in one file under
 * `tools/`, registered by name in `exec.ts`.
 */
import type { ClusterView } from "../cluster-view.js";
import type { PodState } from "../state.js";
import type { TrafficRandom } from "../datapath/connect.js";
import type { ImageTools } from "./image-tools.js";
import type { ToolResult } from "./result.js";

/** The randomness exec draws on (endpoint picks, DNS server picks, source ports). */
export interface ExecRandom extends TrafficRandom {
  readonly dns: TrafficRandom["endpoints"];
  /** The order CoreDNS's `loadbalance` gives records, apart from every other stream. */
  readonly answers: TrafficRandom["endpoints"];
}

/** The files a shell redirection wrote in one container (they live until the container restarts). */
export interface ScratchFiles {
  read(path: string): string | undefined;
  write(path: string, text: string, append: boolean): void;
}

/** Where a command runs: the cluster, the Pod, and the random streams its packets draw on. */
export interface ExecScope {
  readonly cluster: ClusterView;
  /** The Pod whose container runs the command (it is Running and has an IP). */
  readonly pod: PodState;
  readonly random: ExecRandom;
}

/** What a command sees when it runs: its scope, its container, its input and environment. */
export interface ToolContext extends ExecScope {
  /** The container's name. */
  readonly container: string;
  /** The programs of the container's image. */
  readonly image: ImageTools;
  /** What the previous command of a pipeline printed ("" when nothing feeds the command). */
  readonly stdin: string;
  /** The command's environment: the container's variables, then the shell's exports. */
  readonly env: ReadonlyMap<string, string>;
  /** Files written by redirections in this container. */
  readonly files: ScratchFiles;
  /** Runs a script in a new shell of the same container, as `sh -c` does. */
  readonly runScript: (script: string, env: ReadonlyMap<string, string>) => ToolResult;
}

/** One command of the simulated containers (`curl`, `nslookup`, `ip`, …). */
export interface Tool {
  /** Runs the command with its arguments (the words after its name). */
  run(ctx: ToolContext, args: readonly string[]): ToolResult;
}
