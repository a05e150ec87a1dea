/**
 * kube-proxy's start-up log lines (cmd/kube-proxy/app/server_linux.go createProxier, v1.35):
 * klog's text format, one line per built-in mode and the IPVS deprecation error.
 */
import { strict as assert } from "node:assert";
import { IPVS_DEPRECATION } from "../../../lib/model/version.js";
import { kubeProxyLogLines } from "../../../lib/sim/kube-proxy/startup-log.js";

describe("kubeProxyLogLines()", () => {
  it("stamps each line as klog does: severity, mmdd, time to the microsecond, PID 1 right-aligned in 7, file:line, the quoted message", () => {
    assert.deepEqual(kubeProxyLogLines("ipvs", 3725.5, 4000), [
      'I0106 10:02:05.717169       1 server_linux.go:193] "Using ipvs Proxier"',
      `E0106 10:02:05.717225       1 server_linux.go:195] "${IPVS_DEPRECATION}"`,
    ]);
  });

  it("names each built-in proxier, and the nftables one without a deprecation", () => {
    assert.deepEqual(
      kubeProxyLogLines("iptables", 0, 1).map((l) => l.slice(l.indexOf(" server_"))),
      [' server_linux.go:136] "Using iptables Proxier"'],
    );
    assert.deepEqual(
      kubeProxyLogLines("nftables", 0, 1).map((l) => l.slice(l.indexOf(" server_"))),
      [' server_linux.go:253] "Using nftables Proxier"'],
    );
  });

  it("has written nothing yet in the first 217 ms, and nothing for a mode a course registered", () => {
    assert.deepEqual(kubeProxyLogLines("ipvs", 10, 10.2), []);
    assert.deepEqual(kubeProxyLogLines("first-endpoint", 0, 100), []);
    assert.deepEqual(kubeProxyLogLines("toString", 0, 100), []);
  });
});
