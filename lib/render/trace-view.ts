/**
 * The Trace view: what the command printed and every hop the request took, as an HTML listing
 * and as text that says the same.
 */
import { escapeHTML } from "./html.js";
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { renderSVG, type VegaLiteSpec } from "./svg.js";
import { traceSpec } from "./trace-diagram.js";
import { traceStepsJSON } from "./trace-steps.js";
import { type Hop, kubectlArgs, type TraceRecord } from "../sim/index.js";

/** The outcome as a short label a reader can scan. */
const OUTCOME_LABEL: Readonly<Record<string, string>> = {
  ok: "OK",
  refused: "connection refused",
  timeout: "timed out",
  nxdomain: "name not found (NXDOMAIN)",
  unreachable: "host unreachable",
  error: "error",
};

/** Where a hop happened, e.g. `node-1 · flannel.1 · to-overlay`. */
export function hopPlace(h: Hop): string {
  return [h.node ?? "inside the Pod", h.device, h.point].filter(Boolean).join(" · ");
}

/** The command as typed: `kubectl exec …` for a Pod, a root prompt for a node's own shell. */
function commandLine(t: TraceRecord): string {
  if (t.node !== undefined) return `root@${t.node}:~# ${t.command}`;
  return `$ kubectl exec ${t.pod}${t.namespace !== "default" ? ` -n ${t.namespace}` : ""} -c ${t.container} -- ${kubectlArgs(t.command)}`;
}

/**
 * Where a hop happened, in plain words for a learner ("leaving the client Pod", "on node-2,
 * after the routing decision"); `hopPlace` gives the node, device and Hubble observation point.
 */
export function hopWhere(h: Hop, t: Pick<TraceRecord, "pod" | "servedBy" | "node">): string {
  // A node's own shell sends from the node itself (host network), not from a Pod.
  const client = t.node !== undefined ? `the shell on ${t.node}` : `Pod ${t.pod}`;
  const on = h.node ? `on ${h.node}` : `inside ${client}`;
  switch (h.kind) {
    case "dns-query":
      return `from ${client} to the cluster DNS (CoreDNS)`;
    case "send":
      return t.node !== undefined ? `leaving ${client}` : `leaving Pod ${t.pod}, into ${h.node ?? "its node"}`;
    case "kube-proxy":
      return `${on}, in kube-proxy's rules, before the routing decision`;
    case "network-policy":
      return `${on}, at the NetworkPolicy check`;
    case "portmap":
      return `${on}, at the hostPort rules (portmap)`;
    case "route":
      return `${on}, at the routing decision`;
    case "bridge":
      return `${on}, after the routing decision, on the cni0 bridge`;
    case "encapsulate":
      return `${on}, leaving through the VXLAN overlay (flannel.1)`;
    case "decapsulate":
      return `${on}, arriving from the VXLAN overlay (flannel.1)`;
    case "deliver":
      return t.servedBy && h.verdict === "delivered" ? `arriving in Pod ${t.servedBy.pod}` : `${on}, at the destination Pod`;
    case "loopback":
      return `inside ${client}, on the loopback device (lo)`;
    case "reply":
      return `back ${on}, to ${client}`;
  }
}

/** The text equivalent of a trace. */
export function traceText(t: TraceRecord): string {
  const lines = [commandLine(t)];
  if (t.stdout) lines.push(t.stdout.replace(/\n$/, ""));
  if (t.stderr) lines.push(t.stderr.replace(/\n$/, ""));
  lines.push(
    `exit code ${t.exitCode} · ${OUTCOME_LABEL[t.outcome] ?? t.outcome}${t.servedBy ? ` · served by ${t.servedBy.pod} (container ${t.servedBy.container}, ${t.servedBy.ip}:${t.servedBy.port})` : ""}`,
  );
  t.hops.forEach((h, i) => {
    lines.push(`${String(i + 1).padStart(2)}. [${hopPlace(h)}] ${h.summary}`);
    if (h.src || h.dst) lines.push(`      ${h.src ?? "?"} -> ${h.dst ?? "?"}`);
    if (h.change) lines.push(`      ${h.change}`);
    if (h.reason) lines.push(`      why: ${h.reason}`);
    if (h.fix) lines.push(`      fix: ${h.fix}`);
  });
  return lines.join("\n");
}

/** The HTML listing of a trace: command and output, then a numbered table of hops. */
export function traceHTML(t: TraceRecord): string {
  const status = t.outcome === "ok" ? "ok" : "fail";
  const output = [t.stdout, t.stderr].filter(Boolean).join("");
  const rows = t.hops
    .map((h, i) => {
      const failing = h.reason !== undefined;
      const details = [
        h.change ? `<div class="change">${escapeHTML(h.change)}</div>` : "",
        h.rule ? `<pre class="rule">${escapeHTML(h.rule)}</pre>` : "",
        h.reason ? `<div class="reason"><strong>Why:</strong> ${escapeHTML(h.reason)}</div>` : "",
        h.fix ? `<div class="fix"><strong>Fix:</strong> ${escapeHTML(h.fix)}</div>` : "",
      ].join("");
      return (
        `<tr${failing ? ' class="failing"' : ""}><td>${i + 1}</td><td>${escapeHTML(hopWhere(h, t))}<div class="place">${escapeHTML(hopPlace(h))}</div></td>` +
        `<td><code>${escapeHTML(h.src ?? "")}</code> → <code>${escapeHTML(h.dst ?? "")}</code></td>` +
        `<td>${escapeHTML(h.summary)}${details}</td><td>${escapeHTML(h.verdict)}</td></tr>`
      );
    })
    .join("\n");
  const served = t.servedBy
    ? ` · served by <strong>${escapeHTML(t.servedBy.pod)}</strong> (container ${escapeHTML(t.servedBy.container)}, ${escapeHTML(t.servedBy.ip)}:${t.servedBy.port})`
    : "";
  return (
    // The hops as data, for an exported article's packet stepper (progressive enhancement).
    `<div class="podtalk-trace ${status}"${t.hops.length ? ` data-podtalk-steps="${escapeHTML(traceStepsJSON(t, (h) => ({ where: hopWhere(h, t), place: hopPlace(h) })))}"` : ""}>` +
    `<pre class="command">${escapeHTML(commandLine(t))}\n${escapeHTML(output)}</pre>` +
    `<p class="outcome"><strong>${status === "ok" ? "✔" : "✘"} exit code ${t.exitCode}</strong> · ${escapeHTML(OUTCOME_LABEL[t.outcome] ?? t.outcome)}${served}</p>` +
    (t.hops.length
      ? `<table class="podtalk-table podtalk-hops"><thead><tr><th>#</th><th>where</th><th>packet</th><th>what happened</th><th>verdict</th></tr></thead>\n<tbody>\n${rows}\n</tbody></table>`
      : "") +
    `</div>`
  );
}

/**
 * Copies a record's fields onto the view in the record's documented order (the order they
 * serialize in), so the field list lives once, in `TraceRecord`.
 */
class TraceFields {
  constructor(r: TraceRecord) {
    const { command, pod, namespace, container, exitCode, stdout, stderr, outcome, servedBy, hops } = r;
    Object.assign(this, { command, pod, namespace, container, exitCode, stdout, stderr, outcome, servedBy, hops });
    if (r.node !== undefined) Object.assign(this, { node: r.node });
  }
}

/**
 * The result of `exec`: the command's exit code and output as the real tool prints them, how the
 * request ended, who answered, and every hop.
 *
 * @example
 * const t = cluster.exec("frontend", "curl -s http://my-api:8080/");
 * t.exitCode;        // 0
 * t.servedBy?.pod;   // "api-7c9d8b6f5-2xk4q"
 */
export class Trace extends (TraceFields as new (record: TraceRecord) => TraceRecord) {
  /** The hop where the request stopped, if it failed. */
  get failedHop(): Hop | undefined {
    return this.hops.find((h) => h.reason !== undefined);
  }

  override toString(): string {
    return traceText(this);
  }

  /** The sequence diagram's Vega-Lite v5 spec. */
  spec(): VegaLiteSpec {
    return traceSpec(this);
  }

  /** A composite view: the diagram as inline SVG above the hop table, and the text equivalent. */
  async [JUPYTER_DISPLAY](): Promise<MimeBundle> {
    const svg = this.hops.length ? await renderSVG(traceSpec(this)) : "";
    const figure = svg ? `<figure class="podtalk-trace-diagram">${svg}</figure>` : "";
    return { "text/html": traceHTML(this).replace('<p class="outcome">', `${figure}<p class="outcome">`), "text/plain": traceText(this) };
  }
}
