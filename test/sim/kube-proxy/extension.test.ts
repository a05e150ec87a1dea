/**
 * The public extension point for kube-proxy modes: a mode written outside podtalk, registered
 * through the package entry, then used by a cluster for its rules view, `exec` and `load`. The
 * mode below does nothing useful on purpose (every connection goes to the first endpoint); what
 * matters is that it is one module and that nothing else had to change.
 */
import { strict as assert } from "node:assert";
import {
  Cluster,
  ErrorCode,
  PodtalkError,
  mimeBundleOf,
  registerProxyMode,
  servicePorts,
  type NodeProxyRules,
  type ProxyModeImpl,
} from "../../../lib/index.js";
import { pinnedDeployment, pod, serviceWith, whoamiContainer } from "../internal/fixtures.js";

/** The "first" mode's rules: one entry per Service port, pointing at its first ready endpoint. */
interface FirstRules extends NodeProxyRules {
  readonly entries: readonly { readonly service: string; readonly vip: string; readonly first: string }[];
}

const addressOf = (e: { readonly ip: number; readonly port: number }) => `${e.ip >>> 24}.${(e.ip >>> 16) & 255}.${(e.ip >>> 8) & 255}.${e.ip & 255}:${e.port}`;

/** A proxy mode that always picks the first endpoint and prints one line. */
const firstMode: ProxyModeImpl<FirstRules> = {
  name: "first",
  tool: "first-rules",
  clusterIPDevice: undefined,
  build: (view, node) => ({
    node,
    mode: "first",
    entries: servicePorts(view).map((p) => ({
      service: p.portName,
      vip: `${p.clusterIP}:${p.port}`,
      first: p.endpoints[0] ? addressOf(p.endpoints[0]) : "<none>",
    })),
  }),
  render: (rules) => `first on ${rules.node.name}: ${rules.entries.length} service ports\n`,
  table: (rules) => ({
    columns: ["SERVICE", "VIP", "FIRST"],
    rows: rules.entries.map((e) => ({ SERVICE: e.service, VIP: e.vip, FIRST: e.first })),
    caption: `first-rules on ${rules.node.name}`,
  }),
  choose: (_view, port) => ({ index: 0, endpoint: port.endpoints[0]!, address: addressOf(port.endpoints[0]!), how: "first" }),
  rejectRule: () => undefined,
  translation: (_view, _port, choice, site) => ({
    device: undefined,
    summary: `the first mode sends ${site.dst} to ${choice.address}`,
    rule: `${site.dst} -> ${choice.address}`,
  }),
};

describe("registerProxyMode() from the package entry", () => {
  let unregister: () => void = () => {};
  before(() => {
    unregister = registerProxyMode(firstMode);
  });
  after(() => unregister());

  function cluster(): Cluster {
    const c = new Cluster({ nodes: 2, seed: 1, proxyMode: "first" });
    c.apply([
      pod("client", { nodeName: "node-1" }),
      pinnedDeployment("api", 3, "node-2", [whoamiContainer()]),
      serviceWith("api", { selector: { app: "api" }, ports: [{ port: 8080 }] }),
    ]);
    return c;
  }

  it("shows the mode's own text and its table in proxyRules()", async () => {
    const c = cluster();
    const rules = c.proxyRules("node-1");
    assert.equal(rules.mode, "first");
    assert.equal(rules.text, "first on node-1: 5 service ports\n");
    assert.deepEqual(rules.table.columns, ["SERVICE", "VIP", "FIRST"]);
    assert.deepEqual(
      rules.table.rows.map((r) => r["SERVICE"]),
      ["default/api", "default/kubernetes:https", "kube-system/kube-dns:dns", "kube-system/kube-dns:dns-tcp", "kube-system/kube-dns:metrics"],
    );
    assert.equal(rules.table.caption, "first-rules on node-1");
    assert.equal((rules.rules as FirstRules).entries.length, 5);
    const html = (await mimeBundleOf(rules))["text/html"] as string;
    assert.match(html, /<summary>first-rules<\/summary>/);
  });

  it("sends every curl through the mode: always the first endpoint, with the mode's hop text", () => {
    const c = cluster();
    const first = c.proxyRules("node-1").table.rows.find((r) => r["SERVICE"] === "default/api")!["FIRST"];
    const served = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const t = c.exec("client", "curl -s http://api:8080/");
      assert.equal(t.exitCode, 0);
      served.add(`${t.servedBy!.ip}:${t.servedBy!.port}`);
      const proxyHop = t.hops.find((h) => h.kind === "kube-proxy")!;
      assert.match(proxyHop.summary, /^the first mode sends \d+\.\d+\.\d+\.\d+:8080 to /);
      assert.equal(proxyHop.rule, `${proxyHop.dst} -> ${first}`);
    }
    assert.deepEqual([...served], [first]);
  });

  it("gives load() every request to one Pod and names the mode", () => {
    const result = cluster().load("client", "http://api:8080/", { requests: 50 });
    assert.equal(result.proxyMode, "first");
    assert.equal(result.servedBy.length, 1);
    assert.equal(result.servedBy[0]!.count, 50);
  });

  it("lists the registered mode among the choices for an unknown one", () => {
    assert.throws(
      () => new Cluster({ proxyMode: "ebpf" }),
      (e: unknown) =>
        e instanceof PodtalkError &&
        e.code === ErrorCode.BadRequest &&
        e.message === `Unknown proxyMode "ebpf": choose "iptables", "ipvs", "nftables" or "first"`,
    );
  });
});

describe("ClusterOptions.proxyMode without extra registrations", () => {
  it("refuses an unknown mode with the built-in choices", () => {
    assert.throws(
      () => new Cluster({ proxyMode: "first" }),
      (e: unknown) => e instanceof PodtalkError && e.message === `Unknown proxyMode "first": choose "iptables", "ipvs" or "nftables"`,
    );
  });
});
