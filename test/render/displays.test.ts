import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { mimeBundle } from "../../kernel/mime-bundle.js";
import { Cluster, Manifests } from "../../lib/index.js";
import { deployment, service } from "../sim/internal/fixtures.js";

/** A small cluster: a Deployment of two Pods behind a Service. */
function cluster(): Cluster {
  const c = new Cluster({ nodes: 2, seed: 3 });
  c.apply([deployment("api", 2), service("api", { app: "api" })]);
  c.advance("30s");
  return c;
}

describe("how podtalk's values display in the kernel", () => {
  describe("cluster.manifests()", () => {
    const c = cluster();
    const m = c.manifests();
    const yaml = String(m);

    it("displays as YAML text and highlighted YAML, not a quoted JavaScript string", async () => {
      const bundle = await mimeBundle(m);
      assert.equal(bundle["text/plain"], yaml.replace(/\n$/, ""));
      assert.match(String(bundle["text/plain"]), /^---\napiVersion: apps\/v1\nkind: Deployment\n/);
      assert.match(
        String(bundle["text/html"]),
        /^<pre class="podtalk-yaml"><code class="hljs language-yaml">.*<span class="hljs-attr" style="color:#005cc5">apiVersion:<\/span>/s,
      );
      assert.equal(inspect(m), yaml, "console.log prints the YAML itself");
    });

    it("still works where the string did: String(), templates, includes, JSON, apply()", () => {
      assert.ok(m instanceof Manifests);
      assert.equal(`${m}`, yaml);
      assert.ok(m.includes("kind: Service"));
      assert.equal(m.split("\n---\n").length, 2, "two documents");
      assert.equal(JSON.stringify(m), JSON.stringify(yaml));
      const copy = new Cluster({ nodes: 2, seed: 3 });
      assert.deepEqual(copy.apply(m).lines, ["deployment.apps/api created", "service/api created"]);
    });
  });

  describe("cluster.snapshot()", () => {
    it("displays as the Pods and Services at that moment, not a JavaScript dump", async () => {
      const snap = cluster().snapshot();
      const bundle = await mimeBundle(snap);
      const text = String(bundle["text/plain"]);
      assert.equal(
        text,
        [
          "Snapshot at 30s",
          "",
          "NAMESPACE   NAME                   STATUS    IP           NODE",
          "default     api-78bbb7bc4c-xg8jg   Running   10.244.1.2   node-2",
          "default     api-78bbb7bc4c-zd6br   Running   10.244.1.3   node-2",
          "",
          "NAMESPACE   NAME         CLUSTER-IP      ENDPOINTS",
          "default     api          10.98.241.199   10.244.1.2:8080,10.244.1.3:8080",
          "default     kubernetes   10.96.0.1       172.18.0.2:6443",
        ].join("\n"),
      );
      assert.doesNotMatch(text, /Map\(|\[Object\]|topology/);
      assert.match(String(bundle["text/html"]), /<caption>Pods at 30s<\/caption>.*<caption>Services and their ready endpoints at 30s<\/caption>/s);
      assert.equal(inspect(snap), text, "console.log prints the tables");
    });
  });

  describe("Table.row()", () => {
    it("displays as a one-row table with the table's columns, and stays a plain record", async () => {
      const pods = cluster().get("pods");
      const row = pods.row(pods.rows.find((r) => r["NAME"]?.startsWith("api-"))!["NAME"]!)!;
      const bundle = await mimeBundle(row);
      assert.equal(
        bundle["text/plain"],
        "NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\n" +
          "api-78bbb7bc4c-xg8jg   1/1     Running   0          30s   10.244.1.2   node-2   <none>           <none>",
      );
      assert.match(String(bundle["text/html"]), /^<table class="podtalk-table"><thead><tr><th>NAME<\/th>/);
      assert.deepEqual(Object.keys(row), [...pods.columns]);
      assert.deepEqual(
        row,
        pods.rows.find((r) => r["NAME"] === row["NAME"]),
      );
      assert.deepEqual({ ...row }, row);
    });
  });
});
