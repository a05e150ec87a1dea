/**
 * A StatefulSet name is checked only as a DNS label (at most 63 characters), but its Pods carry
 * labels and a hostname made from it: near 63 characters those are too long, the API server
 * refuses the Pods, and the controller says so in a Warning event, as a real cluster does.
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../lib/index.js";

const sts = (name: string) =>
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: ${name}}\nspec:\n  replicas: 2\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: a, image: nginx}]}\n`;

describe("a StatefulSet with a 63-character name", () => {
  const name = "s".repeat(63);

  it("is created, but makes no Pods, and a FailedCreate event names each value that is too long", () => {
    const c = new Cluster({ nodes: 1, seed: 1 });
    assert.equal(String(c.apply(sts(name))), `statefulset.apps/${name} created`);
    c.advance("30s");
    assert.equal(String(c.get("pods")).trim(), "No resources found in default namespace.");
    const events = String(c.describe("statefulset", name));
    const tooLong = (v: string) => `Invalid value: "${v}": must be no more than 63 characters`;
    assert.match(
      events,
      /Warning {2}FailedCreate {2}\d+s +statefulset-controller {2}create Pod s{63}-0 in StatefulSet s{63} failed error: Pod "s{63}-0" is invalid: \[/,
    );
    assert.ok(events.includes(`metadata.labels: ${tooLong(`${name}-0`)}`), events);
    assert.ok(events.includes(`spec.hostname: ${tooLong(`${name}-0`)}`), events);
    assert.match(events, new RegExp(`metadata\\.labels: Invalid value: "${name}-[0-9a-z]+": must be no more than 63 characters`));
  });

  it("a 52-character name still makes its Pods", () => {
    const c = new Cluster({ nodes: 1, seed: 1 });
    c.apply(sts("s".repeat(52)));
    c.advance("30s");
    assert.equal(String(c.get("pods")).trim().split("\n").length, 3, "a header and two Pods");
  });
});
