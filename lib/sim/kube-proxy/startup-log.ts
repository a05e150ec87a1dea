/**
 * What kube-proxy writes to its log as it starts, for `kubectl logs` of a kube-proxy Pod: the line
 * that names the proxier it chose and, in IPVS mode, the error v1.35 added to say that mode is
 * deprecated (KEP-5495), next to the `IPVSDeprecation` Warning event on the Node. Only these
 * lines of `createProxier` are modelled; the rest of kube-proxy's start-up log (informer syncs,
 * conntrack settings, `Version info`) is left out.
 *
 * The lines are klog's text format (`Lmmdd hh:mm:ss.uuuuuu threadid file:line] "message"`, the
 * structured logger quoting the message). The line numbers are those of
 * cmd/kube-proxy/app/server_linux.go in v1.35: PR #134539 inserted the deprecation after
 * `logger.Info("Using ipvs Proxier")` at line 193 (its diff's hunk `@@ -191,6 +191,9 @@`), so
 * `logger.Error(nil, message)` is line 195; the iptables and nftables lines sit 57 lines before
 * and 60 lines after it in the same function.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/v1.35.0/cmd/kube-proxy/app/server_linux.go
 * @see https://github.com/kubernetes/kubernetes/pull/134539
 */
import { IPVS_DEPRECATION } from "../../model/version.js";
import { EPOCH_MS } from "../clock.js";

/** One klog line: severity, file:line and the quoted message. */
interface KlogLine {
  readonly severity: "I" | "W" | "E";
  readonly file: string;
  readonly message: string;
  /** Microseconds after the previous line, or after the process started (klog stamps each line with its own time). */
  readonly after: number;
}

/**
 * How long kube-proxy takes from its start to choosing the proxier: 217 ms, the gap between the
 * first line and `Using ipvs Proxier` in the log of a kubeadm cluster's kube-proxy (an observed
 * value, not a fixed one); the deprecation error followed 56 µs later.
 */
const STARTUP_MICROS = 217_169;

/** The lines `createProxier` logs for each built-in mode (a registered mode of a course logs none). */
const PROXIER_LINES: Readonly<Record<string, readonly KlogLine[]>> = {
  iptables: [{ severity: "I", file: "server_linux.go:136", message: "Using iptables Proxier", after: STARTUP_MICROS }],
  ipvs: [
    { severity: "I", file: "server_linux.go:193", message: "Using ipvs Proxier", after: STARTUP_MICROS },
    { severity: "E", file: "server_linux.go:195", message: IPVS_DEPRECATION, after: 56 },
  ],
  nftables: [{ severity: "I", file: "server_linux.go:253", message: "Using nftables Proxier", after: STARTUP_MICROS }],
};

/** The process id klog prints as the thread id: kube-proxy is PID 1 of its container. */
const PID = 1;

/** klog's header time, `mmdd hh:mm:ss.uuuuuu` (UTC), of a simulated instant in microseconds. */
function klogTime(micros: number): string {
  const d = new Date(EPOCH_MS + Math.floor(micros / 1000));
  const two = (n: number) => String(n).padStart(2, "0");
  const fraction = String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, "0");
  return `${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${fraction}`;
}

/** The log lines kube-proxy in `mode` has written by `until`, having started at `startedAt` (simulated seconds). */
export function kubeProxyLogLines(mode: string, startedAt: number, until: number): string[] {
  const lines = Object.hasOwn(PROXIER_LINES, mode) ? PROXIER_LINES[mode]! : [];
  let micros = Math.round(startedAt * 1_000_000);
  const out: string[] = [];
  for (const l of lines) {
    micros += l.after;
    if (micros > Math.round(until * 1_000_000)) break;
    out.push(`${l.severity}${klogTime(micros)} ${String(PID).padStart(7)} ${l.file}] ${JSON.stringify(l.message)}`);
  }
  return out;
}
