import { strict as assert } from "node:assert";
import { JUPYTER_DISPLAY, Trace, traceHTML, traceText } from "../../lib/render/index.js";
import { exec, scenario } from "../sim/internal/scenario.js";

describe("Trace", () => {
  const sim = scenario();
  const ok = new Trace(exec(sim, "client-1", "curl -s http://web/"));
  const refused = new Trace(exec(sim, "client-1", "curl http://empty/"));

  it("displays as text/html and text/plain", () => {
    const bundle = ok[JUPYTER_DISPLAY]();
    assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
    assert.equal(bundle["text/plain"], traceText(ok));
    assert.equal(bundle["text/html"], traceHTML(ok));
  });

  it("starts the text with the kubectl exec command and lists every hop, numbered", () => {
    const text = traceText(ok);
    const lines = text.split("\n");
    assert.equal(lines[0], "$ kubectl exec client-1 -c main -- curl -s http://web/");
    assert.ok(text.includes("exit code 0 · OK · served by web-1 (container web, "));
    const numbered = lines.filter((l) => /^ ?\d+\. \[/.test(l));
    assert.equal(numbered.length, ok.hops.length);
    numbered.forEach((l, i) => assert.ok(l.startsWith(`${String(i + 1).padStart(2)}. [`), l));
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
