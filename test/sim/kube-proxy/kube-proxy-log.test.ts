/**
 * kube-proxy's start-up log (cmd/kube-proxy/app/server.go and server_linux.go, v1.35): klog's
 * text format, the same sequence in every mode with each mode's own lines where kube-proxy
 * writes them.
 */
import { strict as assert } from "node:assert";
import { IPVS_DEPRECATION } from "../../../lib/model/version.js";
import { kubeProxyLogLines } from "../../../lib/sim/kube-proxy/kube-proxy-log.js";
import { proxyModeFor } from "../../../lib/sim/kube-proxy/registry.js";
import type { ProxyModeImpl } from "../../../lib/sim/kube-proxy/proxy-mode.js";

const lines = (mode: string, startedAt = 0, until = 60) => kubeProxyLogLines(proxyModeFor(mode), "172.18.0.3", startedAt, until);
const sources = (mode: string) => lines(mode).map((l) => l.slice(l.indexOf(" 1 ") + 3));

describe("kube-proxy's start-up log", () => {
  it("stamps each line as klog does: severity, mmdd, time to the microsecond, PID 1 right-aligned in 7, file:line, the quoted message", () => {
    const ipvs = lines("ipvs", 3725.5, 4000);
    assert.equal(ipvs[6], 'I0106 10:02:05.958879       1 server_linux.go:193] "Using ipvs Proxier"');
    assert.equal(ipvs[7], `E0106 10:02:05.958935       1 server_linux.go:195] "${IPVS_DEPRECATION}"`);
  });

  it("defaults kubeadm's empty mode to iptables and complains about the unset nodePortAddresses, before the proxier's line", () => {
    const log = sources("iptables");
    assert.equal(log[0], 'server_linux.go:53] "Using iptables proxy"');
    const complaint = log.findIndex((l) => l.includes("nodePortAddresses is unset"));
    assert.ok(complaint > 0 && complaint < log.indexOf('server_linux.go:136] "Using iptables Proxier"'));
    assert.ok(log.includes('server.go:218] "Successfully retrieved NodeIPs" NodeIPs=["172.18.0.3"]'));
  });

  it("logs IPVS's deprecation right after its proxier, and nftables' proxier with neither defaulting nor complaint", () => {
    const ipvs = sources("ipvs");
    assert.equal(ipvs[ipvs.indexOf('server_linux.go:193] "Using ipvs Proxier"') + 1], `server_linux.go:195] "${IPVS_DEPRECATION}"`);
    assert.ok(!ipvs.some((l) => l.includes("Using iptables proxy")));
    const nft = sources("nftables");
    assert.ok(nft.includes('server_linux.go:253] "Using nftables Proxier"'));
    assert.ok(!nft.some((l) => l.includes("nodePortAddresses is unset") || l.includes("Using iptables")));
  });

  it("has written only what it had by then, and nothing for a registered mode that gives no line", () => {
    assert.deepEqual(lines("ipvs", 10, 10.2), []);
    assert.equal(lines("iptables", 10, 10.25).length, 1, "only the defaulting line in the first 250 ms");
    const silent = { ...proxyModeFor("iptables"), name: "first-endpoint", startupLog: undefined } as ProxyModeImpl;
    assert.deepEqual(kubeProxyLogLines(silent, "172.18.0.3", 0, 100), []);
  });
});
