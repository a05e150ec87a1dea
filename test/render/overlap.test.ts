/**
 * Layout checks in a real browser: Debian's chromium (driven by playwright-core) lays out the
 * static SVG of the topology, the trace diagram and the timeline, and every `<text>` label's box
 * is measured. No two labels may intersect, and every label must lie inside the picture.
 * Skips with a printed reason where chromium is absent; fails under PODTALK_REQUIRE_INTEROP=1.
 */
import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { Cluster, diff, mimeBundleOf, type Trace } from "../../lib/index.js";
import type { TopologyModel } from "../../lib/render/index.js";
import { requireInterop } from "../internal/interop.js";
import { courseYaml } from "./internal/course-scenario.js";
import { engineOf } from "../../lib/internal/engine.js";

const CHROMIUM = "/usr/bin/chromium";
/** Sub-pixel slack for anti-aliased glyph boxes that merely touch. */
const EPSILON = 0.5;

/** A label as the browser laid it out, in SVG pixels (the SVG sits at the page's origin). */
interface Label {
  readonly text: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

interface Layout {
  readonly width: number;
  readonly height: number;
  readonly labels: readonly Label[];
}

/** Loads an SVG into the page and measures the picture and every non-empty `<text>`. */
async function measure(page: Page, svg: string): Promise<Layout> {
  await page.setContent(`<!doctype html><html><body style="margin:0;padding:0">${svg}</body></html>`);
  return page.evaluate(() => {
    const root = document.querySelector("svg")!;
    const origin = root.getBoundingClientRect();
    const labels = Array.from(root.querySelectorAll("text"))
      .map((t) => {
        const b = t.getBoundingClientRect();
        return { text: t.textContent ?? "", left: b.left - origin.left, top: b.top - origin.top, right: b.right - origin.left, bottom: b.bottom - origin.top };
      })
      .filter((l) => l.text.trim() !== "" && l.right > l.left && l.bottom > l.top);
    return { width: origin.width, height: origin.height, labels };
  });
}

const describeLabel = (l: Label) => `"${l.text}" [${l.left.toFixed(1)},${l.top.toFixed(1)} – ${l.right.toFixed(1)},${l.bottom.toFixed(1)}]`;

function intersects(a: { left: number; top: number; right: number; bottom: number }, b: { left: number; top: number; right: number; bottom: number }): boolean {
  return a.left < b.right - EPSILON && b.left < a.right - EPSILON && a.top < b.bottom - EPSILON && b.top < a.bottom - EPSILON;
}

/** Fails listing every pair of labels whose boxes intersect. */
function assertNoOverlap(layout: Layout, what: string): void {
  const pairs: string[] = [];
  layout.labels.forEach((a, i) => {
    for (const b of layout.labels.slice(i + 1)) if (intersects(a, b)) pairs.push(`${describeLabel(a)} and ${describeLabel(b)}`);
  });
  assert.ok(layout.labels.length > 0, `${what}: the browser found labels to measure`);
  assert.deepEqual(pairs, [], `${what}: ${pairs.length} pairs of labels overlap`);
}

/** Fails listing every label that reaches outside the picture. */
function assertInside(layout: Layout, what: string): void {
  const outside = layout.labels
    .filter((l) => l.left < -EPSILON || l.top < -EPSILON || l.right > layout.width + EPSILON || l.bottom > layout.height + EPSILON)
    .map(describeLabel);
  assert.deepEqual(outside, [], `${what}: labels outside the ${layout.width}×${layout.height} picture`);
}

/** True when segment (x1,y1)–(x2,y2) passes through the rectangle (Liang–Barsky clipping). */
function segmentCrosses(x1: number, y1: number, x2: number, y2: number, r: Label): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const edges: [number, number][] = [
    [-dx, x1 - r.left],
    [dx, r.right - x1],
    [-dy, y1 - r.top],
    [dy, r.bottom - y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  return t0 < t1;
}

/** A 3-node cluster with 12 Pods: six whoami behind `my-api`, five nginx behind `frontend`, a client. */
function twelvePods(): Cluster {
  const c = new Cluster({ nodes: 3, seed: 1 });
  c.apply(courseYaml({ api: 6, frontend: 5, frontendService: true }));
  c.advance("30s");
  return c;
}

describe("label layout in chromium", function () {
  this.timeout(120000);
  let browser: Browser | undefined;
  let page: Page;
  const cluster = twelvePods();

  before(async function () {
    requireInterop(this, "Debian's chromium", existsSync(CHROMIUM));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
  });

  for (const devices of [false, true]) {
    describe(`topology of 3 nodes, 12 Pods and 2 Services${devices ? ", with devices" : ""}`, () => {
      let layout: Layout;
      let model: TopologyModel;
      before(async () => {
        const t = cluster.topology({ devices });
        model = t.model;
        assert.match(model.title, /^3 nodes · 12 Pods · 2 Services /);
        layout = await measure(page, await t.svg());
      });

      it("draws every label: the title, each box's lines and the legend's", () => {
        assert.equal(layout.labels.length, 1 + model.boxes.reduce((n, b) => n + b.lines.length, 0) + model.legend.length);
      });

      it("has no two labels that overlap", () => assertNoOverlap(layout, "topology"));

      it("keeps every label inside the picture", () => assertInside(layout, "topology"));

      it("keeps every label of a box inside that box", () => {
        const escapes: string[] = [];
        const legend = new Set(model.legend.map((e) => e.label));
        for (const l of layout.labels.slice(1).filter((x) => !legend.has(x.text))) {
          // The innermost box that holds the label's top-left corner is the box it belongs to.
          const owner = model.boxes
            .filter((b) => b.x <= l.left + EPSILON && l.left < b.x + b.width && b.y <= l.top + EPSILON && l.top < b.y + b.height)
            .sort((a, b) => a.width * a.height - b.width * b.height)[0];
          if (!owner) escapes.push(`${describeLabel(l)} is in no box`);
          else if (l.right > owner.x + owner.width + EPSILON || l.bottom > owner.y + owner.height + EPSILON)
            escapes.push(`${describeLabel(l)} overflows ${owner.id}`);
        }
        assert.deepEqual(escapes, []);
      });

      it("draws no link across a label, as the browser lays the labels out", () => {
        const crossings = model.links.flatMap((k) =>
          k.points.slice(1).flatMap((b, i) => {
            const a = k.points[i]!;
            return layout.labels.filter((l) => segmentCrosses(a.x, a.y, b.x, b.y, l)).map((l) => `${k.from} → ${k.to} crosses ${describeLabel(l)}`);
          }),
        );
        assert.deepEqual(crossings, []);
      });

      it("renders its text at 11 px or more at its natural size, and fits an article's 752 px column", () => {
        assert.ok(layout.width <= 752, `${layout.width} px wide`);
        const small = layout.labels.filter((l) => l.bottom - l.top < 11).map(describeLabel);
        assert.deepEqual(small, []);
      });
    });
  }

  describe("diff picture with a deleted Pod's ghost", () => {
    let layout: Layout;
    before(async () => {
      const c = twelvePods();
      const before = c.snapshot();
      c.deletePod(
        engineOf(c)
          .pods("default")
          .find((p) => p.name.startsWith("api-"))!.name,
      );
      c.advance("30s");
      const html = (await mimeBundleOf(diff(before, c.snapshot())))["text/html"] as string;
      layout = await measure(page, html.match(/<svg[\s\S]*?<\/svg>/)![0]);
      assert.ok(layout.labels.some((l) => l.text.endsWith(" · deleted")));
    });

    it("has no two labels that overlap", () => assertNoOverlap(layout, "diff"));

    it("keeps every label inside the picture", () => assertInside(layout, "diff"));
  });

  describe("trace diagram", () => {
    const traces: [string, Trace][] = [
      ["ok", cluster.exec("client", "curl -s http://my-api:8080/")],
      ["failing", cluster.exec("client", "curl -s --max-time 2 http://my-api:9999/")],
      ["NXDOMAIN", cluster.exec("client", "curl -s http://nope:8080/")],
    ];
    const layouts = new Map<string, Layout>();
    before(async () => {
      for (const [name, trace] of traces) {
        const html = (await mimeBundleOf(trace))["text/html"] as string;
        layouts.set(name, await measure(page, html.match(/<svg[\s\S]*?<\/svg>/)![0]));
      }
    });

    for (const [name, trace] of traces) {
      it(`draws a lane name, a step number and a step label per hop (${name})`, () => {
        const labels = layouts.get(name)!.labels.map((l) => l.text);
        trace.hops.forEach((_, i) => {
          assert.ok(
            labels.some((l) => l.startsWith(`${i + 1}. `)),
            `step ${i + 1}`,
          );
        });
        assert.ok(labels.includes("Pod client"));
      });

      it(`has no two labels that overlap (${name})`, () => assertNoOverlap(layouts.get(name)!, `trace ${name}`));

      it(`keeps every label inside the picture (${name})`, () => assertInside(layouts.get(name)!, `trace ${name}`));
    }
  });

  describe("timeline after a Pod was deleted and replaced, and a container restarted", () => {
    let layout: Layout;
    before(async () => {
      const c = twelvePods();
      const api = engineOf(c)
        .pods("default")
        .filter((p) => p.name.startsWith("api-"));
      c.deletePod(api[0]!.name);
      c.advance("20s");
      c.restartContainer(api[1]!.name);
      c.advance("40s");
      const bundle = await mimeBundleOf(c.timeline());
      layout = await measure(page, bundle["image/svg+xml"] as string);
      assert.equal(c.timeline().model.rows.length, 13);
    });

    it("labels every row with its Pod and IP", () => {
      assert.equal(layout.labels.filter((l) => / · \d+\.\d+\.\d+\.\d+$/.test(l.text)).length, 13);
    });

    it("has no two labels that overlap", () => assertNoOverlap(layout, "timeline"));

    it("keeps every label inside the picture", () => assertInside(layout, "timeline"));
  });
});
