/**
 * Every view of a small course-like cluster, checked as a front end sees it: the MIME types of
 * each bundle, the Vega-Lite v5 schema, text/plain saying the same facts as the picture,
 * byte-identical output for the same scenario, and a background that reads on dark themes.
 */
import { strict as assert } from "node:assert";
import {
  Cluster,
  diff,
  escapeHTML,
  mimeBundleOf,
  type Diff,
  type LoadResult,
  type MimeBundle,
  type Snapshot,
  type Timeline,
  type Trace,
} from "../../lib/index.js";
import { renderSVG, topologySpec, traceSpec, type VegaLiteSpec } from "../../lib/render/index.js";
import type { KubeObject } from "../../lib/model/objects.js";
import { COURSE_YAML } from "./internal/course-scenario.js";
import { vegaLiteValidator } from "../internal/vega-lite-schema.js";
import { engineOf } from "../../lib/internal/engine.js";

const VEGA_LITE = "application/vnd.vegalite.v5+json";
/** What each kind of view carries: charts never text/html (JupyterLab ranks it above Vega). */
const CHART = [VEGA_LITE, "image/svg+xml", "text/plain"].sort();
const TABLE = ["text/html", "text/plain"];
const COMPOSITE = ["text/html", "text/plain"];

/** The course scenario: 3 nodes, the manifests above, 30 s to settle. */
function courseCluster(options: { proxyMode?: "iptables" | "ipvs" } = {}): Cluster {
  const c = new Cluster({ nodes: 3, seed: 1, ...options });
  c.apply(COURSE_YAML);
  c.advance("30s");
  return c;
}

/** Everything a notebook of the course shows, in order: before, a Pod deleted and replaced, after. */
interface Views {
  readonly cluster: Cluster;
  readonly before: Snapshot;
  readonly deleted: string;
  readonly replacement: string;
  readonly timeline: Timeline;
  readonly diff: Diff;
  readonly ok: Trace;
  readonly failing: Trace;
  readonly load: LoadResult;
}

function courseViews(options: { proxyMode?: "iptables" | "ipvs" } = {}): Views {
  const cluster = courseCluster(options);
  const before = cluster.snapshot();
  const apiPods = () =>
    engineOf(cluster)
      .pods("default")
      .filter((p) => p.name.startsWith("api-") && p.deletion === undefined)
      .map((p) => p.name);
  const old = apiPods();
  const deleted = old[old.length - 1]!;
  cluster.deletePod(deleted);
  cluster.advance("60s");
  const replacement = apiPods().find((n) => !old.includes(n))!;
  return {
    cluster,
    before,
    deleted,
    replacement,
    timeline: cluster.timeline(),
    diff: diff(before, cluster.snapshot()),
    ok: cluster.exec("client", "curl -s http://my-api:8080/"),
    failing: cluster.exec("client", "curl -s --max-time 2 http://my-api:9999/"),
    load: cluster.load("client", "http://my-api:8080/", { requests: 300 }),
  };
}

const ENTITIES: Readonly<Record<string, string>> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/** The text of every `<text>` element of an SVG, unescaped. */
function svgTexts(svg: string): string[] {
  // A wrapped text is one <text> of <tspan> lines: read as one, its lines joined by spaces.
  return [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) =>
    m[1]!
      .split(/<\/tspan>\s*<tspan[^>]*>/)
      .join(" ")
      .replace(/<\/?tspan[^>]*>/g, "")
      .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!),
  );
}

/** The inline SVGs of an HTML fragment. */
function inlineSVGs(html: string): string[] {
  return html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
}

function keys(bundle: MimeBundle): string[] {
  return Object.keys(bundle).sort();
}

/** A colour that hides nothing: not transparent, not `none`, no alpha below 1. */
function isOpaqueColor(c: unknown): boolean {
  return typeof c === "string" && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(c);
}

/** The SVG paints its whole area with an opaque background before anything else. */
function assertSVGBackground(svg: string, what: string): void {
  const m = /^<svg[^>]*width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"[^>]*><rect width="([\d.]+)" height="([\d.]+)" fill="([^"]+)"\/>/.exec(svg);
  assert.ok(m, `${what}: the SVG starts with a full-size background rect`);
  assert.equal(m[3], m[1], `${what}: background covers the width`);
  assert.equal(m[4], m[2], `${what}: background covers the height`);
  assert.ok(isOpaqueColor(m[5]), `${what}: background ${m[5]} is opaque`);
}

/** Checks a chart bundle: the three MIME types, a spec object with the v5 schema, an SVG, text. */
function assertChartBundle(bundle: MimeBundle, what: string): { spec: VegaLiteSpec; svg: string; text: string } {
  assert.deepEqual(keys(bundle), CHART, `${what}: a chart carries Vega-Lite, SVG and text, never text/html`);
  const spec = bundle[VEGA_LITE] as VegaLiteSpec;
  assert.equal(typeof spec, "object", `${what}: the spec is a JSON object, not a string`);
  assert.equal(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  const svg = bundle["image/svg+xml"] as string;
  assert.equal(typeof svg, "string");
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/, `${what}: image/svg+xml is an SVG document`);
  assert.match(svg, /<\/svg>$/);
  const text = bundle["text/plain"] as string;
  assert.equal(typeof text, "string");
  assert.ok(text.length > 0 && !text.endsWith("\n"), `${what}: text/plain is non-empty and has no trailing newline`);
  return { spec, svg, text };
}

/** Checks a table bundle: HTML with a table and text/plain, nothing else. */
function assertTableBundle(bundle: MimeBundle, what: string): { html: string; text: string } {
  assert.deepEqual(keys(bundle), TABLE, `${what}: a table carries text/html and text/plain only`);
  const html = bundle["text/html"] as string;
  assert.match(html, /<table class="podtalk-table">/, `${what}: the HTML has a table`);
  return { html, text: bundle["text/plain"] as string };
}

/** Checks a composite bundle: HTML with an inline SVG and text/plain, nothing else. */
function assertCompositeBundle(bundle: MimeBundle, what: string): { html: string; svg: string; text: string } {
  assert.deepEqual(keys(bundle), COMPOSITE, `${what}: a composite view carries text/html (with inline SVG) and text/plain`);
  const html = bundle["text/html"] as string;
  const svgs = inlineSVGs(html);
  assert.equal(svgs.length, 1, `${what}: one inline SVG`);
  return { html, svg: svgs[0]!, text: bundle["text/plain"] as string };
}

describe("views of the course scenario", function () {
  this.timeout(120000);
  const validate = vegaLiteValidator();
  const v = courseViews();

  const assertValid = (spec: unknown, what: string) => assert.ok(validate(spec), `${what}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);

  describe("Cluster.topology()", () => {
    const variants: { name: string; options: Parameters<Cluster["topology"]>[0] }[] = [
      { name: "default", options: {} },
      { name: "highlight", options: { highlight: ["my-api", v.replacement] } },
      { name: "system: true", options: { system: true } },
      { name: "namespace focus (kube-system, with system Pods)", options: { namespace: "kube-system", system: true } },
      { name: "namespace focus (default)", options: { namespace: "default" } },
    ];

    for (const { name, options } of variants) {
      it(`renders a chart bundle whose spec validates against Vega-Lite v5 (${name})`, async () => {
        const { spec, svg } = assertChartBundle(await mimeBundleOf(v.cluster.topology(options)), `topology ${name}`);
        assertValid(spec, `topology ${name}`);
        assert.equal(svg, await renderSVG(spec), "the SVG is the spec rendered");
      });
    }

    it("names every Pod with its IP, every Service with its ClusterIP, in the picture and in the text", async () => {
      const { svg, text } = assertChartBundle(await mimeBundleOf(v.cluster.topology()), "topology");
      const labels = svgTexts(svg).join("\n");
      const pods = engineOf(v.cluster).pods("default");
      assert.equal(pods.length, 6);
      for (const p of pods) {
        const ip = v.cluster.get("pods").row(p.name)!["IP"]!;
        for (const fact of [p.name, ip]) {
          assert.ok(labels.includes(fact), `the picture shows ${fact}`);
          assert.ok(text.includes(fact), `the text says ${fact}`);
        }
      }
      const svc = v.cluster.get("services").row("my-api")!;
      for (const fact of ["svc/my-api", svc["CLUSTER-IP"]!, "8080→8080"]) {
        assert.ok(labels.includes(fact), `the picture shows ${fact}`);
        assert.ok(text.includes(fact), `the text says ${fact}`);
      }
      for (const node of ["node-1", "node-2", "node-3", "10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"]) {
        assert.ok(labels.includes(node) && text.includes(node), node);
      }
      const counts = "3 nodes · 6 Pods · 1 Service · flannel-vxlan · kube-proxy iptables";
      assert.ok(labels.includes(counts), "the picture's title has the counts");
      assert.ok(text.startsWith(`Cluster: ${counts}`), "the text opens with the same counts");
    });

    it("marks highlighted objects in the picture (red, thick outline) and in the text", async () => {
      const t = v.cluster.topology({ highlight: ["my-api", v.replacement] });
      const spec = t.spec() as unknown as { layer: { data: { values: { id?: string; stroke?: string; strokeWidth?: number }[] } }[] };
      const rects = spec.layer.flatMap((l) => l.data.values).filter((r) => r.id !== undefined);
      for (const id of ["service/default/my-api", `pod/default/${v.replacement}`]) {
        const r = rects.find((x) => x.id === id);
        assert.equal(r?.stroke, "#dc2626", `${id} is outlined in red`);
        assert.equal(r?.strokeWidth, 3, `${id} has a thick outline`);
      }
      // The legend's sample of a highlight is no object of the cluster.
      assert.ok(rects.filter((r) => r.strokeWidth === 3 && !r.id!.startsWith("legend/")).length === 2, "nothing else is highlighted");
      assert.match(t.toString(), new RegExp(`${v.replacement} .*<- highlighted`));
      assert.equal(t.toString().match(/<- highlighted/g)?.length, 1, "the text marks the highlighted Pod");
    });

    it("shows CoreDNS and the cluster's own Services with system: true, and only them with namespace kube-system", async () => {
      const sys = svgTexts(await v.cluster.topology({ system: true }).svg()).join("\n");
      for (const fact of ["svc/kubernetes", "svc/kube-system/kube-dns", "10.96.0.10", "kube-system/coredns-"]) assert.ok(sys.includes(fact), fact);
      const focus = v.cluster.topology({ namespace: "kube-system", system: true });
      const labels = svgTexts(await focus.svg()).join("\n");
      assert.ok(labels.includes("kube-system/coredns-") && labels.includes("svc/kube-system/kube-dns"));
      for (const p of engineOf(v.cluster).pods("default"))
        assert.ok(!labels.includes(p.name) && !focus.toString().includes(p.name), `${p.name} is not in kube-system`);
      // kube-system: 2 CoreDNS Pods, the control plane's 4 static Pods and kube-proxy on each of the 3 nodes.
      assert.match(focus.toString(), /^Cluster: 3 nodes · 9 Pods · 1 Service /);
      assert.ok(focus.toString().includes("kube-system/kube-apiserver-node-1  172.18.0.2 "), "the static Pods use the node's address");
    });

    it("keeps the default namespace focus free of kube-system", async () => {
      const labels = svgTexts(await v.cluster.topology({ namespace: "default" }).svg()).join("\n");
      assert.ok(!labels.includes("coredns") && !labels.includes("kube-dns"));
    });
  });

  describe("Cluster.topology() at 5,000 nodes", function () {
    this.timeout(120000);
    let big: Cluster;
    before(() => {
      big = new Cluster({ nodes: 5000, clusterCIDR: "10.0.0.0/8" });
    });

    it("switches to one tile per node and renders Vega-Lite, SVG and text without throwing", async () => {
      const t = big.topology();
      assert.match(t.model.title, /^5000 nodes · 0 Pods · 0 Services · .*\(one tile per node\)$/);
      assert.equal(t.model.boxes.length, 5000);
      assert.ok(t.model.boxes.every((b) => b.kind === "node" && b.lines.length === 2));
      const { spec, svg, text } = assertChartBundle(await mimeBundleOf(t), "topology at 5,000 nodes");
      assertValid(spec, "topology at 5,000 nodes");
      assert.ok(svg.includes(">node-5000<"), "the last node has its tile");
      assert.match(text, /^Cluster: 5000 nodes/);
      assert.match(text, /\n {2}… and 4950 more nodes$/, "the text lists 50 nodes and sums up the rest");
    });
  });

  describe("Cluster.topology() with 30 Pods on one node", () => {
    const c = new Cluster({ nodes: 3, seed: 1 });
    const crowd: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "crowd" },
      spec: {
        replicas: 30,
        selector: { matchLabels: { app: "crowd" } },
        template: {
          metadata: { labels: { app: "crowd" } },
          spec: { nodeName: "node-2", containers: [{ name: "whoami", image: "traefik/whoami:v1.10", args: ["--port", "8080"] }] },
        },
      },
    };
    c.apply(crowd);
    const t = c.topology();

    it('draws the first Pods and sums up the rest in one "+ N more Pods" box', async () => {
      const node2 = t.model.boxes.find((b) => b.id === "node/node-2")!;
      const onNode2 = t.model.boxes.filter((b) => b.id.startsWith("pod/") && b.x > node2.x && b.x < node2.x + node2.width);
      assert.equal(onNode2.length, 9, "nine Pods drawn");
      const more = t.model.boxes.find((b) => b.id === "more/node-2");
      assert.deepEqual(more?.lines, ["+ 21 more Pods", "crowd ×21"]);
      const { spec, svg, text } = assertChartBundle(await mimeBundleOf(t), "30 Pods");
      assertValid(spec, "30 Pods");
      const labels = svgTexts(svg);
      assert.ok(labels.includes("+ 21 more Pods") && labels.includes("crowd ×21"));
      assert.match(t.model.title, /3 nodes · 30 Pods/, "the title counts every Pod, drawn or not");
      assert.ok(text.includes("+ 21 more Pods"), "the text says how many Pods the picture sums up");
      assert.ok(svg.length < 40000, `the SVG stays small (${svg.length} bytes)`);
    });

    it("writes the summary line of the text without a container list", () => {
      assert.ok(!t.toString().includes("undefined"), t.toString());
      assert.match(t.toString(), /\n {2}\+ 21 more Pods {2}crowd ×21$/m);
    });
  });

  describe("Cluster.timeline()", () => {
    it("is a chart bundle whose spec validates", async () => {
      const { spec } = assertChartBundle(await mimeBundleOf(v.timeline), "timeline");
      assertValid(spec, "timeline");
    });

    it("ends the deleted Pod's row and starts its replacement later with a different IP", () => {
      const m = v.timeline.model;
      const oldRow = m.rows.find((r) => r.span.name === v.deleted)!;
      const newRow = m.rows.find((r) => r.span.name === v.replacement)!;
      assert.ok(oldRow && newRow);
      assert.notEqual(oldRow.span.ip, newRow.span.ip, "the replacement has a new IP");
      const segs = (label: string) => m.segments.filter((s) => s.pod === label);
      const oldEnd = Math.max(...segs(oldRow.label).map((s) => s.to));
      const newStart = Math.min(...segs(newRow.label).map((s) => s.from));
      assert.ok(oldEnd < m.end, `the old row ends (${oldEnd}s) before now (${m.end}s)`);
      assert.equal(segs(oldRow.label).at(-1)?.state, "terminating", "the old Pod's last segment is its grace period");
      assert.ok(newStart > 0, `the replacement starts later (${newStart}s)`);
      assert.equal(Math.max(...segs(newRow.label).map((s) => s.to)), m.end, "the replacement runs until now");
      assert.ok(m.rows.indexOf(newRow) > m.rows.indexOf(oldRow), "the replacement's row comes after the old one");
    });

    it("says the same in text as in the picture: each row's Pod and IP, when it ended, when the new one started", async () => {
      const { svg, text } = assertChartBundle(await mimeBundleOf(v.timeline), "timeline");
      const labels = svgTexts(svg);
      for (const r of v.timeline.model.rows) {
        assert.ok(labels.includes(r.label), `the picture labels the row ${r.label}`);
        assert.ok(text.includes(`  ${r.label}: `), `the text has the row ${r.label}`);
      }
      const oldLine = text.split("\n").find((l) => l.startsWith(`  ${v.deleted} `))!;
      const newLine = text.split("\n").find((l) => l.startsWith(`  ${v.replacement} `))!;
      assert.match(oldLine, /ready 0s–30s, terminating 30s, gone 31s$/);
      assert.match(newLine, /: created 30s, ready 30s–now$/);
      assert.match(text, /^Pods over time \(seconds since the first cell; now 90s\)/);
      for (const state of ["starting", "ready", "not ready", "terminating"]) assert.ok(labels.includes(state), `the legend names ${state}`);
    });
  });

  describe("charts with axes and legends", () => {
    it("label their axes and legends at 11 px or more (Vega's default is 10 px, below an article's smallest text)", async () => {
      for (const [name, view] of [
        ["load", v.load],
        ["timeline", v.timeline],
      ] as const) {
        const { svg } = assertChartBundle(await mimeBundleOf(view), name);
        const sizes = [...svg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => Number(m[1]));
        assert.ok(sizes.length > 0);
        assert.ok(Math.min(...sizes) >= 11, `${name}: the smallest text is ${Math.min(...sizes)} px`);
      }
    });
  });

  describe("Cluster.load()", () => {
    it("charts the iptables spread: a bar per serving Pod, labelled with its share; the text has the same counts", async () => {
      const { spec, svg, text } = assertChartBundle(await mimeBundleOf(v.load), "load (iptables)");
      assertValid(spec, "load (iptables)");
      assert.equal(v.load.proxyMode, "iptables");
      const values = (spec as unknown as { data: { values: { pod: string; requests: number; share: string }[] } }).data.values;
      assert.deepEqual(
        values.map((x) => [x.pod, x.requests]),
        v.load.servedBy.map((s) => [s.pod, s.count]),
      );
      assert.equal(
        values.reduce((n, x) => n + x.requests, 0),
        300,
      );
      const labels = svgTexts(svg);
      assert.ok(labels.includes("300 requests to http://my-api:8080/"), "the title says how many requests");
      assert.ok(labels.includes("kube-proxy iptables mode, from client"));
      assert.match(text, /^300 requests from client to http:\/\/my-api:8080\/ \(kube-proxy iptables\)/);
      for (const x of values) {
        assert.ok(labels.includes(x.pod) && labels.includes(x.share), `the picture shows ${x.pod} with ${x.share}`);
        assert.match(
          text,
          new RegExp(`\\n {2}${x.pod} +${x.requests} +${x.share.replace(".", "\\.")}`),
          `the text shows ${x.pod} with ${x.requests} (${x.share})`,
        );
      }
      assert.ok(!values.some((x) => x.pod === v.deleted), "the deleted Pod served nothing");
    });

    it("charts the ipvs spread: strict rotation, the same count for every Pod", async () => {
      const ipvs = courseViews({ proxyMode: "ipvs" }).load;
      const { spec, svg, text } = assertChartBundle(await mimeBundleOf(ipvs), "load (ipvs)");
      assertValid(spec, "load (ipvs)");
      assert.deepEqual(
        ipvs.servedBy.map((s) => s.count),
        [100, 100, 100],
      );
      assert.ok(svgTexts(svg).includes("kube-proxy ipvs mode, from client"));
      assert.equal(svgTexts(svg).filter((l) => l === "33.3%").length, 3);
      assert.match(text, /\(kube-proxy ipvs\)/);
      assert.equal(text.match(/ 100 +33\.3%/g)?.length, 3);
    });
  });

  describe("Trace (exec) and its diagram", () => {
    for (const [name, trace] of [
      ["ok", v.ok],
      ["failing", v.failing],
    ] as const) {
      it(`displays as HTML with the diagram inline, and text (${name})`, async () => {
        const { html, svg, text } = assertCompositeBundle(await mimeBundleOf(trace), `trace ${name}`);
        assertValid(trace.spec(), `trace ${name}`);
        assert.equal(svg, await renderSVG(traceSpec(trace)), "the inline SVG is the diagram's spec rendered");
        assert.ok(html.indexOf("<svg") < html.indexOf("podtalk-hops"), "the diagram comes before the hop table");
        assert.equal(text, trace.toString());
        const labels = svgTexts(svg);
        trace.hops.forEach((h, i) => {
          assert.ok(
            labels.some((l) => l.startsWith(`${i + 1}. `)),
            `step ${i + 1} is in the picture`,
          );
          assert.ok(text.includes(`${String(i + 1).padStart(2)}. [`), `step ${i + 1} is in the text`);
          assert.ok(html.includes(escapeHTML(h.summary)), `step ${i + 1} is in the hop table`);
        });
        assert.ok(labels.includes("Pod client"), "the client's lane is named");
      });
    }

    it("describes the ok diagram (6 steps: client and server share a worker, ok), marks no step failed, and the text names the serving Pod", async () => {
      const layout = v.ok.spec() as unknown as { description: string };
      assert.equal(v.ok.outcome, "ok");
      assert.match(layout.description, /^Hop by hop: curl -s http:\/\/my-api:8080\/ from client: 6 steps, ok$/);
      assert.match(v.ok.toString(), new RegExp(`exit code 0 · OK · served by ${v.ok.servedBy!.pod} `));
      const svg = inlineSVGs((await mimeBundleOf(v.ok))["text/html"] as string)[0]!;
      assert.ok(!svg.includes("✘"), "no step is marked failed");
    });

    it("marks the failing step with a cross in red, and the text gives why and the fix", async () => {
      const svg = inlineSVGs((await mimeBundleOf(v.failing))["text/html"] as string)[0]!;
      const n = v.failing.hops.length;
      const failing = svgTexts(svg).find((l) => l.startsWith(`${n}. ✘ `));
      assert.ok(failing, "the last step is labelled with a cross");
      assert.match(svg, /fill="#dc2626"[^>]*>(<tspan>)?3\. ✘ /, "its label is red");
      assert.equal(v.failing.outcome, "timeout");
      assert.match(v.failing.toString(), /\n {6}why: Service my-api has no port 9999\n {6}fix: /);
    });

    it("labels the failing step with its reason, as the hop table does", async () => {
      const svg = inlineSVGs((await mimeBundleOf(v.failing))["text/html"] as string)[0]!;
      assert.ok(
        svgTexts(svg).some((l) => l.includes("no port 9999")),
        "the diagram says why the step failed",
      );
    });

    it("never cuts a number or an address in a step label (lines break at spaces)", async () => {
      for (const trace of [v.ok, v.failing]) {
        const svg = inlineSVGs((await mimeBundleOf(trace))["text/html"] as string)[0]!;
        const lines = [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]!);
        for (const h of trace.hops) {
          for (const address of [h.src, h.dst].filter((a): a is string => a !== undefined && /:\d+$/.test(a))) {
            const cut = lines.find(
              (l, i) =>
                address.startsWith(l.split(" ").at(-1)!) &&
                l.split(" ").at(-1) !== address &&
                lines[i + 1] !== undefined &&
                address.endsWith(lines[i + 1]!.split(" ")[0]!),
            );
            assert.equal(cut, undefined, `${address} is cut after "${cut}"`);
          }
        }
      }
    });
  });

  describe("diff()", () => {
    it("lists the removed, added and changed rows in HTML and text, and draws the later topology as SVG", async () => {
      const { html, svg, text } = assertCompositeBundle(await mimeBundleOf(v.diff), "diff");
      assert.match(html, /^<table class="podtalk-table"><caption>changes between 30s and 90s<\/caption>/);
      // Pods first, by name; then Services and their endpoints.
      const pods: [string, string, string][] = [
        ["removed", "Pod", `default/${v.deleted}`],
        ["added", "Pod", `default/${v.replacement}`],
      ];
      pods.sort((a, b) => (a[2] < b[2] ? -1 : 1));
      assert.deepEqual(
        v.diff.changes.map((c) => [c.change, c.kind, c.name]),
        [...pods, ["changed", "Endpoints", "default/my-api"]],
      );
      const lines = text.split("\n");
      assert.equal(lines[0], "CHANGE    KIND        NAME                           BEFORE                                            AFTER");
      assert.equal(lines.length, 4);
      for (const c of v.diff.changes) {
        const row = lines.find((l) => l.startsWith(c.change) && l.includes(c.name));
        assert.ok(row, `the text has the ${c.change} row of ${c.name}`);
        for (const cell of [c.before, c.after].filter(Boolean)) {
          assert.ok(row.includes(cell), `text row has ${cell}`);
          assert.ok(html.includes(`<td>${escapeHTML(cell)}</td>`), `HTML row has ${cell}`);
        }
      }
      const labels = svgTexts(svg);
      assert.ok(labels.includes(v.replacement), "the picture is the later topology");
      // The deleted Pod is there only as a ghost beside its replacement.
      const at = labels.indexOf(v.deleted);
      assert.ok(
        at >= 0 && labels.some((l) => l.endsWith(" · deleted")) && labels.includes("deleted"),
        "the deleted Pod is drawn as a ghost, and the legend says so",
      );
      assertValid(topologySpec(v.diff.topology()), "diff topology");
      assert.match(
        html,
        /<figcaption>Added and changed objects are outlined in red \(thicker border\); deleted Pods are drawn with a dashed grey outline\.<\/figcaption><\/figure>$/,
      );
    });

    it("highlights the added Pod and the Service whose endpoints changed, not the others", () => {
      const marked = v.diff
        .topology()
        .boxes.filter((b) => b.highlighted)
        .map((b) => b.id)
        .sort();
      assert.deepEqual(marked, [`pod/default/${v.replacement}`, "service/default/my-api"]);
    });

    it('says "No changes." between two equal snapshots', async () => {
      const c = courseCluster();
      const bundle = await mimeBundleOf(diff(c.snapshot(), c.snapshot()));
      assert.deepEqual(keys(bundle), COMPOSITE);
      assert.equal(bundle["text/plain"], "No changes.");
      assert.match(bundle["text/html"] as string, /<p class="podtalk-empty">[^<]*No changes\.<\/p>/);
    });
  });

  describe("Cluster.proxyRules() and Cluster.routes()", () => {
    it("shows iptables rules as an HTML table with iptables-save as text, one row per -A rule", async () => {
      const rules = v.cluster.proxyRules("node-1");
      const { html, text } = assertTableBundle(await mimeBundleOf(rules), "proxyRules (iptables)");
      assert.match(text, /^# Generated by iptables-save v1\.8\.9 \(nf_tables\) on Mon Jan {2}6 09:\d\d:\d\d 2025\n\*filter\n/);
      assert.match(html, /<caption>iptables-save on node-1 \(kube-proxy&#39;s chains\)<\/caption>/);
      assert.match(html, /<details><summary>iptables-save<\/summary><pre>/);
      assert.ok(html.includes(escapeHTML(text)), "the HTML keeps the tool's text");
      assert.equal(rules.table.rows.length, text.split("\n").filter((l) => l.startsWith("-A ")).length);
      const svc = v.cluster.get("services").row("my-api")!["CLUSTER-IP"]!;
      assert.ok(text.includes(`-d ${svc}/32 -p tcp -m comment --comment "default/my-api cluster IP"`));
      for (const p of engineOf(v.cluster)
        .pods("default")
        .filter((x) => x.name.startsWith("api-") && x.deletion === undefined)) {
        const ip = v.cluster.get("pods").row(p.name)!["IP"]!;
        assert.ok(text.includes(`--to-destination ${ip}:8080`), `iptables DNATs to ${ip}`);
        assert.ok(html.includes(`DNAT --to-destination ${ip}:8080`), `the table has the DNAT to ${ip}`);
      }
    });

    it("shows IPVS virtual and real servers as a table with ipvsadm -Ln as text", async () => {
      const c = courseCluster({ proxyMode: "ipvs" });
      const rules = c.proxyRules();
      const { html, text } = assertTableBundle(await mimeBundleOf(rules), "proxyRules (ipvs)");
      assert.match(text, /^IP Virtual Server version 1\.2\.1/);
      assert.match(html, /<details><summary>ipvsadm -Ln &amp;&amp; iptables -S KUBE-IPVS-FILTER<\/summary>/);
      const vip = c.get("services").row("my-api")!["CLUSTER-IP"]!;
      const real = rules.table.rows.filter((r) => r["VIRTUAL SERVER"] === `TCP ${vip}:8080`).map((r) => r["REAL SERVER"]);
      assert.equal(real.length, 3);
      for (const r of real) assert.match(text, new RegExp(`\\n {2}-> ${r!.replace(/\./g, "\\.")} +Masq`), `ipvsadm lists ${r}`);
      assert.equal(rules.table.rows.length, text.split("\n").filter((l) => l.startsWith("  -> ") && !l.includes("RemoteAddress")).length);
    });

    it("shows a node's routes as a table with one route per Pod range", async () => {
      const { html, text } = assertTableBundle(await mimeBundleOf(v.cluster.routes("node-1")), "routes");
      assert.match(html, /<caption>ip route on node-1<\/caption>/);
      assert.match(text, /^DESTINATION +VIA +DEVICE +WHY\n/);
      assert.match(text, /\n10\.244\.0\.0\/24 +- +cni0 /);
      for (const [cidr, node] of [
        ["10.244.1.0/24", "node-2"],
        ["10.244.2.0/24", "node-3"],
      ]) {
        assert.match(text, new RegExp(`\\n${cidr.replace(/\./g, "\\.")} +\\S+ +flannel\\.1 +Pods on ${node}`));
        assert.ok(html.includes(`<td>${cidr}</td>`));
      }
    });
  });

  describe("every chart", () => {
    it("sets an opaque background in the spec and paints it first in the SVG, so it reads on dark themes", async () => {
      const charts: [string, VegaLiteSpec, string][] = [];
      for (const [name, view] of [
        ["topology", v.cluster.topology()],
        ["timeline", v.timeline],
        ["load", v.load],
      ] as const) {
        const b = await mimeBundleOf(view);
        charts.push([name, b[VEGA_LITE] as VegaLiteSpec, b["image/svg+xml"] as string]);
      }
      for (const [name, trace] of [
        ["trace ok", v.ok],
        ["trace failing", v.failing],
      ] as const) {
        charts.push([name, trace.spec(), inlineSVGs((await mimeBundleOf(trace))["text/html"] as string)[0]!]);
      }
      charts.push(["diff", topologySpec(v.diff.topology()), inlineSVGs((await mimeBundleOf(v.diff))["text/html"] as string)[0]!]);
      for (const [name, spec, svg] of charts) {
        assert.ok(isOpaqueColor((spec as { background?: unknown }).background), `${name}: spec.background is an opaque colour`);
        assertSVGBackground(svg, name);
      }
    });
  });

  describe("determinism", () => {
    /** Every bundle of the scenario, serialised. */
    async function allBundles(views: Views): Promise<string> {
      const shown = [
        views.cluster.topology(),
        views.cluster.topology({ system: true, highlight: ["my-api"] }),
        views.timeline,
        views.load,
        views.ok,
        views.failing,
        views.diff,
        views.cluster.proxyRules("node-2"),
        views.cluster.routes("node-3"),
      ];
      const bundles = [];
      for (const view of shown) bundles.push(await mimeBundleOf(view));
      return JSON.stringify(bundles);
    }

    it("gives byte-identical bundles for the same scenario built twice", async () => {
      const first = await allBundles(v);
      const second = await allBundles(courseViews());
      assert.equal(second.length, first.length);
      assert.ok(second === first, "the same scenario renders the same bytes");
    });

    it("gives byte-identical bundles when the same view is shown twice", async () => {
      assert.equal(JSON.stringify(await mimeBundleOf(v.timeline)), JSON.stringify(await mimeBundleOf(v.timeline)));
      assert.equal(JSON.stringify(await mimeBundleOf(v.ok)), JSON.stringify(await mimeBundleOf(v.ok)));
    });
  });
});
