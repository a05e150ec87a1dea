import { strict as assert } from "node:assert";
import { Cluster } from "../../lib/index.js";

describe("get namespaces --show-labels", () => {
  it("shows each namespace's own labels and the kubernetes.io/metadata.name label the API server adds to every one", () => {
    const c = new Cluster({ nodes: 2, seed: 1 });
    c.apply("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: a\n");
    const labels = Object.fromEntries(c.get("namespaces", { showLabels: true }).rows.map((r) => [r["NAME"], r["LABELS"]]));
    assert.equal(labels["default"], "kubernetes.io/metadata.name=default");
    assert.equal(labels["kube-system"], "kubernetes.io/metadata.name=kube-system");
    assert.equal(labels["shop"], "kubernetes.io/metadata.name=shop,team=a");
  });
});
