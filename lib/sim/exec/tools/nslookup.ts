/** BusyBox `nslookup name`: resolves through the search list and prints the server and the addresses. */
import { intToIp } from "../../ip.js";
import { resolveHost } from "../../dns/resolve-name.js";
import { BUSYBOX_USAGE, DNS_TOOLS } from "../messages.js";
import { dnsHops } from "../resolver.js";
import { fail, ok } from "../result.js";
import type { Tool } from "../tool.js";

/** `nslookup [-option] name`. */
export const nslookup: Tool = {
  run(ctx, args) {
    const { cluster, pod } = ctx;
    const name = args.find((a) => !a.startsWith("-"));
    if (!name) return fail(BUSYBOX_USAGE.nslookup, "error");
    const resolution = resolveHost(cluster, pod, name);
    const hops = dnsHops(ctx, resolution, name);
    const server = resolution.nameserver;
    let stdout = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
    if (resolution.addresses.length === 0) {
      stdout += DNS_TOOLS.nslookupNXDOMAIN(name);
      return { exitCode: 1, stdout, stderr: "", outcome: "nxdomain", hops };
    }
    const answered = resolution.answeredName!.replace(/\.$/, "");
    for (const a of resolution.addresses) stdout += `Name:\t${answered}\nAddress: ${intToIp(a)}\n`;
    stdout += "\n";
    return ok(stdout, { hops });
  },
};
