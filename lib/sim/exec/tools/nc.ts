/** BusyBox `nc -zv host port`: does a TCP connection open? */
import { intToIp } from "../../ip.js";
import { connect } from "../../datapath/connect.js";
import { BUSYBOX_USAGE, connectErrno, NC } from "../messages.js";
import { lookupHost } from "../resolver.js";
import { fail, ok } from "../result.js";
import type { Tool } from "../tool.js";

/** `nc [-zv] host port`: reports on stderr whether the port is open. */
export const nc: Tool = {
  run(ctx, args) {
    const { cluster, pod, random } = ctx;
    const words = args.filter((a) => !a.startsWith("-"));
    const [host, portText] = words;
    if (!host || portText === undefined) return fail(BUSYBOX_USAGE.nc, "error");
    // bb_lookup_port (libbb/xconnect.c): a port that is not a decimal number up to 65535 (nor a
    // name in /etc/services, which podtalk's images do not list) becomes port 0.
    const port = /^\d+$/.test(portText) && Number(portText) <= 65535 ? Number(portText) : 0;
    const lookup = lookupHost(ctx, host);
    const hops = [...lookup.hops];
    if (lookup.addresses.length === 0) return fail(NC.badAddress(host), "nxdomain", { hops });
    const ip = lookup.addresses[0]!;
    const conn = connect(cluster, pod, ip, port, random);
    hops.push(...conn.hops);
    const label = `${host} (${intToIp(ip)}:${port})`;
    if (conn.outcome === "ok") return ok("", { stderr: `${label} open\n`, servedBy: conn.servedBy, hops });
    return fail(NC.failed(label, connectErrno(conn.outcome)), conn.outcome, { hops });
  },
};
