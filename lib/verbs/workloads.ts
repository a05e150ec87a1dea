/**
 * The workload verbs of `Cluster` (`scale`, `setImage`, `rollout`): their arguments checked as the
 * other methods check theirs, then handed to the engine. Kept here so that `lib/cluster.ts` stays
 * a list of thin, documented methods.
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { parseDuration } from "../model/duration.js";
import { badArgument } from "../model/messages.js";
import { RolloutStatus } from "../render/rollout-view.js";
import { Text } from "../render/text.js";
import { aNumber, aString, checkArgument, checkOptions, describeValue } from "../internal/arguments.js";
import { type Simulation, deploymentRolloutCheck, rolloutHistoryText, statefulSetHistory, statefulSetRolloutCheck, watchRollout } from "../sim/index.js";

/** Options of `rollout`. */
export interface RolloutOptions {
  /** `history` and `undo`: the revision (`--revision` / `--to-revision`); undo's default is the previous one. */
  readonly revision?: number;
  /** `status`: how long to watch (`--timeout`), e.g. `"2m"` or seconds; default: the Deployment's 600 s progress deadline. */
  readonly timeout?: string | number;
  /** @default "default" */
  readonly namespace?: string;
}

/** What `rollout` can do. */
export type RolloutAction = "status" | "history" | "undo";

const NAMESPACE = aString("default");

/** `cluster.scale(target, replicas)`. */
export function scale(sim: Simulation, target: string, replicas: number, options: unknown): Text {
  const call = "cluster.scale(target, replicas)";
  checkArgument(call, "target", target, aString("deployment/api"));
  if (typeof replicas !== "number" || Number.isNaN(replicas))
    throw new PodtalkError(ErrorCode.BadRequest, badArgument(call, "replicas", "a whole number such as 3", describeValue(replicas)));
  const o = checkOptions<{ namespace?: string }>("cluster.scale()", options, { namespace: NAMESPACE });
  return new Text(sim.scale(target, replicas, o.namespace ?? "default"));
}

/** `cluster.setImage(target, { container: image })`. */
export function setImage(sim: Simulation, target: string, images: Readonly<Record<string, string>>, options: unknown): Text {
  const call = "cluster.setImage(target, images)";
  checkArgument(call, "target", target, aString("deployment/api"));
  const valid =
    typeof images === "object" &&
    images !== null &&
    !Array.isArray(images) &&
    Object.keys(images).length > 0 &&
    Object.values(images).every((v) => typeof v === "string" && v !== "");
  if (!valid)
    throw new PodtalkError(
      ErrorCode.BadRequest,
      badArgument(call, "images", 'container names and images such as { app: "nginx:1.27" } ("*" for every container)', describeValue(images)),
    );
  const o = checkOptions<{ namespace?: string }>("cluster.setImage()", options, { namespace: NAMESPACE });
  return new Text(sim.setImage(target, images, o.namespace ?? "default"));
}

/** `cluster.rollout(action, target, options)`. */
export function rollout(sim: Simulation, action: RolloutAction, target: string, options: unknown): Text | RolloutStatus {
  const call = "cluster.rollout(action, target)";
  if (action !== "status" && action !== "history" && action !== "undo") {
    throw new PodtalkError(ErrorCode.BadRequest, badArgument(call, "action", '"status", "history" or "undo"', describeValue(action)));
  }
  checkArgument(call, "target", target, aString("deployment/api"));
  const o = checkOptions<{ namespace?: string; revision?: number; timeout?: string | number }>(`cluster.rollout()`, options, {
    namespace: NAMESPACE,
    revision: aNumber,
  });
  if (o.revision !== undefined && o.revision < 0)
    throw new PodtalkError(ErrorCode.BadRequest, badArgument(call, "options.revision", "a revision number ≥ 1", describeValue(o.revision)));
  const namespace = o.namespace ?? "default";
  if (action === "undo") return new Text(sim.rolloutUndo(target, o.revision, namespace));
  const ref = sim.workload(`rollout ${action}`, target, namespace);
  if (ref.kind === "ReplicaSet") {
    // kubectl: no status viewer / history viewer for ReplicaSets (polymorphichelpers).
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `error: no ${action === "status" ? "status" : "history"} viewer has been implemented for ReplicaSet.apps; use deployment/<name> or statefulset/<name>`,
    );
  }
  if (action === "history") {
    if (ref.kind === "StatefulSet") statefulSetHistory();
    return new Text(rolloutHistoryText(sim, ref.object, o.revision));
  }
  const timeout = timeoutSeconds(o.timeout);
  const { name } = ref.object;
  const check =
    ref.kind === "Deployment"
      ? () => deploymentRolloutCheck(sim, sim.deployment(namespace, name)!)
      : () => statefulSetRolloutCheck(sim, sim.statefulSet(namespace, name)!);
  return new RolloutStatus(
    watchRollout(
      check,
      (s) => sim.advance(s),
      () => sim.now,
      timeout,
      ref.kind === "Deployment" ? name : undefined,
    ),
  );
}

/** `--timeout` as seconds (a duration such as "90s", or a number). */
function timeoutSeconds(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === "string") return parseDuration(value);
  throw new PodtalkError(
    ErrorCode.BadRequest,
    badArgument("cluster.rollout()", "options.timeout", 'a duration such as "2m" or a number of seconds', describeValue(value)),
  );
}
