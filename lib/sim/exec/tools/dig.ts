/**
 * `dig [@server] name [type] [+short] [+search]` and `dig -x address`: one query (the search list
 * only with +search), printed in dig 9.18's layout.
 */
import { formatDigDate } from "../../../model/time-format.js";
import { wallClockMs } from "../../clock.js";
import { lookup, upstreamLookup, type RecordType } from "../../dns/records.js";
import { resolvConf, usesClusterDNS } from "../../dns/resolv-conf.js";
import { resolveHost, type Resolution } from "../../dns/resolve-name.js";
import { DNS_TOOLS } from "../messages.js";
import { dnsHops } from "../resolver.js";
import { fail } from "../result.js";
import type { ExecScope, Tool } from "../tool.js";

const RECORD_TYPES: readonly string[] = ["A", "SRV", "PTR", "CNAME"];

/** One query for `name` exactly as given (no search list), as dig sends it by default. */
function queryOnce(scope: ExecScope, question: { readonly name: string; readonly type: RecordType }): Resolution {
  const { cluster, pod } = scope;
  const { name, type } = question;
  const conf = resolvConf(cluster, pod);
  const fqdn = name.endsWith(".") ? name : `${name}.`;
  const r = usesClusterDNS(cluster, conf) ? lookup(cluster, fqdn, type) : upstreamLookup();
  return {
    queries: [{ name: fqdn, type, rcode: r.rcode, answers: r.answers, answeredBy: r.answeredBy }],
    addresses: [],
    answeredName: r.answers.length ? fqdn : undefined,
    nameserver: conf.nameservers[0] ?? "",
  };
}

/** `dig`. */
export const dig: Tool = {
  run(ctx, args) {
    const { cluster, pod, random } = ctx;
    const short = args.includes("+short");
    const search = args.includes("+search");
    const reverse = args.includes("-x");
    const words = args.filter((a) => !a.startsWith("+") && !a.startsWith("@") && a !== "-x");
    const type = (reverse ? "PTR" : (words.find((w) => RECORD_TYPES.includes(w.toUpperCase()))?.toUpperCase() ?? "A")) as RecordType;
    let name = words.find((w) => !RECORD_TYPES.includes(w.toUpperCase()));
    if (reverse && name) name = `${name.split(".").reverse().join(".")}.in-addr.arpa`;
    if (!name) return fail(DNS_TOOLS.digNeedsName, "error");
    const resolution = search ? resolveHost(cluster, pod, name, type) : queryOnce(ctx, { name, type });
    const hops = dnsHops(ctx, resolution, name);
    const last = resolution.queries.at(-1)!;
    const q = resolution.queries.find((x) => x.answers.length > 0) ?? last;
    const outcome = q.rcode === "NXDOMAIN" ? "nxdomain" : "ok";
    if (short) return { exitCode: 0, stdout: q.answers.map((a) => `${a.data}\n`).join(""), stderr: "", outcome, hops };
    const server = resolution.nameserver;
    const id = 1 + random.dns.int(65535);
    const out = [
      "",
      `; <<>> DiG 9.18.28 <<>> ${args.join(" ")}`,
      ";; global options: +cmd",
      ";; Got answer:",
      `;; ->>HEADER<<- opcode: QUERY, status: ${q.rcode}, id: ${id}`,
      `;; flags: qr aa rd; QUERY: 1, ANSWER: ${q.answers.length}, AUTHORITY: 0, ADDITIONAL: 1`,
      ";; WARNING: recursion requested but not available",
      "",
      ";; QUESTION SECTION:",
      `;${q.name}\t\tIN\t${q.type}`,
      "",
      ...(q.answers.length ? [";; ANSWER SECTION:", ...q.answers.map((a) => `${a.name}\t${a.ttl}\tIN\t${a.type}\t${a.data}`), ""] : []),
      ";; Query time: 0 msec",
      `;; SERVER: ${server}#53(${server}) (UDP)`,
      `;; WHEN: ${formatDigDate(wallClockMs(cluster.now))}`,
      "",
    ];
    return { exitCode: 0, stdout: `${out.join("\n")}\n`, stderr: "", outcome, hops };
  },
};
