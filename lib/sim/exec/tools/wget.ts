/** BusyBox `wget`: fetches a URL, printing its progress lines on stderr unless `-q`. */
import { intToIp } from "../../ip.js";
import { connect } from "../../datapath/connect.js";
import { httpReply } from "../http-responders.js";
import { BUSYBOX_USAGE, connectErrno, WGET } from "../messages.js";
import { lookupHost } from "../resolver.js";
import { fail } from "../result.js";
import type { Tool } from "../tool.js";
import { parseURL } from "../url.js";

/** busybox `wget -qO- URL` (and `-O file`, `-T seconds`). */
export const wget: Tool = {
  run(ctx, args) {
    const { cluster, pod, random } = ctx;
    let quiet = false;
    let toStdout = false;
    let url: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === "-q") quiet = true;
      else if (a === "-qO-" || a === "-O-") {
        toStdout = true;
        quiet = quiet || a === "-qO-";
      } else if (a === "-O") toStdout = args[++i] === "-";
      else if (a === "-T") i++;
      else if (!a.startsWith("-")) url = a;
    }
    const u = url ? parseURL(url) : undefined;
    if (!u) return fail(BUSYBOX_USAGE.wget, "error");
    const hostPort = `${u.host}${u.port === 80 ? "" : `:${u.port}`}`;
    const lookup = lookupHost(ctx, u.host);
    const hops = [...lookup.hops];
    if (lookup.addresses.length === 0) return fail(WGET.badAddress(hostPort), "nxdomain", { hops });
    const ip = lookup.addresses[0]!;
    const conn = connect(cluster, pod, ip, u.port, random);
    hops.push(...conn.hops);
    const where = quiet ? "" : `Connecting to ${hostPort} (${intToIp(ip)}:${u.port})\n`;
    if (conn.outcome === "refused" || conn.outcome === "unreachable") {
      return fail(`${where}${WGET.cannotConnect(intToIp(ip), connectErrno(conn.outcome))}`, conn.outcome, { hops });
    }
    if (conn.outcome !== "ok") return fail(`${where}${WGET.timedOut}`, conn.outcome, { hops });
    const reply = httpReply(cluster, {
      servedBy: conn.servedBy,
      client: conn.client,
      path: u.path,
      hostHeader: u.port === 80 ? u.host : `${u.host}:${u.port}`,
      userAgent: "Wget",
    });
    if (!reply) return fail(`${where}${WGET.noResponse}`, "error", { hops });
    const body = toStdout ? reply.body : "";
    const saved = toStdout ? (quiet ? "" : "writing to stdout\n") : `saving to 'index.html'\n`;
    return { exitCode: 0, stdout: body, stderr: `${where}${quiet ? "" : saved}`, outcome: "ok", ...(conn.servedBy ? { servedBy: conn.servedBy } : {}), hops };
  },
};
