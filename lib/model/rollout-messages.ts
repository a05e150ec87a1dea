/**
 * What kubectl prints for `scale`, `set image` and `rollout status|history|undo`, worded as
 * kubectl's own sources word it (cited per message), plus podtalk's hints where a learner needs one.
 */

/** `deployment.apps/api scaled` (k8s.io/kubectl pkg/cmd/scale/scale.go, the name printer's operation). */
export const scaledLine = (resource: string, name: string): string => `${resource}/${name} scaled`;

/** `deployment.apps/api image updated` (pkg/cmd/set/set_image.go). */
export const imageUpdatedLine = (resource: string, name: string): string => `${resource}/${name} image updated`;

/** `deployment.apps/api rolled back` (pkg/cmd/rollout/rollout_undo.go, pkg/polymorphichelpers/rollback.go). */
export const rolledBackLine = (resource: string, name: string): string => `${resource}/${name} rolled back`;

/** rollback.go: undo to the template the Deployment already runs. */
export const rollbackSkippedLine = (resource: string, name: string, revision: number): string =>
  `${resource}/${name} skipped rollback (current template already matches revision ${revision})`;

/** scale.go's Validate. */
export const negativeReplicas = (): string => "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0";

/** set_image.go: a container name the Pod template lacks. */
export const containerNotInTemplate = (container: string, known: readonly string[]): string =>
  `error: unable to find container named "${container}"; the Pod template's containers are ${known.map((c) => `"${c}"`).join(", ")}`;

/** rollback.go's revisionNotFoundErr. */
export const revisionNotFound = (revision: number): string => `error: unable to find specified revision ${revision} in history`;

/** rollback.go: `undo` with nothing to go back to. */
export const noRolloutHistory = (name: string): string => `error: no rollout history found for deployment "${name}"`;

/** A target podtalk's verb cannot take, with the forms it does. */
export const badWorkloadTarget = (verb: string, target: string, forms: string): string =>
  `error: the server doesn't have a resource type "${target.includes("/") ? target.slice(0, target.indexOf("/")) : target}"; ${verb} takes ${forms}, e.g. "deployment/api"`;

/** StatefulSets keep their history in ControllerRevisions, which podtalk does not model. */
export const statefulSetHistoryUnsupported = (verb: string): string =>
  `error: podtalk models rollout ${verb} for Deployments only: a StatefulSet's revisions live in ControllerRevisions, which podtalk does not keep; use cluster.get("pods") to follow its Pods`;

/**
 * rollout_status.go (polymorphichelpers): the lines `kubectl rollout status` prints while it
 * watches a Deployment, and when it is done.
 */
export const ROLLOUT_STATUS = {
  updated: (name: string, updated: number, replicas: number) =>
    `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`,
  oldPending: (name: string, old: number) => `Waiting for deployment "${name}" rollout to finish: ${old} old replicas are pending termination...`,
  available: (name: string, available: number, updated: number) =>
    `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`,
  done: (name: string) => `deployment "${name}" successfully rolled out`,
  /** The Progressing condition's TimedOutReason after progressDeadlineSeconds (600 by default). */
  deadline: (name: string) => `error: deployment "${name}" exceeded its progress deadline`,
  /** rollout_status.go: `--timeout` ran out first (wait.ErrWaitTimeout). */
  timeout: "error: timed out waiting for the condition",
  stsReady: (waiting: number) => `Waiting for ${waiting} pods to be ready...`,
  /** The API server defaults a RollingUpdate StatefulSet's partition to 0, so kubectl takes its partitioned branch. */
  stsPartitioned: (updated: number, target: number) => `Waiting for partitioned roll out to finish: ${updated} out of ${target} new pods have been updated...`,
  stsDone: (updated: number) => `partitioned roll out complete: ${updated} new pods have been updated...`,
} as const;
