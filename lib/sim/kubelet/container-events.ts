/**
 * The kubelet's event texts for starting a container, as Kubernetes v1.35 words them (the
 * version lives in lib/model/version.ts; docs/fidelity.md, "Kubernetes version" lists what changed).
 *
 * - `Pulled` for an image already on the node: v1.35's image manager (ensure-secret-pulled-images,
 *   KEP-2535) also says the Pod may use it:
 *   `Container image "nginx" already present on machine and can be accessed by the pod`.
 * - `Created` / `Started`: `Container created` and `Container started`. Kubernetes v1.33 and
 *   v1.34 said `Created container: nginx` / `Started container nginx`; v1.35 drops the name,
 *   which the event's `involvedObject.fieldPath` (`spec.containers{nginx}`) already carries
 *   (kubernetes/kubernetes PR #134043, pkg/kubelet/kuberuntime/kuberuntime_container.go
 *   `startContainer`). kubectl v1.35's `describe` prints that field path before the message
 *   (PR #133627), so nothing is lost for a reader.
 */

/** The `Pulled` message for an image the node already has (`imagePullPolicy: IfNotPresent`). */
export function imagePresentMessage(image: string): string {
  return `Container image "${image}" already present on machine and can be accessed by the pod`;
}

/** The `Created` event's message. */
export const CONTAINER_CREATED = "Container created";

/** The `Started` event's message. */
export const CONTAINER_STARTED = "Container started";
