/**
 * `hostname [-f|-s|-d|-i]`. hostNetwork Pods share the node's UTS namespace, so they print the
 * node's name. `-f` is the canonical name of the host name in /etc/hosts, where the kubelet writes
 * `<hostname>.<subdomain>.<namespace>.svc.<domain>` for Pods with a subdomain.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-hostname-and-subdomain-fields
 */
import { ErrorCode, PodtalkError } from "../../../model/errors.js";
import { containerHostname } from "../env.js";
import { hostsEntries } from "../files.js";
import { SHELL } from "../messages.js";
import { ok } from "../result.js";
import type { Tool } from "../tool.js";

export const hostname: Tool = {
  run(ctx, args) {
    const name = containerHostname(ctx.pod);
    const flag = args[0];
    if (flag === undefined) return ok(`${name}\n`);
    const entry = hostsEntries(ctx.cluster, ctx.pod).find((e) => e.names.includes(name) && !e.address.includes(":"));
    const fqdn = entry?.names[0] ?? name;
    switch (flag) {
      case "-f":
      case "--fqdn":
      case "--long":
        return ok(`${fqdn}\n`);
      case "-s":
      case "--short":
        return ok(`${name.split(".")[0]}\n`);
      case "-d":
      case "--domain":
        return ok(`${fqdn.includes(".") ? fqdn.slice(fqdn.indexOf(".") + 1) : ""}\n`);
      case "-i":
      case "--ip-address":
        return ok(`${entry?.address ?? ""}\n`);
      default:
        throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`hostname ${args.join(" ")} (podtalk runs hostname, -f, -s, -d and -i)`));
    }
  },
};
