import { strict as assert } from "node:assert";
import { Simulation } from "../../../lib/sim/index.js";
import { renderResolvConf, resolvConf } from "../../../lib/sim/dns/resolv-conf.js";
import { namespace, pod } from "../internal/fixtures.js";
import { shopConf } from "./internal/fixtures.js";

describe("resolvConf() and renderResolvConf()", () => {
  const sim = new Simulation({ nodes: 1, systemPods: false });
  sim.apply([namespace("shop"), pod("client", { namespace: "shop" })]);

  it("writes search, nameserver and ndots:5 for a ClusterFirst Pod", () => {
    const conf = resolvConf(sim, sim.pod("shop", "client")!);
    assert.deepEqual(conf, shopConf);
    assert.equal(renderResolvConf(conf), "search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
  });

  it("follows the clusterDomain option", () => {
    const other = new Simulation({ nodes: 1, systemPods: false, clusterDomain: "corp.internal" });
    other.apply(pod("client"));
    assert.deepEqual(resolvConf(other, other.pod("default", "client")!).searches, ["default.svc.corp.internal", "svc.corp.internal", "corp.internal"]);
  });
});
