/**
 * What a command run by `exec` produces, and the two shapes most tools return: success with output,
 * or failure with a message on stderr.
 */
import type { Hop, Outcome, ServedBy } from "../datapath/hops.js";

/** A command's streams and exit code, the outcome a Trace reports, and every hop its packets took. */
export interface ToolResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outcome: Outcome;
  /** The Pod and container that answered, for commands that reached a server. */
  readonly servedBy?: ServedBy;
  readonly hops: readonly Hop[];
}

/** Options of `ok`. */
export interface OkOptions {
  /** @default [] */
  readonly hops?: readonly Hop[];
  /** @default "" */
  readonly stderr?: string;
  /** Left out when undefined. */
  readonly servedBy?: ServedBy | undefined;
}

/** Exit code 0 with `stdout`, outcome `ok`. */
export function ok(stdout: string, options: OkOptions = {}): ToolResult {
  return {
    exitCode: 0,
    stdout,
    stderr: options.stderr ?? "",
    outcome: "ok",
    ...(options.servedBy ? { servedBy: options.servedBy } : {}),
    hops: options.hops ?? [],
  };
}

/** Options of `fail`. */
export interface FailOptions {
  /** @default [] */
  readonly hops?: readonly Hop[];
  /** @default 1 */
  readonly exitCode?: number;
  /** What the command printed before it failed. @default "" */
  readonly stdout?: string;
}

/** A failed command: `stderr` explains, `outcome` says what the network did (or `error`). */
export function fail(stderr: string, outcome: Outcome, options: FailOptions = {}): ToolResult {
  return { exitCode: options.exitCode ?? 1, stdout: options.stdout ?? "", stderr, outcome, hops: options.hops ?? [] };
}
