import { strict as assert } from "node:assert";
import { JUPYTER_DISPLAY, PodtalkError } from "../../lib/index.js";
import { apiCluster } from "../queries/fixture.js";

describe("proxyRules(node).forService()", () => {
  for (const mode of ["iptables", "ipvs", "nftables"] as const) {
    it(`${mode}: keeps the Service's lines of the tool's output, in its order, and only them`, () => {
      const c = apiCluster({ proxyMode: mode });
      const all = c.proxyRules("node-2");
      const api = all.forService("default/api");
      const lines = all.text.split("\n");
      const mine = api.text.trimEnd().split("\n");
      assert.ok(mine.length > 2);
      // Every line is a line of the whole output, in the same order.
      let at = -1;
      for (const l of mine) {
        // nft prints a set's elements on one line: the Service's own are a part of the whole line.
        if (!lines.includes(l)) {
          // nft prints a set's elements together: the Service's own are part of the whole list.
          for (const e of l
            .replace(/^\s*elements = \{/, "")
            .replace(/\s*\}?,?$/, "")
            .split(", "))
            assert.ok(all.text.includes(e.trim()), e);
          continue;
        }
        at = lines.indexOf(l, at + 1);
        assert.ok(at >= 0, `${l} is not in the rules, or out of order`);
      }
      const ip = c.service("api").clusterIP!;
      assert.ok(mine.some((l) => l.includes(ip)));
      assert.ok(!mine.some((l) => l.includes(c.service("kubernetes").clusterIP!)));
      for (const e of c.service("api").endpoints) assert.ok(mine.some((l) => l.includes(`${e.ip}:${e.port}`)));
      assert.deepEqual(api.ports, ["default/api:http", "default/api:metrics"]);
      assert.equal(api.mode, mode);
      assert.equal(api.node, "node-2");
    });

    it(`${mode}: narrows the mode's data and table to the Service, or one named port`, () => {
      const c = apiCluster({ proxyMode: mode });
      const http = c.proxyRules("node-2").forService("default/api:http");
      const data = http.rules as unknown as Record<string, unknown>;
      const entries = (data["services"] ?? data["virtualServers"]) as { port: { portName: string } }[];
      assert.ok(entries.length > 0);
      assert.ok(entries.every((e) => e.port.portName === "default/api:http"));
      assert.ok(http.table.rows.length > 0);
      assert.ok(!http.text.includes("default/api:metrics") && !http.text.includes("default/api/tcp/metrics"));
      assert.ok(!http.table.rows.some((r) => Object.values(r).some((v: unknown) => String(v).includes("kube-dns"))));
      assert.equal(c.proxyRules("node-2").forService("api").text, c.proxyRules("node-2").forService("default/api").text);
    });
  }

  it("iptables: has the KUBE-SVC chain and each endpoint's DNAT", () => {
    const c = apiCluster();
    const text = c.proxyRules("node-1").forService("default/api:http").text;
    assert.match(text, /^:KUBE-SVC-[A-Z0-9]{16} - \[0:0\]$/m);
    for (const e of c.service("api").endpoints.filter((x) => x.portName === "http")) assert.match(text, new RegExp(`DNAT --to-destination ${e.ip}:80$`, "m"));
    // Each line under its table's header, as iptables-save frames them; the filter table has no rule for it.
    assert.match(text, /^\*nat\n:KUBE-/);
    assert.match(text, /\nCOMMIT\n$/);
    assert.ok(!text.includes("*filter"));
  });

  it("a Service without endpoints: iptables' REJECT under *filter, nftables' no-endpoint-services element", () => {
    const lonely = "apiVersion: v1\nkind: Service\nmetadata: {name: lonely}\nspec: {selector: {app: none}, ports: [{port: 80}]}";
    const ipt = apiCluster();
    ipt.apply(lonely);
    const ip = ipt.service("lonely").clusterIP!;
    assert.equal(
      ipt.proxyRules("node-2").forService("lonely").text,
      `*filter\n-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "default/lonely has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable\nCOMMIT\n`,
    );
    const nft = apiCluster({ proxyMode: "nftables" });
    nft.apply(lonely);
    assert.match(
      nft.proxyRules("node-2").forService("lonely").text,
      /\tmap no-endpoint-services \{\n\t\telements = \{ [\d.]+ \. tcp \. 80 comment "default\/lonely" : goto reject-chain \}\n\t\}/,
    );
  });

  it("nftables: closes each chain it opens", () => {
    const text = apiCluster({ proxyMode: "nftables" }).proxyRules("node-1").forService("default/api").text;
    assert.equal((text.match(/\{$/gm) ?? []).length, (text.match(/^\s*\}$/gm) ?? []).length);
    assert.match(text, /chain service-[A-Z0-9]{8}-default\/api\/tcp\/http \{/);
  });

  it("says which Services it knows when the Service or port is unknown", () => {
    const c = apiCluster();
    const rules = c.proxyRules("node-1");
    assert.throws(
      () => rules.forService("default/nope"),
      (e: unknown) =>
        e instanceof PodtalkError && e.message === "no Service default/nope; kube-proxy programs default/api, default/kubernetes, kube-system/kube-dns",
    );
    assert.throws(
      () => rules.forService("default/api:grpc"),
      (e: unknown) => e instanceof PodtalkError && e.message === 'default/api has no port named "grpc"; its ports are default/api:http, default/api:metrics',
    );
    c.apply("apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}");
    assert.throws(
      () => c.proxyRules("node-1").forService("default/db"),
      /default\/db has no ClusterIP \(a headless Service\), so kube-proxy writes no rules for it/,
    );
    assert.throws(() => rules.forService(7 as unknown as string), /forService\(service\)/);
  });

  it("displays as a table with the tool's lines", () => {
    const r = apiCluster().proxyRules("node-1").forService("default/api");
    const bundle = r[JUPYTER_DISPLAY]();
    assert.ok(String(bundle["text/html"]).includes("<table"));
    assert.equal(bundle["text/plain"], r.text.trimEnd());
    assert.equal(String(r), r.text);
  });
});
