/**
 * `cluster.load()` over simulated time (`every`, `for`): its options checked, then the engine's
 * run with the clock moving between batches. Without `every`/`for`, `Cluster.load` keeps its
 * instantaneous spread (`runLoad`) unchanged.
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { parseDuration } from "../model/duration.js";
import { badArgument } from "../model/messages.js";
import { LoadOverTime } from "../render/load-over-time-view.js";
import { describeValue } from "../internal/arguments.js";
import { type Simulation, runLoadOverTime } from "../sim/index.js";

/** Options of `load`: `requests` and `namespace` as always; `every` and `for` spread them over simulated time. */
export interface LoadOptions {
  /** How many requests in all (default 100; over time: 10 per interval). */
  readonly requests?: number;
  /** @default "default" */
  readonly namespace?: string;
  /** The time between batches, e.g. `"1s"` (or seconds). Needs `for`. */
  readonly every?: string | number;
  /** How long the load runs, e.g. `"40s"` (or seconds). Needs `every`. */
  readonly for?: string | number;
}

/** A duration option as seconds. */
function durationOption(field: string, value: unknown, example: string): number {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  if (typeof value === "string") {
    const s = parseDuration(value);
    if (s > 0) return s;
  }
  throw new PodtalkError(
    ErrorCode.BadRequest,
    badArgument("cluster.load()", `options.${field}`, `a duration above 0 such as "${example}" or a number of seconds`, describeValue(value)),
  );
}

/** True when `options` asks for load over time. */
export function overTime(options: LoadOptions | undefined): boolean {
  return options !== undefined && options !== null && typeof options === "object" && (options.every !== undefined || options.for !== undefined);
}

/** Load over time from the Pod `from` names (re-resolved each batch: `deploy/x` follows its rollout). */
export function loadOverTime(sim: Simulation, from: string, url: string, options: LoadOptions): LoadOverTime {
  if (options.every === undefined || options.for === undefined) {
    const missing = options.every === undefined ? "every" : "for";
    const example = missing === "every" ? "1s" : "40s";
    throw new PodtalkError(
      ErrorCode.BadRequest,
      badArgument(
        "cluster.load()",
        `options.${missing}`,
        `a duration such as "${example}" (load over time needs both: { every: "1s", for: "40s" })`,
        describeValue(options[missing]),
      ),
    );
  }
  const every = durationOption("every", options.every, "1s");
  const duration = durationOption("for", options.for, "40s");
  const namespace = options.namespace ?? "default";
  const batches = Math.floor(duration / every);
  // A bad `from` fails here, before the clock moves; later, a client that is gone fails its batches.
  sim.resolvePodTarget(from, namespace);
  const client = () => {
    try {
      const pod = sim.resolvePodTarget(from, namespace);
      return pod.phase === "Running" ? pod : undefined;
    } catch (e) {
      if (e instanceof PodtalkError) return undefined;
      throw e;
    }
  };
  const record = runLoadOverTime(
    {
      view: sim,
      random: sim.traffic,
      client,
      advance: (s) => sim.advance(s),
    },
    url,
    every,
    duration,
    options.requests ?? 10 * Math.max(1, batches),
  );
  return new LoadOverTime(record);
}
