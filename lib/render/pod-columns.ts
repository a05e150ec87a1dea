/**
 * The READY, STATUS and RESTARTS cells of `kubectl get pods`, as kubectl's printPod computes them.
 * Sidecars (init containers with `restartPolicy: Always`) count in READY's total, and once started
 * and ready in its count; while init containers run, STATUS reads `Init:1/2` (or
 * `Init:<reason>`), and RESTARTS counts every init container's restarts until the Pod is
 * initialized, then only the sidecars' and the app containers'.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/printers/internalversion/printers.go (printPod)
 */
import { humanDuration } from "../model/duration.js";
import { type ClusterView, type PodState, appsStarted, isSidecar, readinessContainers } from "../sim/index.js";
import type { ContainerState } from "../sim/index.js";

/** What printPod makes of a Pod's container statuses. */
interface PodCells {
  readonly ready: number;
  readonly total: number;
  readonly reason: string;
  readonly restarts: number;
  /** When the last counted restart's run ended (-Infinity: none). */
  readonly lastRestart: number;
}

/** The reason a container's state gives, if any (printPod's app-container loop). */
function stateReason(c: ContainerState): string | undefined {
  if (c.state === "Waiting" && c.reason) return c.reason;
  if (c.state === "Terminated") return c.reason || `ExitCode:${c.exitCode ?? 0}`;
  return undefined;
}

function lastEnd(cs: readonly ContainerState[]): number {
  return Math.max(-Infinity, ...cs.map((c) => c.lastState?.finishedAt ?? -Infinity));
}

function cells(p: PodState): PodCells {
  let reason: string = p.rejected ?? p.phase;
  let ready = 0;
  let total = p.containers.length;
  let initializing = false;
  let restarts = 0;
  let lastRestart = -Infinity;
  const init = p.initContainers ?? [];
  const specs = p.spec.initContainers ?? [];
  total += specs.filter(isSidecar).length;
  // Restarts count only the init containers up to the one that holds things up (printPod breaks there).
  let sidecarRestarts = 0;
  let lastSidecarRestart = -Infinity;
  for (let j = 0; j < init.length; j++) {
    const c = init[j]!;
    const ended = c.lastState?.finishedAt ?? -Infinity;
    restarts += c.restartCount;
    lastRestart = Math.max(lastRestart, ended);
    if (isSidecar(specs[j]!)) {
      sidecarRestarts += c.restartCount;
      lastSidecarRestart = Math.max(lastSidecarRestart, ended);
    }
    if (c.state === "Terminated" && c.exitCode === 0) continue;
    if (isSidecar(specs[j]!) && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (c.state === "Terminated") reason = `Init:${c.reason || `ExitCode:${c.exitCode ?? 0}`}`;
    else if (c.state === "Waiting" && c.reason && c.reason !== "PodInitializing") reason = `Init:${c.reason}`;
    else reason = `Init:${j}/${init.length}`;
    initializing = true;
    break;
  }
  // The Initialized condition: true once the app containers have been started.
  const initialized = appsStarted(p.containers);
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    for (let i = p.containers.length - 1; i >= 0; i--) {
      const c = p.containers[i]!;
      restarts += c.restartCount;
      const why = stateReason(c);
      if (why !== undefined) reason = why;
      else if (c.state === "Running" && c.ready) {
        hasRunning = true;
        ready++;
      }
    }
    lastRestart = Math.max(lastRestart, lastEnd(p.containers));
    if (reason === "Completed" && hasRunning) reason = readyCondition(p) ? "Running" : "NotReady";
  }
  return { ready, total, reason, restarts, lastRestart };
}

/** The Pod's Ready condition as the kubelet last set it: every app container and sidecar ready. */
function readyCondition(p: PodState): boolean {
  return readinessContainers(p).every((c) => c.ready);
}

/** The READY cell: `<ready>/<total>`, sidecars included. */
export function readyCell(p: PodState): string {
  const { ready, total } = cells(p);
  return `${ready}/${total}`;
}

/**
 * kubectl's STATUS cell for a Pod: the phase, or the reason of a waiting or terminated container
 * (`CrashLoopBackOff`, `Error`, `Completed`, `ContainerCreating`, `Init:0/1`), or `Terminating`.
 */
export function podStatus(p: PodState): string {
  if (p.deletion !== undefined) return "Terminating";
  // An unscheduled Pod has no container statuses yet: STATUS is its phase (or the kubelet's
  // rejection reason, e.g. OutOfpods).
  if (p.nodeName === undefined || p.rejected !== undefined) return p.rejected ?? p.phase;
  return cells(p).reason;
}

/** The number in the RESTARTS cell: the restarts printPod counts (init containers' only while they run). */
export function restartTotal(p: PodState): number {
  return cells(p).restarts;
}

/** The RESTARTS cell: the total, with the age of the last restart once there is one (`3 (41s ago)`). */
export function restartsCell(sim: ClusterView, p: PodState): string {
  const { restarts, lastRestart } = cells(p);
  return restarts > 0 && Number.isFinite(lastRestart) ? `${restarts} (${humanDuration(sim.now - lastRestart)} ago)` : String(restarts);
}
