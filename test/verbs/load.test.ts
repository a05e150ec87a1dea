/**
 * `cluster.load(from, url, { every, for })`: requests spread over simulated time, counted per
 * interval and per backend version, while a rolling update or a deleted Pod plays out.
 */
import { strict as assert } from "node:assert";
import { PodtalkError } from "../../lib/index.js";
import { LoadOverTime } from "../../lib/render/load-over-time-view.js";
import { loadOverTimeSpec } from "../../lib/render/load-over-time-view.js";
import { JUPYTER_DISPLAY } from "../../lib/render/mime.js";
import { vegaLiteValidator } from "../internal/vega-lite-schema.js";
import { apiCluster } from "../internal/api-cluster.js";

describe("cluster.load() over simulated time", () => {
  it("shows both versions during a rolling update, then only the new one", () => {
    const cluster = apiCluster();
    const start = cluster.now;
    cluster.setImage("deployment/api", { app: "nginx:1.27" });
    const load = cluster.load("client", "http://api/", { every: "1s", for: "40s", requests: 400 });
    assert.ok(load instanceof LoadOverTime);
    assert.equal(load.intervals.length, 40);
    assert.equal(cluster.now - start, 40, "the clock moved on by `for`");
    assert.deepEqual(
      load.versions.map((v) => v.image),
      ["nginx:1.26", "nginx:1.27"],
    );
    const [old, next] = load.versions.map((v) => v.name) as [string, string];
    assert.equal(load.versions[1]!.templateHash, next.slice("api-".length));
    const both = load.intervals.findIndex((i) => (i.served[old] ?? 0) > 0 && (i.served[next] ?? 0) > 0);
    assert.ok(both > 0, "an interval served by both versions");
    const last = load.intervals.at(-1)!;
    assert.deepEqual(last.served, { [old]: 0, [next]: 10 });
    assert.equal(load.served(old) + load.served(next) + load.failed(), 400);
    // Once the old version stops serving, it never serves again.
    let lastOld = -1;
    load.intervals.forEach((i, n) => {
      if ((i.served[old] ?? 0) > 0) lastOld = n;
    });
    assert.ok(load.intervals.slice(lastOld + 1).every((i) => i.served[old] === 0 && i.served[next] === 10));
    const table = load.table();
    assert.deepEqual(table.columns, ["TIME", old, next, "FAILED"]);
    assert.equal(table.rows[0]!["TIME"], "0s");
    assert.match(String(load), /^400 requests from client to http:\/\/api\/, every 1s for 40s \(kube-proxy iptables\)\nTIME +api-/);
    assert.match(String(load), /versions:\n {2}api-\w+: nginx:1\.26 \(pod-template-hash \w+\)/);
  });

  it("counts failures per interval when the only backend goes away", () => {
    const cluster = apiCluster();
    cluster.scale("deployment/api", 1);
    cluster.advance("30s");
    const pod = cluster.get("pods").rows.find((r) => r["NAME"]!.startsWith("api-"))!["NAME"]!;
    cluster.deletePod(pod);
    const load = cluster.load("client", "http://api/", { every: "2s", for: "20s" });
    assert.equal(load.intervals.length, 10);
    assert.equal(load.requests, 100, "10 requests an interval by default");
    assert.ok(load.failed() > 0, "requests fail while no backend is ready");
    assert.ok(load.table().columns.some((c) => c.startsWith("FAILED (")));
  });

  it("fails the batches after the client Pod is gone, without an exception", () => {
    const cluster = apiCluster();
    // sleep ignores SIGTERM: the client keeps running for its 30 s grace period, then goes.
    cluster.deletePod("client");
    const load = cluster.load("client", "http://api/", { every: "5s", for: "60s" });
    assert.ok((load.intervals[0]!.failed.error ?? 0) === 0 && load.served(load.versions[0]!.name) > 0);
    assert.equal(load.intervals.at(-1)!.failed.error, 10);
    assert.throws(() => cluster.load("client", "http://api/", { every: "1s", for: "5s" }), PodtalkError);
  });

  it("draws a valid Vega-Lite chart stacked by version, with its SVG", async () => {
    const cluster = apiCluster();
    cluster.setImage("deployment/api", { app: "nginx:1.27" });
    const load = cluster.load("client", "http://api/", { every: "1s", for: "20s", requests: 100 });
    const spec = loadOverTimeSpec(load);
    const validate = vegaLiteValidator();
    assert.ok(validate(spec), JSON.stringify(validate.errors));
    const bundle = await load[JUPYTER_DISPLAY]();
    assert.match(bundle["image/svg+xml"] as string, /^<svg/);
    assert.match(bundle["image/svg+xml"] as string, /nginx:1\.27/);
    assert.equal(bundle["text/plain"], String(load));
  });

  it("refuses bad intervals and changes nothing", () => {
    const cluster = apiCluster();
    const now = cluster.now;
    assert.throws(() => cluster.load("client", "http://api/", { every: "0s", for: "10s" }), PodtalkError);
    assert.throws(() => cluster.load("client", "http://api/", { every: "5s", for: "1s" }), PodtalkError);
    assert.throws(() => cluster.load("client", "http://api/", { every: "1s" } as never), {
      name: "PodtalkError",
      message: 'cluster.load(): options.for must be a duration such as "40s" (load over time needs both: { every: "1s", for: "40s" }), not undefined',
    });
    assert.throws(() => cluster.load("client", "http://api/", { for: "40s" } as never), /options\.every must be a duration such as "1s"/);
    assert.throws(() => cluster.load("client", "http://api/", { every: "1s", for: "10s", requests: 3 }), PodtalkError);
    assert.equal(cluster.now, now);
  });

  it("leaves load() without every/for as it was: one instant, no clock", () => {
    const cluster = apiCluster();
    const now = cluster.now;
    const spread = cluster.load("client", "http://api/", { requests: 30 });
    assert.equal(cluster.now, now);
    assert.equal(spread.requests, 30);
    assert.ok(!(spread instanceof LoadOverTime));
  });
});
