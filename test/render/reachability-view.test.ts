/**
 * `cluster.reachability({ port })`: the Pod × Pod truth table of the upstream NetworkPolicy e2e
 * tests (namespaces x, y, z with Pods a, b, c), as text, Table, and a Vega-Lite heatmap with its
 * SVG; the diff of two matrices; plain flannel's all-allowed matrix saying why; bad options.
 */
import { strict as assert } from "node:assert";
import { Cluster, JUPYTER_DISPLAY, PodtalkError } from "../../lib/index.js";
import type { VegaLiteSpec } from "../../lib/render/svg.js";
import { vegaLiteValidator } from "../internal/vega-lite-schema.js";

function model(networkPolicy: string): Cluster {
  const c = new Cluster({ networkPolicy });
  const docs: string[] = [];
  for (const ns of ["x", "y", "z"]) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {ns: ${ns}}}\n`);
    for (const p of ["a", "b", "c"]) {
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata: {name: ${p}, namespace: ${ns}, labels: {pod: ${p}}}\nspec: {containers: [{name: cont-80-tcp, image: registry.k8s.io/e2e-test-images/agnhost:2.53, ports: [{containerPort: 80, name: serve-80-tcp}]}]}\n`,
      );
    }
  }
  c.apply(docs.join("---\n"));
  c.advance("1m");
  return c;
}

// Ingress to x/a only from namespace y (the e2e "should enforce policy based on NamespaceSelector with MatchLabels").
const ALLOW_FROM_Y = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-ns-y, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress: [{from: [{namespaceSelector: {matchLabels: {ns: y}}}]}]
`;

describe("cluster.reachability()", function () {
  this.timeout(60000);

  it("prints the truth table as the e2e tests do: . allowed, X denied, from row to column", () => {
    const c = model("kube-network-policies");
    c.apply(ALLOW_FROM_Y);
    const r = c.reachability({ port: 80 });
    assert.equal(
      String(r),
      [
        "Reachability on port 80/TCP (networkPolicy: kube-network-policies), from row to column: . allowed, X denied",
        "-    x/a  x/b  x/c  y/a  y/b  y/c  z/a  z/b  z/c",
        "x/a  X    .    .    .    .    .    .    .    .",
        "x/b  X    .    .    .    .    .    .    .    .",
        "x/c  X    .    .    .    .    .    .    .    .",
        "y/a  .    .    .    .    .    .    .    .    .",
        "y/b  .    .    .    .    .    .    .    .    .",
        "y/c  .    .    .    .    .    .    .    .    .",
        "z/a  X    .    .    .    .    .    .    .    .",
        "z/b  X    .    .    .    .    .    .    .    .",
        "z/c  X    .    .    .    .    .    .    .    .",
      ].join("\n"),
    );
    assert.equal(r.allowed("y/b", "x/a"), true);
    assert.equal(r.allowed("z/b", "x/a"), false);
    assert.equal(r.cell("y/b", "x/a").why, "ingress: x/allow-ns-y ingress[0]");
    assert.equal(r.cell("z/b", "x/a").why, "ingress dropped: isolated by x/allow-ns-y, no rule allows it");
    assert.deepEqual(r.table.columns, ["-", "x/a", "x/b", "x/c", "y/a", "y/b", "y/c", "z/a", "z/b", "z/c"]);
    assert.equal(r.table.rows[8]!["x/a"], "X");
    // Another port is governed by the same rule (it has no ports: every port).
    assert.equal(c.reachability({ port: 81 }).allowed("z/b", "x/a"), false);
    assert.equal(c.reachability({ port: 80, namespaces: ["x"] }).pods.length, 3);
  });

  it("displays as a Vega-Lite heatmap with its SVG and the text", async () => {
    const c = model("kube-network-policies");
    c.apply(ALLOW_FROM_Y);
    const r = c.reachability({ port: 80 });
    const bundle = await r[JUPYTER_DISPLAY]();
    assert.deepEqual(Object.keys(bundle).sort(), ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]);
    const spec = bundle["application/vnd.vegalite.v5+json"] as VegaLiteSpec;
    const validate = vegaLiteValidator();
    assert.ok(validate(spec), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(bundle["text/plain"], String(r));
    const svg = bundle["image/svg+xml"] as string;
    assert.match(svg, /^<svg /);
    // 81 cells, six of them denied, each labelled with its mark.
    assert.equal((svg.match(/>X<\/text>/g) ?? []).length, 6);
    assert.equal((svg.match(/>\.<\/text>/g) ?? []).length, 75);
  });

  it("diffs two matrices: what a policy changed", () => {
    const c = model("kube-network-policies");
    const before = c.reachability({ port: 80 });
    c.apply(ALLOW_FROM_Y);
    const d = c.reachability({ port: 80 }).diff(before);
    assert.deepEqual(
      d.changed.map((x) => `${x.from}->${x.to}`),
      ["x/a->x/a", "x/b->x/a", "x/c->x/a", "z/a->x/a", "z/b->x/a", "z/c->x/a"],
    );
    const text = String(d);
    assert.ok(text.startsWith("Reachability on port 80/TCP: 6 of 81 connections changed\n-    x/a  x/b"));
    assert.ok(text.includes("\nz/c  .>X  .    ."));
    assert.ok(text.endsWith("  z/c -> x/a: now denied"));
    assert.throws(() => c.reachability({ port: 80, namespaces: ["x"] }).diff(before), /cover different Pods or ports/);
    // Anything but an earlier matrix is refused with podtalk's error, not a TypeError.
    const after = c.reachability({ port: 80 });
    for (const wrong of [undefined, c.snapshot(), { pods: [] }]) {
      assert.throws(
        () => after.diff(wrong as unknown as typeof before),
        (e: unknown) => e instanceof PodtalkError && /reachability\.diff\(before\).*a matrix from cluster\.reachability\(\) taken earlier/.test(e.message),
      );
    }
  });

  it("under plain flannel allows everything and says the plugin does not enforce NetworkPolicy", () => {
    const c = model("none");
    c.apply(ALLOW_FROM_Y);
    const r = c.reachability({ port: 80 });
    assert.ok(r.cells.every((x) => x.allowed));
    assert.match(String(r), /\nThe cluster's network plugin does not enforce NetworkPolicy: every connection is allowed, whatever the policies say\.\n/);
  });

  it("refuses a missing or bad port, an unknown protocol and a Pod not in the matrix", () => {
    const c = model("kube-network-policies");
    assert.throws(() => c.reachability({} as { port: number }), PodtalkError);
    assert.throws(() => c.reachability({ port: 0 }), /port.*a port from 1 to 65535/);
    assert.throws(() => c.reachability({ port: 80, protocol: "ICMP" as "TCP" }), /"TCP", "UDP" or "SCTP"/);
    assert.throws(() => c.reachability({ port: 80 }).allowed("q/a", "x/a"), /Pod "q\/a" is not in this reachability matrix/);
  });
});
