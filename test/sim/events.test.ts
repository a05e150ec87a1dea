/**
 * The event recorder, as client-go's event correlator behaves (tools/record/events_cache.go): an
 * event identical to an earlier one is counted on that Event (`count`, `lastTimestamp`), so a
 * crash-looping Pod keeps one Event per kind of event; `kubectl describe` shows such an Event as
 * `<last> (xN over <first>)` (kubectl describe.go DescribeEvents).
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../lib/index.js";

/** A cluster with one Pod whose busybox exits at once, so the kubelet restarts it with back-off. */
function crashLooping(): Cluster {
  const cluster = new Cluster({ nodes: 2, seed: 1 });
  cluster.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: t}\nspec: {containers: [{name: a, image: busybox}]}\n");
  return cluster;
}

describe("EventRecorder", () => {
  it("counts identical events on one Event from the second one on (one row per Event in `get events`)", () => {
    const cluster = crashLooping();
    cluster.advance("20m");
    const rows = cluster.get("events").rows.filter((r) => r["OBJECT"] === "pod/t");
    assert.deepEqual(
      rows.map((r) => [r["REASON"], r["COUNT"]]),
      [
        ["Scheduled", "1"],
        ["Pulled", "9"],
        ["Created", "9"],
        ["Started", "9"],
        ["BackOff", "92"],
      ],
    );
  });

  it("shows a counted Event in describe as kubectl does, `<last> (xN over <first>)`", () => {
    const cluster = crashLooping();
    cluster.advance("24h");
    const described = String(cluster.describe("pod", "t"));
    assert.match(described, /Normal {3}Started {4}\S+ \(x293 over 24h\) +kubelet +spec\.containers\{a\}: Container started\n/);
    assert.match(described, /Warning {2}BackOff {4}\S+ \(x\d+ over 24h\) +kubelet +spec\.containers\{a\}: Back-off restarting failed container a/);
  });

  it("lists `get events` with kubectl's columns: LAST SEEN is the last time only; -o wide adds SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME", () => {
    const cluster = crashLooping();
    cluster.advance("20m");
    const narrow = cluster.get("events", { wide: false });
    assert.deepEqual(narrow.columns, ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
    const wide = cluster.get("events");
    assert.deepEqual(wide.columns, ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]);
    const started = wide.rows.find((r) => r["OBJECT"] === "pod/t" && r["REASON"] === "Started")!;
    const node = cluster.get("pods").row("t")!["NODE"];
    assert.equal(started["SUBOBJECT"], "spec.containers{a}");
    assert.equal(started["SOURCE"], `kubelet, ${node}`);
    assert.equal(started["FIRST SEEN"], "20m");
    assert.doesNotMatch(String(started["LAST SEEN"]), /\(x/);
    assert.match(String(started["NAME"]), /^t\.[0-9a-f]{16}$/);
  });

  it("lists Events in API order, by name (object, then first occurrence), not by time", () => {
    const cluster = crashLooping();
    cluster.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: a-later}\nspec: {containers: [{name: a, image: nginx}]}\n");
    cluster.advance("1m");
    const objects = cluster
      .get("events")
      .rows.map((r) => r["OBJECT"])
      .filter((o) => String(o).startsWith("pod/"));
    // a-later was created after t, yet its Events come first: `a-later.…` sorts before `t.…`.
    assert.equal(objects[0], "pod/a-later");
    assert.equal(objects.at(-1), "pod/t");
    const names = cluster.get("events").rows.map((r) => String(r["NAME"]));
    assert.deepEqual(names, [...names].sort());
  });

  it("keeps `get events` small however long a Pod crash-loops (one row per restart before)", () => {
    const cluster = crashLooping();
    cluster.advance("240h"); // about 2,900 restarts
    const text = String(cluster.get("events"));
    assert.ok(text.length < 5_000, `get events printed ${text.length} characters`);
  });

  it("runs a 2400h crash loop in linear time and memory (it exhausted the heap before)", function () {
    this.timeout(20_000);
    const cluster = crashLooping();
    cluster.advance("2400h"); // about 28,800 restarts
    assert.match(String(cluster.get("pods")), /CrashLoopBackOff|Running|Error/);
  });

  it("undoes counting on a failed call: the rows are as they were", () => {
    const cluster = crashLooping();
    cluster.advance("24h");
    const before = String(cluster.get("events"));
    assert.throws(() => cluster.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: Bad}\nspec: {containers: [{name: a, image: nginx}]}\n"));
    assert.equal(String(cluster.get("events")), before);
  });
});
