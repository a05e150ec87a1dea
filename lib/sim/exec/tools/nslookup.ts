/**
 * `nslookup name [server]`, as the image's own nslookup prints it: BusyBox 1.29+ (its own resolver,
 * A and AAAA queries, the search list only for names without a dot), BusyBox 1.28 (getaddrinfo,
 * `Address 1:` lines) or BIND's (netshoot, dnsutils).
 *
 * @see https://git.busybox.net/busybox/tree/networking/nslookup.c
 * @see https://gitlab.isc.org/isc-projects/bind9/-/blob/main/bin/dig/nslookup.c
 */
import { intToIp, ipToInt, isIPv4 } from "../../ip.js";
import type { DNSQuery, RecordType } from "../../dns/records.js";
import { arpaName, namesOfAddress } from "../../dns/reverse.js";
import { resolvConf, upstreamResolver, usesClusterDNS } from "../../dns/resolv-conf.js";
import { resolveHost, serverResponse, type Resolution } from "../../dns/resolve-name.js";
import { BUSYBOX_USAGE, DNS_HOPS, DNS_TOOLS } from "../messages.js";
import { dnsHops, queryPolicy } from "../resolver.js";
import { fail, type ToolResult } from "../result.js";
import type { Tool, ToolContext } from "../tool.js";
import { podDNSClient } from "./dns-image.js";
import { authoritative, busyboxReply, recordLine } from "./nslookup-output.js";

const TYPES: readonly RecordType[] = ["A", "AAAA", "CNAME", "PTR", "SRV", "TXT", "SOA"];
/** BIND takes any prefix of `querytype` or `type`; BusyBox exactly `type` or `querytype`. */
const BIND_TYPE_OPTION = /^-(q|qu|que|quer|query|queryt|queryty|querytyp|querytype|t|ty|typ|type)=(.*)$/i;
const BUSYBOX_TYPE_OPTION = /^-(type|querytype)=(.*)$/;

/** `nslookup`. */
export const nslookup: Tool = {
  run(ctx, args) {
    const client = podDNSClient(ctx.pod, ctx.container);
    if (client === "busybox-libc") return busyboxLibc(ctx, args);
    const option = client === "busybox" ? BUSYBOX_TYPE_OPTION : BIND_TYPE_OPTION;
    let type: RecordType | undefined;
    const words: string[] = [];
    for (const a of args) {
      const m = option.exec(a);
      if (m) {
        const t = m[2]!.toUpperCase() as RecordType;
        if (!TYPES.includes(t)) return fail(client === "busybox" ? DNS_TOOLS.busyboxInvalidType(m[2]!) : DNS_TOOLS.bindUnknownType(m[2]!), "error");
        type = t;
      } else if (!a.startsWith("-") || words.length > 0) words.push(a);
    }
    const name = words[0];
    if (!name) return fail(client === "busybox" ? DNS_TOOLS.busyboxNslookupUsage : BUSYBOX_USAGE.nslookup, "error");
    const policy = queryPolicy(ctx, nameserverOf(ctx).server);
    if (policy.dropped) {
      // No reply ever comes: the tool retries until its timeout and says no server answered.
      const stdout = client === "busybox" ? DNS_TOOLS.busyboxTimedOut : DNS_TOOLS.bindTimedOut(nameserverOf(ctx).server);
      return { exitCode: 1, stdout, stderr: "", outcome: "timeout", hops: policy.hops };
    }
    return client === "busybox" ? busybox(ctx, name, type) : bind(ctx, name, type);
  },
};

/** The nameserver the Pod's resolv.conf names first, and whether it is the cluster DNS. */
function nameserverOf(ctx: ToolContext): { readonly server: string; readonly clusterDNS: boolean } {
  const conf = resolvConf(ctx.cluster, ctx.pod);
  return { server: conf.nameservers[0] ?? upstreamResolver(ctx.cluster), clusterDNS: usesClusterDNS(ctx.cluster, conf) };
}

/** The hops of a set of queries, with the addresses they found. */
function hopsOf(ctx: ToolContext, queries: readonly DNSQuery[], nameserver: string, asked: string) {
  const answered = queries.find((q) => q.answers.length > 0);
  const resolution: Resolution = {
    queries,
    addresses: queries.flatMap((q) => q.answers.filter((a) => a.type === "A").map((a) => ipToInt(a.data))),
    answeredName: answered?.name,
    nameserver,
  };
  return dnsHops(ctx, resolution, asked);
}

/**
 * BusyBox 1.29+: every query goes out at once (A then AAAA, or the -type asked; PTR for an
 * address) and each reply is printed as it comes back. A name with a dot is queried as given;
 * one without goes through each search domain, never alone. Any error rcode makes the exit code 1.
 */
function busybox(ctx: ToolContext, name: string, type: RecordType | undefined): ToolResult {
  const { server, clusterDNS } = nameserverOf(ctx);
  const searches = resolvConf(ctx.cluster, ctx.pod).searches;
  const expand = (t: RecordType): string[] => (t === "PTR" || searches.length === 0 || name.includes(".") ? [name] : searches.map((s) => `${name}.${s}`));
  const asked: { readonly shown: string; readonly type: RecordType }[] = [];
  if (type === undefined && isIPv4(name)) asked.push({ shown: arpaName(name), type: "PTR" });
  else for (const t of type ? [type] : (["A", "AAAA"] as const)) for (const shown of expand(t)) asked.push({ shown, type: t });
  const queries = asked.map((q) => serverResponse(ctx.cluster, clusterDNS, q.shown.endsWith(".") ? q.shown : `${q.shown}.`, q.type, ctx.random.answers));
  let stdout = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  queries.forEach((q, i) => {
    stdout += busyboxReply({ ...q, name: asked[i]!.shown });
  });
  const failed = queries.some((q) => q.rcode !== "NOERROR");
  const found = queries.some((q) => q.answers.length > 0);
  const hops = hopsOf(ctx, queries, server, name);
  // `<svc>.<namespace>` finds nothing here although libc would find it: say why on the failing hop.
  const zone = ctx.cluster.options.clusterDomain;
  const last = hops.at(-1);
  if (!found && last?.fix && name.includes(".") && !isIPv4(name) && !name.replace(/\.$/, "").endsWith(zone) && searches.length) {
    hops[hops.length - 1] = { ...last, fix: DNS_HOPS.busyboxDottedFix(name, zone) };
  }
  return { exitCode: failed ? 1 : 0, stdout, stderr: "", outcome: found ? "ok" : "nxdomain", hops };
}

/**
 * BusyBox 1.28 and earlier: getaddrinfo resolves the name as libc does (search list and ndots),
 * and every address is printed with the name its reverse lookup gives.
 */
function busyboxLibc(ctx: ToolContext, args: readonly string[]): ToolResult {
  const name = args[0];
  if (!name || name.startsWith("-") || args.length > 2) return fail(BUSYBOX_USAGE.nslookup, "error");
  const { cluster, pod } = ctx;
  const server = nameserverOf(ctx).server;
  const line = (n: number, ip: string) => {
    const rev = isIPv4(ip) ? namesOfAddress(cluster, ipToInt(ip))[0] : undefined;
    return `Address ${n}: ${ip}${rev ? ` ${rev.replace(/\.$/, "")}` : ""}\n`;
  };
  const head = `${"Server:".padEnd(10)} ${server}\n${line(1, server)}\n`;
  if (!isIPv4(name)) {
    const policy = queryPolicy(ctx, server);
    if (policy.dropped) return { exitCode: 1, stdout: head, stderr: DNS_TOOLS.busyboxCannotResolve(name), outcome: "timeout", hops: policy.hops };
  }
  const resolution = isIPv4(name) ? undefined : resolveHost(cluster, pod, name, "A", ctx.random.answers);
  const hops = resolution ? dnsHops(ctx, resolution, name) : [];
  const addresses = resolution ? resolution.addresses.map(intToIp) : [name];
  if (addresses.length === 0) return { exitCode: 1, stdout: head, stderr: DNS_TOOLS.busyboxCannotResolve(name), outcome: "nxdomain", hops };
  const body = `${"Name:".padEnd(10)} ${name}\n${addresses.map((ip, i) => line(i + 1, ip)).join("")}`;
  return { exitCode: 0, stdout: head + body, stderr: "", outcome: "ok", hops };
}

/**
 * BIND's nslookup: the search list as the libc resolver applies it (ndots), the answer section
 * (`Non-authoritative answer:` first when the server is not the zone's), then the AAAA lookup of
 * the name that answered, which prints nothing when empty.
 */
function bind(ctx: ToolContext, name: string, type: RecordType | undefined): ToolResult {
  const { cluster, pod, random } = ctx;
  const { server, clusterDNS } = nameserverOf(ctx);
  let stdout = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  // BIND's nslookup turns an address into its in-addr.arpa name and asks PTR, whatever -type says.
  const reverse = isIPv4(name);
  const qtype = reverse ? "PTR" : (type ?? "A");
  const resolution = reverse
    ? {
        queries: [serverResponse(cluster, clusterDNS, `${arpaName(name)}.`, "PTR", random.answers)],
        addresses: [],
        answeredName: undefined,
        nameserver: server,
      }
    : resolveHost(cluster, pod, name, qtype, random.answers);
  const queries: DNSQuery[] = [...resolution.queries];
  const answered = queries.find((q) => q.type === qtype && q.answers.length > 0);
  const shownName = reverse ? arpaName(name) : name;
  if (!answered) {
    const last = queries.at(-1)!;
    stdout += last.rcode === "NOERROR" ? DNS_TOOLS.nslookupNoAnswer(shownName) : DNS_TOOLS.nslookupNXDOMAIN(shownName);
    const exitCode = last.rcode === "NOERROR" ? 0 : 1;
    return { exitCode, stdout, stderr: "", outcome: "nxdomain", hops: dnsHops(ctx, { ...resolution, queries }, name) };
  }
  const records = queries.slice(queries.indexOf(answered)).flatMap((q) => q.answers);
  stdout += `${authoritative(answered) ? "" : "Non-authoritative answer:\n"}${records.map((r) => recordLine(r, true)).join("")}`;
  if (type === undefined && !reverse) {
    const aaaa = serverResponse(cluster, clusterDNS, answered.name, "AAAA", random.answers);
    queries.push(aaaa);
    stdout += aaaa.answers
      .filter((r) => r.type === "AAAA")
      .map((r) => recordLine(r, true))
      .join("");
  }
  stdout += "\n";
  return { exitCode: 0, stdout, stderr: "", outcome: "ok", hops: dnsHops(ctx, { ...resolution, queries }, name) };
}
