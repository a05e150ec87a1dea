/**
 * `kubectl rollout status` and `kubectl rollout history`: what kubectl reads from a Deployment's
 * or StatefulSet's status while simulated time moves on, and the revisions the Deployment
 * controller wrote on its ReplicaSets.
 *
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/rollout_status.go
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/history.go
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { ROLLOUT_STATUS, revisionNotFound, statefulSetHistoryUnsupported } from "../model/rollout-messages.js";
import type { ClusterView } from "./cluster-view.js";
import type { DeploymentState, PodState, ReplicaSetState, StatefulSetState } from "./state.js";

/** One look at a rollout: kubectl's line, and whether it is finished. */
export interface RolloutCheck {
  readonly line: string;
  readonly done: boolean;
}

/** What `rollout status` printed while it watched, and how it ended. */
export interface RolloutStatusRecord {
  /** Each distinct line, with the simulated second it was first seen. */
  readonly lines: readonly { readonly at: number; readonly text: string }[];
  /** True when the rollout finished; false when the timeout or the progress deadline came first. */
  readonly done: boolean;
  /** kubectl's error when it did not finish. */
  readonly error: string | undefined;
}

const active = (p: PodState) => p.deletion === undefined && p.phase !== "Succeeded" && p.phase !== "Failed";

/** The Deployment's ReplicaSets (new one by its template hash), as its status counts them. */
function deploymentStatus(view: ClusterView, d: DeploymentState) {
  const sets = view.replicaSets(d.namespace).filter((r) => r.owner?.uid === d.uid);
  const pods = sets.flatMap((r) => view.podsOwnedBy(r.uid)).filter(active);
  const updated = pods.filter((p) => p.labels["pod-template-hash"] === d.templateHash);
  return { replicas: pods.length, updated: updated.length, available: pods.filter((p) => view.isPodReady(p)).length };
}

/** DeploymentStatusViewer.Status (minReadySeconds 0: a ready Pod is available). */
export function deploymentRolloutCheck(view: ClusterView, d: DeploymentState): RolloutCheck {
  const s = deploymentStatus(view, d);
  if (s.updated < d.replicas) return { line: ROLLOUT_STATUS.updated(d.name, s.updated, d.replicas), done: false };
  if (s.replicas > s.updated) return { line: ROLLOUT_STATUS.oldPending(d.name, s.replicas - s.updated), done: false };
  if (s.available < s.updated) return { line: ROLLOUT_STATUS.available(d.name, s.available, s.updated), done: false };
  return { line: ROLLOUT_STATUS.done(d.name), done: true };
}

/** StatefulSetStatusViewer.Status for RollingUpdate with the defaulted partition 0. */
export function statefulSetRolloutCheck(view: ClusterView, sts: StatefulSetState): RolloutCheck {
  const pods = view.podsOwnedBy(sts.uid).filter(active);
  const ready = pods.filter((p) => view.isPodReady(p)).length;
  const updated = pods.filter((p) => p.labels["controller-revision-hash"] === sts.revision).length;
  if (ready < sts.replicas) return { line: ROLLOUT_STATUS.stsReady(sts.replicas - ready), done: false };
  if (updated < sts.replicas) return { line: ROLLOUT_STATUS.stsPartitioned(updated, sts.replicas), done: false };
  return { line: ROLLOUT_STATUS.stsDone(updated), done: true };
}

/**
 * Watches a rollout as `kubectl rollout status` does: checks, lets one simulated second pass,
 * checks again, until it is done or `limit` seconds have passed. A Deployment that is still not
 * done after its progress deadline (600 s, as the API server defaults progressDeadlineSeconds)
 * ends with kubectl's deadline error; a `timeout` that comes first, with its timeout error.
 */
export function watchRollout(
  check: () => RolloutCheck,
  advance: (seconds: number) => void,
  now: () => number,
  timeout: number | undefined,
  deployment: string | undefined,
): RolloutStatusRecord {
  const DEADLINE = 600;
  const limit = timeout !== undefined && timeout > 0 ? Math.min(timeout, DEADLINE) : DEADLINE;
  const start = now();
  const lines: { at: number; text: string }[] = [];
  for (;;) {
    const c = check();
    if (lines.length === 0 || lines[lines.length - 1]!.text !== c.line) lines.push({ at: now(), text: c.line });
    if (c.done) return { lines, done: true, error: undefined };
    if (now() - start >= limit) {
      const byTimeout = timeout !== undefined && timeout > 0 && timeout <= DEADLINE;
      return { lines, done: false, error: byTimeout || deployment === undefined ? ROLLOUT_STATUS.timeout : ROLLOUT_STATUS.deadline(deployment) };
    }
    advance(1);
  }
}

/** One row of `rollout history`: a revision and its change-cause. */
export interface RevisionRow {
  readonly revision: number;
  readonly changeCause: string | undefined;
  readonly replicaSet: string;
}

/** The Deployment's revisions, oldest first (history.go's DeploymentHistoryViewer). */
export function deploymentRevisions(view: ClusterView, d: DeploymentState): RevisionRow[] {
  return view
    .replicaSets(d.namespace)
    .filter((r): r is ReplicaSetState & { revision: number } => r.owner?.uid === d.uid && r.revision !== undefined)
    .sort((a, b) => a.revision - b.revision)
    .map((r) => ({ revision: r.revision, changeCause: r.changeCause, replicaSet: r.name }));
}

/**
 * `kubectl rollout history deployment/<name>`: the name printer's `deployment.apps/<name> ` line
 * (its operation is the table, after a space) and a tabwriter table with two spaces between
 * columns (`tabbedString` in history.go). With `revision`, that revision's Pod template.
 */
export function rolloutHistoryText(view: ClusterView, d: DeploymentState, revision: number | undefined): string {
  const rows = deploymentRevisions(view, d);
  if (revision !== undefined && revision > 0) {
    const row = rows.find((r) => r.revision === revision);
    if (!row) throw new PodtalkError(ErrorCode.NotFound, revisionNotFound(revision));
    const rs = view.replicaSets(d.namespace).find((r) => r.name === row.replicaSet)!;
    return [`deployment.apps/${d.name} with revision #${revision}`, ...templateText(rs)].join("\n");
  }
  const width = Math.max("REVISION".length, ...rows.map((r) => String(r.revision).length)) + 2;
  return [
    `deployment.apps/${d.name} `,
    `${"REVISION".padEnd(width)}CHANGE-CAUSE`,
    ...rows.map((r) => `${String(r.revision).padEnd(width)}${r.changeCause ?? "<none>"}`),
  ].join("\n");
}

/** A StatefulSet's history would need ControllerRevisions: a clear refusal. */
export function statefulSetHistory(): never {
  throw new PodtalkError(ErrorCode.BadRequest, statefulSetHistoryUnsupported("history"));
}

/**
 * The `Pod Template:` part of `rollout history --revision=N` (printTemplate, which prints it as
 * describe does; its tabwriter lines the values up at column 16).
 */
function templateText(rs: ReplicaSetState): string[] {
  const t = rs.template;
  const field = (name: string, value: string) => `${name.padEnd(16)}${value}`;
  const keys = Object.keys(t.labels).sort();
  const lines = ["Pod Template:", ...keys.map((k, i) => (i === 0 ? field("  Labels:", `${k}=${t.labels[k]}`) : field("", `${k}=${t.labels[k]}`)))];
  if (rs.changeCause !== undefined) lines.push(field("  Annotations:", `kubernetes.io/change-cause: ${rs.changeCause}`));
  lines.push("  Containers:");
  for (const c of t.spec.containers) {
    const ports = c.ports.map((p) => `${p.containerPort}/${p.protocol}`);
    lines.push(`   ${c.name}:`, field("    Image:", c.image), field("    Port:", ports.length ? ports.join(", ") : "<none>"));
  }
  return lines;
}
