/**
 * `getent hosts NAME`: the C library's lookup, /etc/hosts first, then DNS. It prints the address
 * and the names (the canonical name first), and exits 2 when the name is not found.
 *
 * @see https://man7.org/linux/man-pages/man1/getent.1.html
 */
import { ErrorCode, PodtalkError } from "../../../model/errors.js";
import { intToIp, isIPv4 } from "../../ip.js";
import { hostsEntries } from "../files.js";
import { SHELL } from "../messages.js";
import { lookupHost } from "../resolver.js";
import type { Tool } from "../tool.js";

/** glibc's getent pads the address to 15 characters. */
const line = (address: string, names: readonly string[]) => `${address.padEnd(15)} ${names.join(" ")}\n`;

export const getent: Tool = {
  run(ctx, args) {
    const [database, ...keys] = args;
    if (database !== "hosts")
      throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`getent ${database ?? ""} (podtalk runs getent hosts NAME)`.trim()));
    if (keys.length === 0) {
      const stdout = hostsEntries(ctx.cluster, ctx.pod)
        .filter((e) => isIPv4(e.address) || e.address.includes(":"))
        .map((e) => line(e.address, e.names))
        .join("");
      return { exitCode: 0, stdout, stderr: "", outcome: "ok", hops: [] };
    }
    let stdout = "";
    let status = 0;
    const hops = [];
    for (const key of keys) {
      const entry = hostsEntries(ctx.cluster, ctx.pod).find((e) => e.names.includes(key) && isIPv4(e.address));
      if (entry) {
        stdout += line(entry.address, entry.names);
        continue;
      }
      const lookup = lookupHost(ctx, key);
      hops.push(...lookup.hops);
      if (lookup.addresses.length === 0) {
        status = 2;
        continue;
      }
      const canonical = lookup.resolution?.answeredName?.replace(/\.$/, "") ?? key;
      const names = canonical === key ? [key] : [canonical];
      for (const address of lookup.addresses) stdout += line(intToIp(address), names);
    }
    return { exitCode: status, stdout, stderr: "", outcome: status === 0 ? "ok" : hops.length > 0 ? "nxdomain" : "error", hops };
  },
};
