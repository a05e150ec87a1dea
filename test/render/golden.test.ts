/**
 * Golden files: each view of the course scenario (spec, SVG and text) pinned byte for byte in
 * test/render/golden/. `UPDATE_GOLDEN=1 npm test` rewrites them; review their diffs like code.
 */
import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Cluster, diff, mimeBundleOf, type MimeBundle } from "../../lib/index.js";
import { renderSVG, type VegaLiteSpec } from "../../lib/render/index.js";
import { COURSE_YAML } from "./internal/course-scenario.js";
import { engineOf } from "../../lib/internal/engine.js";

/** In the source tree, not under dist/: the files are reviewed and committed. */
const GOLDEN_DIR = path.resolve(__dirname, "../../../test/render/golden");
const UPDATE = process.env["UPDATE_GOLDEN"] === "1";
const VEGA_LITE = "application/vnd.vegalite.v5+json";

/** Where two texts first differ, as `line N: golden … / now …`. */
function firstDifference(golden: string, actual: string): string {
  const a = golden.split("\n");
  const b = actual.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      const cut = (s: string | undefined) => (s === undefined ? "<end of file>" : s.length > 200 ? `${s.slice(0, 200)}…` : s);
      return `line ${i + 1}:\n  golden: ${cut(a[i])}\n  now:    ${cut(b[i])}`;
    }
  }
  return "(no line differs; line endings or a trailing newline do)";
}

/**
 * Compares `actual` with the golden file `name`, byte for byte; with UPDATE_GOLDEN=1 writes it
 * instead. Text files end with one newline so that diffs read well.
 */
function assertGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  const content = actual.endsWith("\n") ? actual : `${actual}\n`;
  if (UPDATE) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, content);
    return;
  }
  const rel = path.relative(path.resolve(GOLDEN_DIR, "../../.."), file);
  if (!existsSync(file)) {
    assert.fail(`golden file ${rel} is missing; create it with UPDATE_GOLDEN=1 npm test, look at it, and commit it`);
  }
  const golden = readFileSync(file, "utf8");
  if (golden !== content) {
    assert.fail(
      `${rel} differs from what the view renders now, at ${firstDifference(golden, content)}\n` +
        `If the change is intended, re-run with UPDATE_GOLDEN=1 npm test and review the diff (git diff ${rel}) like code before committing it.`,
    );
  }
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The two requests whose diagrams are pinned: one served, one that times out at kube-proxy. */
const TRACES = [
  ["trace-ok", "curl -s http://my-api:8080/"],
  ["trace-failing", "curl -s --max-time 2 http://my-api:9999/"],
] as const;

describe("golden files of the course views", function () {
  this.timeout(120000);
  const bundles = new Map<string, MimeBundle>();
  const traces = new Map<string, { spec: VegaLiteSpec; text: string }>();
  const cluster = new Cluster({ nodes: 3, seed: 1 });
  const ipvs = new Cluster({ nodes: 3, seed: 1, proxyMode: "ipvs" });
  const nft = new Cluster({ nodes: 3, seed: 1, proxyMode: "nftables" });

  before(async () => {
    if (UPDATE) console.log(`      UPDATE_GOLDEN=1: writing golden files to ${GOLDEN_DIR}`);
    cluster.apply(COURSE_YAML);
    cluster.advance("30s");
    ipvs.apply(COURSE_YAML);
    ipvs.advance("30s");
    nft.apply(COURSE_YAML);
    nft.advance("30s");
    bundles.set("topology", await mimeBundleOf(cluster.topology()));
    bundles.set("topology-highlight", await mimeBundleOf(cluster.topology({ highlight: ["my-api"], system: true })));
    bundles.set("topology-devices", await mimeBundleOf(cluster.topology({ devices: true })));
    const before = cluster.snapshot();
    const api = engineOf(cluster)
      .pods("default")
      .filter((p) => p.name.startsWith("api-"));
    cluster.deletePod(api[api.length - 1]!.name);
    cluster.advance("60s");
    bundles.set("timeline", await mimeBundleOf(cluster.timeline()));
    bundles.set("diff", await mimeBundleOf(diff(before, cluster.snapshot())));
    // Traces first, in a fixed order: each takes the next ephemeral port and random pick.
    for (const [name, command] of TRACES) {
      const trace = cluster.exec("client", command);
      traces.set(name, { spec: trace.spec(), text: (await mimeBundleOf(trace))["text/plain"] as string });
    }
    bundles.set("load-iptables", await mimeBundleOf(cluster.load("client", "http://my-api:8080/", { requests: 300 })));
    bundles.set("load-ipvs", await mimeBundleOf(ipvs.load("client", "http://my-api:8080/", { requests: 300 })));
    bundles.set("trace-nftables", await mimeBundleOf(nft.exec("client", "curl -s -m 2 http://my-api:9999/")));
    bundles.set("load-nftables", await mimeBundleOf(nft.load("client", "http://my-api:8080/", { requests: 300 })));
  });

  for (const name of ["topology", "topology-highlight", "topology-devices", "timeline", "load-iptables", "load-ipvs", "load-nftables"]) {
    it(`pins the ${name} chart: Vega-Lite spec, SVG and text`, () => {
      const b = bundles.get(name)!;
      assertGolden(`${name}.vl.json`, json(b[VEGA_LITE]));
      assertGolden(`${name}.svg`, b["image/svg+xml"] as string);
      assertGolden(`${name}.txt`, b["text/plain"] as string);
    });
  }

  for (const [name] of TRACES) {
    it(`pins the ${name} diagram (spec and SVG) and the Trace's text`, async () => {
      const { spec, text } = traces.get(name)!;
      assertGolden(`${name}.vl.json`, json(spec));
      assertGolden(`${name}.svg`, await renderSVG(spec));
      assertGolden(`${name}.txt`, text);
    });
  }

  it("pins the diff's text", () => {
    assertGolden("diff.txt", bundles.get("diff")!["text/plain"] as string);
  });

  it("pins kube-proxy's rules (iptables-save, ipvsadm -Ln) and a node's routes as text", async () => {
    assertGolden("rules-iptables.txt", (await mimeBundleOf(cluster.proxyRules("node-1")))["text/plain"] as string);
    assertGolden("rules-ipvs.txt", (await mimeBundleOf(ipvs.proxyRules("node-1")))["text/plain"] as string);
    assertGolden("routes.txt", (await mimeBundleOf(cluster.routes("node-1")))["text/plain"] as string);
  });

  it("pins nftables mode's rules (nft list table ip kube-proxy), its rules table, and a refused trace's text", async () => {
    const rules = nft.proxyRules("node-1");
    assertGolden("rules-nftables.txt", (await mimeBundleOf(rules))["text/plain"] as string);
    assertGolden("rules-nftables-table.txt", rules.table.toString());
    assertGolden("trace-nftables-refused.txt", bundles.get("trace-nftables")!["text/plain"] as string);
  });
});
