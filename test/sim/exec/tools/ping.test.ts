/**
 * `ping` prints what the image's ping prints: BusyBox's applet in busybox, iputils' in netshoot
 * (its Dockerfile installs the `iputils` package over BusyBox's applet).
 *
 * @see https://github.com/nicolaka/netshoot/blob/master/Dockerfile
 * @see https://github.com/iputils/iputils/blob/master/ping/ping_common.c (finish, pr_addr)
 * @see https://git.busybox.net/busybox/tree/networking/ping.c
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../../../lib/index.js";
import { podWith, serviceWith, whoamiContainer } from "../../internal/fixtures.js";
import { run, shellCluster } from "../internal/shell-cluster.js";

describe("ping", () => {
  const cluster = shellCluster();
  cluster.advance("30s");
  const apiIP = cluster.get("pods").rows.find((r) => r["NAME"] === "api")!["IP"]!;

  it("in netshoot prints iputils' lines: the canonical name, icmp_seq from 1, the reply's reverse name, mdev", () => {
    // The Pod's A record in the pod zone; its address's PTR record is the one CoreDNS gives an
    // endpoint of Service my-api.
    const dashed = apiIP.replaceAll(".", "-");
    const t = run(cluster, "client", `ping -c 2 ${dashed}.default.pod.cluster.local`);
    assert.equal(t.exitCode, 0, t.stderr);
    const lines = t.stdout.split("\n");
    assert.equal(lines[0], `PING ${dashed}.default.pod.cluster.local (${apiIP}) 56(84) bytes of data.`);
    assert.match(lines[1]!, /^64 bytes from [\d-]+\.my-api\.default\.svc\.cluster\.local \([\d.]+\): icmp_seq=1 ttl=62 time=\d\.\d{3} ms$/);
    assert.ok(lines[1]!.startsWith(`64 bytes from ${dashed}.my-api.default.svc.cluster.local (${apiIP}): `));
    assert.match(lines[2]!, /: icmp_seq=2 ttl=62 /);
    assert.match(
      t.stdout,
      /\n--- [\d-]+\.default\.pod\.cluster\.local ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time \d+ms\nrtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms\n$/,
    );
  });

  it("in netshoot names the host by its search-list FQDN and prints addresses as given when the target is an address", () => {
    const byName = run(cluster, "client", "ping -c 1 my-api");
    assert.match(
      byName.stdout,
      /^PING my-api\.default\.svc\.cluster\.local \(10\.\d+\.\d+\.\d+\) 56\(84\) bytes of data\.\n\n--- my-api\.default\.svc\.cluster\.local ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n$/,
    );
    assert.equal(byName.exitCode, 1);
    const byIP = run(cluster, "client", `ping -c 1 ${apiIP}`);
    assert.match(byIP.stdout, new RegExp(`^PING ${apiIP} \\(${apiIP}\\) 56\\(84\\) bytes of data\\.\\n64 bytes from ${apiIP}: icmp_seq=1 `));
  });

  it("in netshoot refuses bad arguments and unknown names with iputils' words and exit 2", () => {
    assert.deepEqual(
      ["ping -c 1.5 my-api", "ping -c 0 my-api", "ping", "ping -c 1 nosuch"].map((c) => {
        const t = run(cluster, "client", c);
        return [t.exitCode, t.stderr];
      }),
      [
        [2, "ping: invalid argument: '1.5'\n"],
        [2, "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n"],
        [2, "ping: usage error: Destination address required\n"],
        [2, "ping: nosuch: Name does not resolve\n"],
      ],
    );
  });

  it("in busybox keeps BusyBox's format: seq from 0, `packets received`, round-trip without mdev", () => {
    const t = run(cluster, "bb", `ping -c 2 ${apiIP}`);
    assert.match(t.stdout, new RegExp(`^PING ${apiIP} \\(${apiIP}\\): 56 data bytes\\n64 bytes from ${apiIP}: seq=0 ttl=62 `));
    assert.match(t.stdout, /\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min\/avg\/max = [\d.]+\/[\d.]+\/[\d.]+ ms\n$/);
    assert.equal(run(cluster, "bb", "ping -c 1.5 my-api").stderr, "ping: invalid number '1.5'\n");
  });

  it("in netshoot under IPVS prints one Destination Port Unreachable per request to a ClusterIP, counted as errors", () => {
    const ipvs = new Cluster({ nodes: 2, seed: 1, proxyMode: "ipvs" });
    ipvs.apply([
      podWith("api", [whoamiContainer("whoami", 80)], { labels: { app: "api" }, spec: { nodeName: "node-2" } }),
      serviceWith("my-api", { selector: { app: "api" }, ports: [{ port: 80 }] }),
      podWith("client", [{ name: "netshoot", image: "nicolaka/netshoot", command: ["sleep", "infinity"] }], { spec: { nodeName: "node-2" } }),
    ]);
    ipvs.advance("30s");
    const t = ipvs.exec("client", "ping -c 2 my-api");
    assert.equal(t.exitCode, 1);
    const from = /\nFrom (my-api\.default\.svc\.cluster\.local \(10\.[\d.]+\)) icmp_seq=1 Destination Port Unreachable\n/.exec(t.stdout);
    assert.ok(from, t.stdout);
    assert.match(t.stdout, /\n2 packets transmitted, 0 received, \+2 errors, 100% packet loss, time \d+ms\n/);
  });
});
