/**
 * BIND's `host [-t type] name` (and `host a.b.c.d` for a reverse lookup), through the search list
 * as libc resolves.
 *
 * @see https://gitlab.isc.org/isc-projects/bind9/-/blob/main/bin/dig/host.c
 */
import { intToIp, isIPv4 } from "../../ip.js";
import type { RecordType, ResourceRecord } from "../../dns/records.js";
import { arpaName } from "../../dns/reverse.js";
import { resolvConf, upstreamResolver, usesClusterDNS } from "../../dns/resolv-conf.js";
import { resolveHost, serverResponse } from "../../dns/resolve-name.js";
import { DNS_TOOLS } from "../messages.js";
import { dnsHops } from "../resolver.js";
import { fail, ok } from "../result.js";
import type { Tool } from "../tool.js";

const TYPES: readonly string[] = ["A", "AAAA", "CNAME", "PTR", "SRV", "TXT", "SOA"];
const bare = (n: string) => n.replace(/\.$/, "");

/** One record as host prints it (`say_message` and its per-type texts in host.c). */
function recordLine(r: ResourceRecord): string {
  const verb: Record<RecordType, string> = {
    A: "has address",
    AAAA: "has IPv6 address",
    CNAME: "is an alias for",
    PTR: "domain name pointer",
    SRV: "has SRV record",
    TXT: "descriptive text",
    SOA: "has SOA record",
  };
  return `${bare(r.name)} ${verb[r.type]} ${r.data}`;
}

/** `host [-t type] name`. */
export const host: Tool = {
  run(ctx, args) {
    const { cluster, pod, random } = ctx;
    let type: RecordType | undefined;
    const words: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === "-t") {
        const t = (args[++i] ?? "").toUpperCase();
        if (!TYPES.includes(t)) return fail(DNS_TOOLS.hostUsage, "error");
        type = t as RecordType;
      } else if (!a.startsWith("-")) words.push(a);
    }
    const name = words[0];
    if (!name) return fail(DNS_TOOLS.hostUsage, "error");
    if (isIPv4(name) && (type === undefined || type === "PTR")) {
      const conf = resolvConf(cluster, pod);
      const arpa = arpaName(name);
      const q = serverResponse(cluster, usesClusterDNS(cluster, conf), `${arpa}.`, "PTR", random.answers);
      const nameserver = conf.nameservers[0] ?? upstreamResolver(cluster);
      const hops = dnsHops(ctx, { queries: [q], addresses: [], answeredName: q.answers.length ? q.name : undefined, nameserver }, name);
      if (!q.answers.length) return fail(DNS_TOOLS.hostNXDOMAIN(arpa), "nxdomain", { hops });
      return ok(q.answers.map((a) => `${arpa} domain name pointer ${a.data}\n`).join(""), { hops });
    }
    const resolution = resolveHost(cluster, pod, name, type ?? "A", random.answers);
    const hops = dnsHops(ctx, resolution, name);
    if (type !== undefined && type !== "A") {
      const answered = resolution.queries.find((q) => q.answers.length > 0);
      if (answered) return ok(`${answered.answers.map(recordLine).join("\n")}\n`, { hops });
      const last = resolution.queries.at(-1);
      if (last?.rcode === "NOERROR") return ok(DNS_TOOLS.hostNoRecord(bare(last.name), type), { hops });
      return { exitCode: 1, stdout: DNS_TOOLS.hostNXDOMAIN(name), stderr: "", outcome: "nxdomain", hops };
    }
    if (resolution.addresses.length === 0) return { exitCode: 1, stdout: DNS_TOOLS.hostNXDOMAIN(name), stderr: "", outcome: "nxdomain", hops };
    const answered = resolution.answeredName!.replace(/\.$/, "");
    const cname = resolution.queries.flatMap((q) => q.answers).filter((a) => a.type === "CNAME");
    const lines = [
      ...cname.map((c) => `${bare(c.name)} is an alias for ${bare(c.data)}.`),
      ...resolution.addresses.map((a) => `${answered} has address ${intToIp(a)}`),
    ];
    return ok(`${lines.join("\n")}\n`, { hops });
  },
};
