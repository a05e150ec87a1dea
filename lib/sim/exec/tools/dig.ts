/**
 * `dig [@server] [-t type] name [type] [+short] [+search]` and `dig -x address`: one query (the
 * search list only with +search), printed in dig 9.18's layout: header flags as the server set
 * them, the EDNS pseudosection with the cookie CoreDNS echoes, the sections in BIND's columns and
 * the real size of the reply.
 *
 * @see https://gitlab.isc.org/isc-projects/bind9/-/blob/main/bin/dig/dig.c
 */
import { formatDigDate } from "../../../model/time-format.js";
import { wallClockMs } from "../../clock.js";
import type { DNSQuery, RecordType, ResourceRecord } from "../../dns/records.js";
import { arpaName } from "../../dns/reverse.js";
import { resolvConf, upstreamResolver, usesClusterDNS } from "../../dns/resolv-conf.js";
import { resolveHost, serverResponse, type Resolution } from "../../dns/resolve-name.js";
import { wireSize } from "../../dns/wire.js";
import { DNS_TOOLS } from "../messages.js";
import { dnsHops } from "../resolver.js";
import { fail } from "../result.js";
import type { Tool } from "../tool.js";

const RECORD_TYPES: readonly string[] = ["A", "AAAA", "SRV", "PTR", "CNAME", "TXT", "SOA"];

/** A record line of the answer, authority or additional section. */
function recordText(r: ResourceRecord): string {
  return tabbed([r.name, String(r.ttl), "IN", r.type, r.data], [24, 32, 40, 48]);
}

/** Pads with tabs (8-column stops) to each stop, or one space when the text already passed it. */
function tabbed(fields: readonly string[], stops: readonly number[]): string {
  let line = "";
  let col = 0;
  fields.forEach((f, i) => {
    line += f;
    col += f.length;
    const stop = stops[i];
    if (stop === undefined) return;
    if (col >= stop) {
      line += " ";
      col += 1;
      return;
    }
    while (col < stop) {
      line += "\t";
      col = (Math.floor(col / 8) + 1) * 8;
    }
  });
  return line;
}

/** `dig`. */
export const dig: Tool = {
  run(ctx, args) {
    const { cluster, pod, random } = ctx;
    const short = args.includes("+short");
    const search = args.includes("+search");
    let reverse = false;
    let type: RecordType | undefined;
    let name: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a.startsWith("+") || a.startsWith("@")) continue;
      if (a === "-x") reverse = true;
      else if (a === "-t" && args[i + 1] !== undefined) type = args[++i]!.toUpperCase() as RecordType;
      // As dig does, a word that names a type is the type (the first one), anything else the name.
      else if (RECORD_TYPES.includes(a.toUpperCase()) && type === undefined) type = a.toUpperCase() as RecordType;
      else if (a.toUpperCase() !== "IN" && name === undefined) name = a;
    }
    if (!name) return fail(DNS_TOOLS.digNeedsName, "error");
    if (reverse) {
      name = arpaName(name);
      type = "PTR";
    }
    const qtype = type ?? "A";
    const conf = resolvConf(cluster, pod);
    const clusterDNS = usesClusterDNS(cluster, conf);
    const server = conf.nameservers[0] ?? upstreamResolver(cluster);
    const fqdn = name.endsWith(".") ? name : `${name}.`;
    const resolution: Resolution = search
      ? resolveHost(cluster, pod, name, qtype, random.answers)
      : { queries: [serverResponse(cluster, clusterDNS, fqdn, qtype, random.answers)], addresses: [], answeredName: undefined, nameserver: server };
    const answeredName = resolution.queries.find((q) => q.answers.length > 0)?.name;
    const hops = dnsHops(ctx, { ...resolution, answeredName: resolution.answeredName ?? answeredName }, name);
    const q: DNSQuery = resolution.queries.find((x) => x.answers.length > 0) ?? resolution.queries.at(-1)!;
    const outcome = q.rcode === "NXDOMAIN" ? "nxdomain" : "ok";
    if (short) return { exitCode: 0, stdout: q.answers.map((a) => `${a.data}\n`).join(""), stderr: "", outcome, hops };
    const id = 1 + random.dns.int(65535);
    // dig sends an 8-byte client cookie; CoreDNS echoes it back (plugin/pkg/edns supports COOKIE).
    const cookie = [random.answers.nextUint32(), random.answers.nextUint32()].map((n) => n.toString(16).padStart(8, "0")).join("");
    const authoritative = q.answeredBy === "cluster";
    const flags = authoritative ? "qr aa rd" : "qr rd ra";
    const section = (title: string, rrs: readonly ResourceRecord[]) => (rrs.length ? [`;; ${title} SECTION:`, ...rrs.map(recordText), ""] : []);
    const size = wireSize({ question: q, answers: q.answers, authority: q.authority, additional: q.additional, ednsOptionBytes: 4 + 8 });
    const out = [
      "",
      `; <<>> DiG 9.18.28 <<>> ${args.join(" ")}`,
      ";; global options: +cmd",
      ";; Got answer:",
      `;; ->>HEADER<<- opcode: QUERY, status: ${q.rcode}, id: ${id}`,
      `;; flags: ${flags}; QUERY: 1, ANSWER: ${q.answers.length}, AUTHORITY: ${q.authority.length}, ADDITIONAL: ${q.additional.length + 1}`,
      ...(authoritative ? [";; WARNING: recursion requested but not available"] : []),
      "",
      ";; OPT PSEUDOSECTION:",
      "; EDNS: version: 0, flags:; udp: 1232",
      `; COOKIE: ${cookie} (echoed)`,
      ";; QUESTION SECTION:",
      tabbed([`;${q.name}`, "IN", q.type], [32, 40]),
      "",
      ...section("ANSWER", q.answers),
      ...section("AUTHORITY", q.authority),
      ...section("ADDITIONAL", q.additional),
      ";; Query time: 0 msec",
      `;; SERVER: ${server}#53(${server}) (UDP)`,
      `;; WHEN: ${formatDigDate(wallClockMs(cluster.now))}`,
      `;; MSG SIZE  rcvd: ${size}`,
      "",
    ];
    return { exitCode: 0, stdout: `${out.join("\n")}\n`, stderr: "", outcome, hops };
  },
};
