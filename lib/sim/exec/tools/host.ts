/** `host name` (and `host a.b.c.d` for a reverse lookup), through the search list as libc resolves. */
import { intToIp, isIPv4 } from "../../ip.js";
import { lookup } from "../../dns/records.js";
import { resolveHost } from "../../dns/resolve-name.js";
import { DNS_TOOLS } from "../messages.js";
import { dnsHops } from "../resolver.js";
import { fail, ok } from "../result.js";
import type { Tool } from "../tool.js";

/** `host [-t type] name`. */
export const host: Tool = {
  run(ctx, args) {
    const { cluster, pod } = ctx;
    const name = args.find((a) => !a.startsWith("-"));
    if (!name) return fail(DNS_TOOLS.hostUsage, "error");
    if (isIPv4(name)) {
      const arpa = `${name.split(".").reverse().join(".")}.in-addr.arpa`;
      const r = lookup(cluster, `${arpa}.`, "PTR");
      const lines = r.answers.map((a) => `${arpa} domain name pointer ${a.data}\n`).join("");
      return r.answers.length ? ok(lines) : fail(DNS_TOOLS.hostNXDOMAIN(arpa), "nxdomain");
    }
    const resolution = resolveHost(cluster, pod, name, "A", ctx.random.answers);
    const hops = dnsHops(ctx, resolution, name);
    if (resolution.addresses.length === 0) return { exitCode: 1, stdout: DNS_TOOLS.hostNXDOMAIN(name), stderr: "", outcome: "nxdomain", hops };
    const answered = resolution.answeredName!.replace(/\.$/, "");
    const cname = resolution.queries.flatMap((q) => q.answers).filter((a) => a.type === "CNAME");
    const lines = [
      ...cname.map((c) => `${c.name.replace(/\.$/, "")} is an alias for ${c.data.replace(/\.$/, "")}.`),
      ...resolution.addresses.map((a) => `${answered} has address ${intToIp(a)}`),
    ];
    return ok(`${lines.join("\n")}\n`, { hops });
  },
};
