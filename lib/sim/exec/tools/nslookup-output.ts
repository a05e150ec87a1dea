/**
 * What the two nslookups print for one response: BusyBox 1.29+ prints every reply as it comes
 * (`parse_reply()`), BIND prints the answer section in its own layout. Record lines are shared:
 * `Name:\t<owner>` / `Address: <ip>`, `<owner>\tcanonical name = <target>`, `\tname = `,
 * `\tservice = `, `\ttext = `.
 *
 * @see https://git.busybox.net/busybox/tree/networking/nslookup.c
 * @see https://gitlab.isc.org/isc-projects/bind9/-/blob/main/bin/dig/nslookup.c
 */
import type { DNSQuery, ResourceRecord } from "../../dns/records.js";

/** `<name>` without its trailing dot (BusyBox prints owner and target names so). */
const bare = (name: string) => name.replace(/\.$/, "");

/** One record as nslookup prints it; `dots` keeps the trailing dot of targets (BIND does, BusyBox does not). */
export function recordLine(r: ResourceRecord, dots: boolean): string {
  const target = (t: string) => (dots ? t : bare(t));
  switch (r.type) {
    case "A":
    case "AAAA":
      return `Name:\t${bare(r.name)}\nAddress: ${r.data}\n`;
    case "CNAME":
      return `${bare(r.name)}\tcanonical name = ${target(r.data)}\n`;
    case "PTR":
      return `${bare(r.name)}\tname = ${target(r.data)}\n`;
    case "TXT":
      return `${bare(r.name)}\ttext = ${r.data}\n`;
    case "SRV": {
      const [priority, weight, port, host] = r.data.split(" ");
      return `${bare(r.name)}\tservice = ${priority} ${weight} ${port} ${target(host!)}\n`;
    }
    case "SOA": {
      const [ns, mbox, serial, refresh, retry, expire, minimum] = r.data.split(" ");
      const t = (x: string | undefined) => (dots ? x! : bare(x!));
      return `${bare(r.name)}\n\torigin = ${t(ns)}\n\tmail addr = ${t(mbox)}\n\tserial = ${serial}\n\trefresh = ${refresh}\n\tretry = ${retry}\n\texpire = ${expire}\n\tminimum = ${minimum}\n`;
    }
  }
}

/** Only answers from another server than the zone's own lack the `aa` flag. */
export const authoritative = (q: DNSQuery) => q.answeredBy === "cluster";

/**
 * BusyBox 1.29+: one block per reply, in the order the queries went out. An error rcode prints
 * `** server can't find` and makes the exit code 1; an empty answer prints `*** Can't find …: No
 * answer`; a non-authoritative one starts with `Non-authoritative answer:`.
 */
export function busyboxReply(q: DNSQuery): string {
  // The query's name as BusyBox built it (the argument as typed, or with a search domain).
  const asked = q.name;
  if (q.rcode !== "NOERROR") return `** server can't find ${asked}: ${q.rcode}\n\n`;
  const head = authoritative(q) ? "" : "Non-authoritative answer:\n";
  if (q.answers.length === 0) return `${head}*** Can't find ${asked}: No answer\n\n`;
  return `${head}${q.answers.map((r) => recordLine(r, false)).join("")}\n`;
}
