/** BusyBox `wget`: fetches a URL, printing its progress lines on stderr unless `-q`. */
import { intToIp } from "../../ip.js";
import { connect } from "../../datapath/connect.js";
import { httpReply } from "../http-responders.js";
import { BUSYBOX_USAGE, connectErrno, WGET } from "../messages.js";
import { lookupHost } from "../resolver.js";
import { fail } from "../result.js";
import type { Tool } from "../tool.js";
import { parseCurlURL, URL_ERRORS } from "../url.js";

/** busybox `wget -qO- URL` (and `-O file`, `-T seconds`). */
export const wget: Tool = {
  run(ctx, args) {
    const { cluster, pod, random } = ctx;
    let quiet = false;
    let toStdout = false;
    let url: string | undefined;
    let timeout: number | undefined;
    let output: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === "-q") quiet = true;
      else if (a === "-qO-" || a === "-O-") {
        toStdout = true;
        quiet = quiet || a === "-qO-";
      } else if (a === "-O") {
        output = args[++i];
        toStdout = output === "-";
      } else if (a === "-T") timeout = Number(args[++i]);
      else if (!a.startsWith("-")) url = a;
    }
    const parsed = url ? parseCurlURL(url) : undefined;
    if (parsed && "error" in parsed && parsed.error === URL_ERRORS.badPort) {
      // BusyBox's str2sockaddr refuses a port above 65535 and names the host:port it was given.
      const authority = url!.replace(/^[a-z]+:\/\//i, "").split(/[/?#]/)[0]!;
      return fail(WGET.badPort(authority.slice(authority.indexOf("@") + 1)), "error");
    }
    const u = parsed && !("error" in parsed) ? { ...parsed, host: parsed.host === "[::1]" ? "127.0.0.1" : parsed.host } : undefined;
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
    if (conn.outcome !== "ok") {
      // -T arms an alarm around the connect; without it (or with a longer one) the kernel gives up first.
      const alarmFirst = timeout !== undefined && timeout > 0 && timeout * 1000 < conn.elapsedMs;
      return fail(`${where}${alarmFirst ? WGET.timedOut : WGET.cannotConnect(intToIp(ip), connectErrno(conn.outcome))}`, conn.outcome, { hops });
    }
    const reply = httpReply(cluster, {
      servedBy: conn.servedBy,
      client: conn.client,
      path: u.path,
      hostHeader: u.port === 80 ? u.host : `${u.host}:${u.port}`,
      userAgent: "Wget",
      ...(conn.healthCheck ? { healthCheck: conn.healthCheck } : {}),
    });
    if (!reply) return fail(`${where}${WGET.noResponse}`, "error", { hops });
    const status = reply.status ?? "200 OK";
    if (!status.startsWith("2")) return fail(`${where}${WGET.serverError(`HTTP/1.1 ${status}`)}`, "ok", { hops });
    const body = toStdout ? reply.body : "";
    // Without -O, BusyBox names the file after the URL's last path segment, else index.html.
    const file = output ?? (u.path.split("?")[0]!.split("/").pop() || "index.html");
    if (!toStdout && file !== "/dev/null") ctx.files.write(file.startsWith("/") ? file : `/${file}`, reply.body, false);
    const saved = toStdout ? (quiet ? "" : "writing to stdout\n") : `saving to '${file}'\n`;
    return { exitCode: 0, stdout: body, stderr: `${where}${quiet ? "" : saved}`, outcome: "ok", ...(conn.servedBy ? { servedBy: conn.servedBy } : {}), hops };
  },
};
