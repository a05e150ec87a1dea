import { strict as assert } from "node:assert";
import { Cluster } from "../../lib/index.js";

function cluster(): Cluster {
  const c = new Cluster({ seed: 1 });
  c.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: traefik/whoami}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec: {containers: [{name: web, image: nginx}]}`);
  c.advance("10s");
  return c;
}

describe("options that match nothing say so", () => {
  it("topology({ highlight }) names each highlight that matched nothing, in text and picture", () => {
    const c = cluster();
    const t = c.topology({ highlight: ["nope", "web", "api", "kube-dns"] });
    const text = t.toString();
    assert.match(text, /web .*<- highlighted/);
    assert.match(text, /^\(highlight "nope" matched nothing: no Pod or Service has that name\)$/m);
    const api = c.pods({ selector: "app=api" })[0]!.name;
    assert.match(text, new RegExp(`^\\(highlight "api" matched nothing: highlight takes whole names; did you mean "${api}"\\?\\)$`, "m"));
    assert.match(text, /^\(highlight "kube-dns" matched nothing: it is not drawn \(a system object: pass \{ system: true \}/m);
    assert.ok(JSON.stringify(t.spec()).includes('highlight \\"nope\\" matched nothing'));
    assert.deepEqual(t.model.notes?.length, 3);
  });

  it("topology() without such options is unchanged and has no notes", () => {
    const c = cluster();
    assert.equal(c.topology({ highlight: ["web"] }).model.notes, undefined);
    assert.ok(!c.topology().toString().includes("matched nothing"));
  });

  it("topology({ namespace }) of an empty namespace says kubectl's No resources found", () => {
    assert.match(cluster().topology({ namespace: "zz" }).toString(), /^\(No resources found in zz namespace\.\)$/m);
  });

  it("timeline({ prefix }) that matches no Pod says so and names the Pods", () => {
    const t = cluster().timeline({ prefix: "zz" });
    assert.equal(t.model.rows.length, 0);
    assert.match(t.toString(), /\(no Pod has a name that starts with "zz"; Pods are web, api-[a-z0-9]+-[a-z0-9]+\)/);
    assert.deepEqual(t.model.notes?.length, 1);
  });

  it("timeline({ namespace }) of an empty namespace says kubectl's No resources found", () => {
    const t = cluster().timeline({ namespace: "zz" });
    assert.deepEqual(t.model.notes, ["No resources found in zz namespace."]);
    assert.equal(cluster().timeline({ prefix: "web" }).model.notes, undefined);
  });
});

describe("reachability({ namespaces }) says which namespaces have no running Pods", () => {
  it("notes an empty namespace in the text and the chart, and nothing otherwise", () => {
    const c = cluster();
    const r = c.reachability({ port: 80, namespaces: ["default", "zz"] });
    assert.deepEqual(r.notes, ["no running Pods in namespace zz"]);
    assert.match(r.toString(), /^\(no running Pods in namespace zz\)$/m);
    assert.equal(r.pods.length, 2);
    assert.equal(c.reachability({ port: 80, namespaces: ["default"] }).notes, undefined);
    assert.ok(!c.reachability({ port: 80 }).toString().includes("no running Pods in namespace"));
  });
});
