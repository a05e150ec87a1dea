/**
 * What an image-only Pod update does to the containers (the one spec change the API server
 * allows, `ValidatePodUpdate`): the kubelet sees each changed container's definition hash change,
 * kills it (`Container x definition changed, will be restarted`) and starts it with the new image:
 * same Pod, same IP, restartCount + 1. A container not started yet simply starts with the new
 * image in its turn, and a finished plain init container is not run again
 * (kuberuntime_manager.go `computePodActions`, `computeInitContainerActions`).
 * Simplification: the restart is immediate, even for a process that ignores its stop signal.
 */
import type { PodSpecN } from "../../model/objects.js";
import { allContainers, isSidecarIndex, specAt, splitContainers } from "../pod-containers.js";
import type { PodState, Termination } from "../state.js";
import type { AppOf } from "./port-conflict.js";
import { POD_INITIALIZING } from "./init-containers.js";
import { withContainers } from "./pod-status.js";
import { stopExitCode } from "./termination.js";

/** The Pod with its new images, and the containers (kubelet numbering) to start again. */
export function imageUpdate(pod: PodState, spec: PodSpecN, appOf: AppOf, now: number): { updated: PodState; restarted: readonly number[] } {
  const restarted: number[] = [];
  const all = allContainers(pod).map((c, i) => {
    const image = specAt(spec, i).image;
    if (image === c.image) return c;
    const notStarted = pod.nodeName === undefined || (c.state === "Waiting" && c.reason === POD_INITIALIZING);
    const finishedInit = i >= pod.containers.length && !isSidecarIndex(spec, i) && c.state === "Terminated";
    if (notStarted || finishedInit) return { ...c, image };
    restarted.push(i);
    const code = c.state === "Running" ? stopExitCode(appOf(pod, i).stop, pod.spec.terminationGracePeriodSeconds) : undefined;
    const lastState: Termination | undefined =
      code === undefined
        ? c.lastState
        : { exitCode: code, reason: code === 0 ? "Completed" : "Error", message: undefined, startedAt: c.startedAt ?? now, finishedAt: now };
    return { ...c, image, lastState, restartCount: c.restartCount + 1, bindFailure: undefined };
  });
  const split = splitContainers(spec, all);
  return { updated: withContainers({ ...pod, spec }, split.containers, split.initContainers), restarted };
}
