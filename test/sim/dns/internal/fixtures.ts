/** Fixtures the DNS tests share. */
import type { ResolvConf } from "../../../../lib/sim/dns/resolv-conf.js";

/** The resolv.conf of a ClusterFirst Pod in namespace shop. */
export const shopConf: ResolvConf = {
  nameservers: ["10.96.0.10"],
  searches: ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local"],
  options: ["ndots:5"],
};
