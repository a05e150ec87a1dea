/**
 * `nft list table ip kube-proxy` and `nft list ruleset` on a node: a hostNetwork Pod (a node
 * shell, such as `kubectl debug node/…` gives) sees the node's nftables, where kube-proxy's
 * nftables mode keeps its one table. Any other Pod has its own network namespace and no
 * CAP_NET_ADMIN, so nft cannot read its ruleset at all.
 *
 * podtalk's `nft list ruleset` prints kube-proxy's table only: the tables iptables-nft keeps for
 * the kubelet's and flannel's iptables rules are not simulated.
 *
 * @see https://git.netfilter.org/nftables/tree/doc/nft.txt (LIST)
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-mode-nftables
 */
import { ErrorCode, PodtalkError } from "../../../model/errors.js";
import { proxyModeFor } from "../../kube-proxy/registry.js";
import { NFT, SHELL } from "../messages.js";
import { fail, ok } from "../result.js";
import type { Tool } from "../tool.js";

/** The table kube-proxy's nftables mode writes; only that mode's rules say `nft`. */
const TABLE = "kube-proxy";

export const nft: Tool = {
  run(ctx, args) {
    const command = args.join(" ");
    const family = args[2] === "ip" ? 1 : 0;
    const table = args[0] === "list" && args[1] === "table" && args.length === 3 + family && args[2 + family] === TABLE;
    const ruleset = command === "list ruleset";
    if (!table && !ruleset) throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`nft ${command}`.trim()));
    if (!ctx.pod.spec.hostNetwork) return fail(NFT.notPermitted, "error");
    const node = ctx.cluster.node(ctx.pod.nodeName!)!;
    const mode = proxyModeFor(ctx.cluster.options.proxyMode);
    if (mode.name !== "nftables") {
      // Other modes keep no nftables table of kube-proxy's (kube-proxy removes it when it starts).
      if (ruleset) return ok("");
      return fail(NFT.noSuchTable(command, command.length - TABLE.length, TABLE), "error");
    }
    return ok(mode.render(mode.build(ctx.cluster, node)));
  },
};
