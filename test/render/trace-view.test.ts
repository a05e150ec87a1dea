import { strict as assert } from "node:assert";
import { JUPYTER_DISPLAY, Trace, traceHTML, traceText } from "../../lib/render/index.js";
import { exec, scenario } from "../sim/internal/scenario.js";

describe("Trace", () => {
  const sim = scenario();
  const ok = new Trace(exec(sim, "client-1", "curl -s http://web/"));
  const refused = new Trace(exec(sim, "client-1", "curl http://empty/"));

  it("displays as HTML (the sequence diagram as inline SVG, then the hop table) and text/plain", async () => {
    const bundle = await ok[JUPYTER_DISPLAY]();
    assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
    assert.equal(bundle["text/plain"], traceText(ok));
    const html = bundle["text/html"] as string;
    assert.match(html, /<figure class="podtalk-trace-diagram"><svg /);
    assert.ok(html.indexOf("<svg") < html.indexOf("podtalk-hops"), "the diagram comes before the hop table");
    assert.ok(html.includes(traceHTML(ok).slice(traceHTML(ok).indexOf('<p class="outcome">'))), "the hop listing is kept whole");
  });

  it("numbers each step of the diagram as the hop table does, and marks the failing step", async () => {
    const svg = ((await refused[JUPYTER_DISPLAY]())["text/html"] as string).match(/<svg[\s\S]*?<\/svg>/)![0];
    for (let i = 1; i <= refused.hops.length; i++) assert.ok(svg.includes(`>${i}. `), `step ${i} is labelled`);
    assert.ok(svg.includes("✘"), "the failing step is marked");
  });

  it("says where each hop happened in plain words, with the node, device and Hubble observation point as a second label", () => {
    const html = traceHTML(ok);
    const where = [...html.matchAll(/<tr[^>]*><td>\d+<\/td><td>(.*?)<div class="place">(.*?)<\/div><\/td>/g)].map((m) => [m[1]!, m[2]!]);
    assert.equal(where.length, ok.hops.length);
    assert.ok(
      where.some(([plain]) => plain.startsWith("leaving Pod client-1, into ")),
      JSON.stringify(where),
    );
    assert.ok(
      where.some(([plain]) => plain === "arriving in Pod web-1"),
      JSON.stringify(where),
    );
    for (const [plain, place] of where) {
      assert.doesNotMatch(plain, /from-endpoint|to-stack|to-overlay|from-overlay|to-endpoint/, "the main label has no Hubble words");
      assert.ok(place.length > 0);
    }
    assert.ok(
      where.some(([, place]) => place.endsWith(" · from-endpoint")),
      "the observation point is kept as the second label",
    );
  });

  it("starts the text with the kubectl exec command and lists every hop, numbered", () => {
    const text = traceText(ok);
    const lines = text.split("\n");
    assert.equal(lines[0], "$ kubectl exec client-1 -c main -- curl -s http://web/");
    assert.ok(text.includes("exit code 0 · OK · served by web-1 (container web, "));
    const numbered = lines.filter((l) => /^ ?\d+\. \[/.test(l));
    assert.equal(numbered.length, ok.hops.length);
    numbered.forEach((l, i) => {
      assert.ok(l.startsWith(`${String(i + 1).padStart(2)}. [`), l);
    });
    assert.ok(text.includes(" 1. [node-1 · "));
  });

  it("shows why and how to fix the failing hop, in text and HTML", () => {
    assert.equal(refused.failedHop?.kind, "kube-proxy");
    assert.match(traceText(refused), /\n      why: Service default\/empty has no endpoints/);
    assert.match(traceText(refused), /\n      fix: /);
    const html = traceHTML(refused);
    assert.match(html, /<tr class="failing">/);
    assert.match(html, /<strong>Why:<\/strong>/);
    assert.match(html, /class="podtalk-trace fail"/);
  });

  it("escapes the command and output in HTML", () => {
    const t = new Trace(exec(sim, "client-1", `echo "<b>&"`));
    const html = traceHTML(t);
    assert.ok(html.includes("echo &quot;&lt;b&gt;&amp;&quot;"));
    assert.ok(html.includes("&lt;b&gt;&amp;\n"));
    assert.ok(!html.includes("<b>&"));
  });
});
