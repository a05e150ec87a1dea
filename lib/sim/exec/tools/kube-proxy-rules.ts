/**
 * `iptables-save` and `ipvsadm -Ln` on a node: kube-proxy's rules as the node's own tools print
 * them (the same rules `cluster.proxyRules(node)` shows). Only a node shell has these programs.
 *
 * podtalk keeps the rules of the cluster's proxy mode only: `iptables-save` in IPVS or nftables
 * mode (where kube-proxy writes a few iptables rules beside its own) is not simulated, and
 * `ipvsadm` outside IPVS mode finds no IPVS in the kernel, as on a node where kube-proxy never
 * loaded the ip_vs module.
 *
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/
 */
import { ErrorCode, PodtalkError } from "../../../model/errors.js";
import { proxyModeFor } from "../../kube-proxy/registry.js";
import { IPVSADM, SHELL } from "../messages.js";
import { fail, ok } from "../result.js";
import type { Tool, ToolContext } from "../tool.js";

/** The node's rules in `mode`'s own format, if the cluster runs that mode. */
function rules(ctx: ToolContext, mode: string): string | undefined {
  const impl = proxyModeFor(ctx.cluster.options.proxyMode);
  if (impl.name !== mode) return undefined;
  return impl.render(impl.build(ctx.cluster, ctx.cluster.node(ctx.pod.nodeName!)!));
}

export const iptablesSave: Tool = {
  run(ctx, args) {
    if (args.length > 0) throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`iptables-save ${args.join(" ")}`));
    const text = rules(ctx, "iptables");
    if (text === undefined)
      throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`iptables-save in ${ctx.cluster.options.proxyMode} mode: use cluster.proxyRules(node)`));
    return ok(text.endsWith("\n") ? text : `${text}\n`);
  },
};

export const ipvsadm: Tool = {
  run(ctx, args) {
    const list = args.join(" ");
    if (list !== "-Ln" && list !== "-L -n" && list !== "-ln" && list !== "-nL")
      throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`ipvsadm ${list}`.trim()));
    const text = rules(ctx, "ipvs");
    if (text === undefined) return fail(IPVSADM.noIpvs, "error", { exitCode: 1 });
    return ok(text.endsWith("\n") ? text : `${text}\n`);
  },
};
