/**
 * What a container's process writes to stdout and stderr, as `kubectl logs` prints it: the start-up
 * lines of the images podtalk knows, and how each reports a port it cannot bind. Timestamps come
 * from the simulated clock, formatted as each program formats them.
 *
 * - nginx (the official image): `docker-entrypoint.sh` and its `/docker-entrypoint.d` scripts
 *   (github.com/nginxinc/docker-nginx, entrypoint/), then nginx's own notices. A taken port makes
 *   `ngx_open_listening_sockets` (src/core/ngx_connection.c) try five times, 500 ms apart, before
 *   `still could not bind()`; messages at `warn` or above also go to stderr prefixed `nginx: `
 *   (`ngx_log_error_core`, src/core/ngx_log.c).
 * - traefik/whoami (app.go): `log.Printf("Starting up on port %s", port)`, then
 *   `log.Fatal(http.ListenAndServe(...))`.
 * - hashicorp/http-echo (main.go): `log.Printf("[INFO] server is listening on %s\n", …)`, then
 *   `log.Fatalf("[ERR] server exited with: %s", err)`.
 */
import type { ContainerN } from "../../model/objects.js";
import { wallClockMs } from "../clock.js";

/** Which program's output a container produces. */
export type LogProfile =
  | { readonly kind: "nginx"; readonly port: number; readonly entrypoint: boolean }
  | { readonly kind: "whoami"; readonly port: string }
  | { readonly kind: "http-echo"; readonly listen: string }
  | { readonly kind: "silent" };

/** One run of a container: when it started, until when to read, and the port it failed to bind. */
export interface ContainerRun {
  readonly startedAt: number;
  /** When the run ended (or now, for a running container): later lines are not written yet. */
  readonly until: number;
  readonly bindFailure: number | undefined;
}

/** nginx's retries of a taken port (`ngx_open_listening_sockets`): five tries, 500 ms apart. */
export const NGINX_BIND_TRIES = 5;
export const NGINX_BIND_RETRY_SECONDS = 0.5;

/** The version the nginx:1.27 image printed at the simulated date (also its `Server` header). */
const NGINX_VERSION = "nginx/1.27.3";
/** nginx:1.27 is built on Debian bookworm. */
const NGINX_BUILT_BY = "built by gcc 12.2.0 (Debian 12.2.0-14) ";
const NODE_KERNEL = "Linux 6.1.0-28-amd64";
/** Worker processes: `worker_processes auto;` on the nodes' 2 CPUs. */
const NGINX_WORKER_PIDS = [29, 30];

/** Go's `log` package and nginx's error log stamp lines `2006/01/02 15:04:05` (UTC in containers). */
export function logStamp(seconds: number): string {
  const iso = new Date(wallClockMs(Math.floor(seconds))).toISOString();
  return `${iso.slice(0, 10).replaceAll("-", "/")} ${iso.slice(11, 19)}`;
}

/** The docker-entrypoint.sh lines of the official nginx image (stdout). */
const NGINX_ENTRYPOINT = [
  "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
  "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
  "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
  "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
  "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
  "/docker-entrypoint.sh: Configuration complete; ready for start up",
];

/** A line and the simulated second it is written at. */
type Timed = readonly [number, string];

function nginxLines(profile: Extract<LogProfile, { kind: "nginx" }>, run: ContainerRun): Timed[] {
  const t0 = run.startedAt;
  const out: Timed[] = profile.entrypoint ? NGINX_ENTRYPOINT.map((l) => [t0, l] as const) : [];
  // The image's entrypoint enables `listen [::]:80` next to `listen 80`: each try binds both.
  const addresses = profile.entrypoint ? [`0.0.0.0:${profile.port}`, `[::]:${profile.port}`] : [`0.0.0.0:${profile.port}`];
  if (run.bindFailure !== undefined) {
    for (let i = 0; i < NGINX_BIND_TRIES; i++) {
      const t = t0 + i * NGINX_BIND_RETRY_SECONDS;
      for (const a of addresses) {
        const text = `bind() to ${a} failed (98: Address already in use)`;
        out.push([t, `${logStamp(t)} [emerg] 1#1: ${text}`], [t, `nginx: [emerg] ${text}`]);
      }
      out.push([t, `${logStamp(t)} [notice] 1#1: try again to bind() after 500ms`]);
    }
    const end = t0 + NGINX_BIND_TRIES * NGINX_BIND_RETRY_SECONDS;
    out.push([end, `${logStamp(end)} [emerg] 1#1: still could not bind()`], [end, "nginx: [emerg] still could not bind()"]);
    return out;
  }
  const s = logStamp(t0);
  out.push(
    [t0, `${s} [notice] 1#1: using the "epoll" event method`],
    [t0, `${s} [notice] 1#1: ${NGINX_VERSION}`],
    [t0, `${s} [notice] 1#1: ${NGINX_BUILT_BY}`],
    [t0, `${s} [notice] 1#1: OS: ${NODE_KERNEL}`],
    [t0, `${s} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`],
    [t0, `${s} [notice] 1#1: start worker processes`],
    ...NGINX_WORKER_PIDS.map((pid): Timed => [t0, `${s} [notice] 1#1: start worker process ${pid}`]),
  );
  return out;
}

function goLines(first: string, fatal: (err: string) => string, run: ContainerRun, port: string): Timed[] {
  const t0 = run.startedAt;
  const s = logStamp(t0);
  const out: Timed[] = [[t0, `${s} ${first}`]];
  if (run.bindFailure !== undefined) out.push([t0, `${s} ${fatal(`listen tcp ${port}: bind: address already in use`)}`]);
  return out;
}

/** The lines a run of a container has written by `run.until`, oldest first. */
export function containerLogLines(profile: LogProfile, run: ContainerRun): string[] {
  let lines: Timed[];
  switch (profile.kind) {
    case "nginx":
      lines = nginxLines(profile, run);
      break;
    case "whoami":
      lines = goLines(`Starting up on port ${profile.port}`, (e) => e, run, `:${profile.port}`);
      break;
    case "http-echo":
      lines = goLines(`[INFO] server is listening on ${profile.listen}`, (e) => `[ERR] server exited with: ${e}`, run, profile.listen);
      break;
    case "silent":
      return [];
  }
  return lines.filter(([t]) => t <= run.until).map(([, l]) => l);
}

/** How long a process takes to give up on a taken port: nginx retries for 2.5 s, Go exits at once. */
export function bindFailureSeconds(profile: LogProfile): number {
  return profile.kind === "nginx" ? NGINX_BIND_TRIES * NGINX_BIND_RETRY_SECONDS : 0;
}

/**
 * The termination message the kubelet takes from the log with `FallbackToLogsOnError`: the last
 * 80 lines, at most their last 2048 bytes (kubelet `readLastStringFromContainerLogs`,
 * `MaxContainerTerminationMessageLogLines`, `MaxContainerTerminationMessageLogLength`).
 */
export function terminationMessageFromLogs(lines: readonly string[]): string {
  const text = lines
    .slice(-80)
    .map((l) => `${l}\n`)
    .join("");
  // Keep the last 2048 bytes of the UTF-8 text (whole characters: a cut one would not decode).
  const chars = [...text];
  let bytes = 0;
  let start = chars.length;
  while (start > 0) {
    const cp = chars[start - 1]!.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > 2048) break;
    bytes += size;
    start--;
  }
  return start === 0 ? text : chars.slice(start).join("");
}

/**
 * A terminated run's termination message. The file at terminationMessagePath counts first, and
 * no image podtalk knows writes it; with FallbackToLogsOnError and a non-zero exit the kubelet
 * takes the log's tail instead (kuberuntime_container.go:
 * `fallbackToLogs := … FallbackToLogsOnError && cStatus.ExitCode != 0`).
 */
export function terminationMessage(spec: ContainerN, profile: LogProfile, run: ContainerRun, exitCode: number): string | undefined {
  if (spec.terminationMessagePolicy !== "FallbackToLogsOnError" || exitCode === 0) return undefined;
  return terminationMessageFromLogs(containerLogLines(profile, run));
}
