/** BusyBox `nc -zv host port`: does a TCP connection open? */
import { intToIp } from "../../ip.js";
import { connect } from "../../datapath/connect.js";
import { BUSYBOX_USAGE, connectErrno, NC } from "../messages.js";
import { lookupHost } from "../resolver.js";
import { fail, ok } from "../result.js";
import type { Tool } from "../tool.js";

/**
 * The options of BusyBox's nc that take a value (`-w SECS`, `-i SECS`, `-p PORT`, `-s ADDR`,
 * `-o FILE`, `-e PROG`, `-f FILE`), as its usage lists them: their value is not the host.
 */
const VALUE_OPTIONS = new Set(["e", "f", "i", "o", "p", "s", "w"]);

/** The flags of one option word, up to the first one that takes a value (`-zvw1` → `zvw`). */
function ncFlags(word: string): string {
  let flags = "";
  for (const c of word.slice(1)) {
    flags += c;
    if (VALUE_OPTIONS.has(c)) break;
  }
  return flags;
}

/** The words of an nc command line that are not options or option values: host and port. */
export function ncOperands(args: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("-") || a === "-") {
      words.push(a);
      continue;
    }
    // A cluster of flags such as `-zv`, or `-w1` / `-w 1` (the value attached or in the next word).
    for (let k = 1; k < a.length; k++) {
      if (!VALUE_OPTIONS.has(a[k]!)) continue;
      if (k === a.length - 1) i++;
      break;
    }
  }
  return words;
}

/** `nc [-zv] [-w SECS] host port`: reports on stderr whether the port is open. */
export const nc: Tool = {
  run(ctx, args) {
    const { cluster, pod, random } = ctx;
    const [host, portText] = ncOperands(args);
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
    // nc_bloaty.c says "open" through holler(), which prints only under -v; a failure is
    // bb_perror_msg, printed always.
    const verbose = args.some((a) => /^-[^-]/.test(a) && ncFlags(a).includes("v"));
    if (conn.outcome === "ok") return ok("", { stderr: verbose ? `${label} open\n` : "", servedBy: conn.servedBy, hops });
    return fail(NC.failed(label, connectErrno(conn.outcome)), conn.outcome, { hops });
  },
};
