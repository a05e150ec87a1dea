/**
 * `cluster.scale`, `cluster.setImage` and `cluster.rollout(...)`: kubectl's output lines and
 * errors, and the revision numbers the Deployment controller keeps (sync.go: a ReplicaSet re-used
 * by a rollback takes the next revision).
 */
import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../lib/index.js";
import { apiCluster, apiDeployment } from "../internal/api-cluster.js";

const revisionOf = (describe: string) => /deployment\.kubernetes\.io\/revision: (\d+)/.exec(describe)?.[1];

describe("cluster.scale()", () => {
  it("prints kubectl's line and changes the replica count, for each alias", () => {
    const cluster = apiCluster();
    assert.equal(cluster.scale("deployment/api", 5).text, "deployment.apps/api scaled");
    cluster.advance("10s");
    assert.equal(cluster.get("pods").rows.filter((r) => r["NAME"]!.startsWith("api-")).length, 5);
    assert.equal(cluster.scale("deploy/api", 2).text, "deployment.apps/api scaled");
    const rs = cluster.get("rs").rows[0]!["NAME"]!;
    assert.equal(cluster.scale(`rs/${rs}`, 2).text, `replicaset.apps/${rs} scaled`);
    assert.match(String(cluster.manifests()), /replicas: 2/);
  });

  it("refuses negative replicas and unknown objects with kubectl's errors, changing nothing", () => {
    const cluster = apiCluster();
    const before = cluster.get("pods").toText();
    assert.throws(() => cluster.scale("deployment/api", -1), {
      message: "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
    });
    assert.throws(() => cluster.scale("deployment/nope", 1), { message: 'Error from server (NotFound): deployments.apps "nope" not found' });
    assert.throws(() => cluster.scale("statefulset/nope", 1), { message: 'Error from server (NotFound): statefulsets.apps "nope" not found' });
    assert.throws(
      () => cluster.scale("api", 1),
      (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.BadRequest && /resource type "api"/.test(e.message),
    );
    assert.throws(() => cluster.scale("deployment/api", "3" as unknown as number), PodtalkError);
    assert.throws(() => cluster.scale("deployment/api", 2147483648), {
      message: 'The Scale "api" is invalid: spec.replicas: Invalid value: 2147483648: must be less than or equal to 2147483647 (an int32)',
    });
    assert.throws(
      () => cluster.scale("deployment/api", 150_001),
      (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.Invalid,
    );
    assert.equal(cluster.get("pods").toText(), before);
  });
});

describe("cluster.setImage()", () => {
  it("prints kubectl's line and starts a rolling update to a new ReplicaSet", () => {
    const cluster = apiCluster();
    assert.equal(cluster.setImage("deployment/api", { app: "nginx:1.27" }).text, "deployment.apps/api image updated");
    cluster.advance("60s");
    const rs = cluster.get("rs").rows;
    assert.equal(rs.length, 2);
    const current = rs.find((r) => r["DESIRED"] === "3")!;
    assert.match(current["IMAGES"]!, /^nginx:1\.27,busybox$/);
    assert.match(String(cluster.manifests()), /image: nginx:1\.27/);
  });

  it('sets every container with "*"', () => {
    const cluster = apiCluster();
    cluster.setImage("deploy/api", { "*": "nicolaka/netshoot" });
    cluster.advance("60s");
    assert.ok(cluster.get("rs").rows.some((r) => r["IMAGES"] === "nicolaka/netshoot,nicolaka/netshoot"));
  });

  it("refuses an unknown container with kubectl's error and changes nothing", () => {
    const cluster = apiCluster();
    assert.throws(
      () => cluster.setImage("deployment/api", { web: "nginx:1.27" }),
      (e: unknown) => e instanceof PodtalkError && e.message.startsWith('error: unable to find container named "web"'),
    );
    assert.throws(() => cluster.setImage("deployment/api", {}), PodtalkError);
    assert.equal(cluster.get("rs").rows.length, 1);
  });
});

describe("cluster.rollout()", () => {
  it("numbers revisions as the controller does across setImage → setImage → undo", () => {
    const cluster = apiCluster();
    assert.equal(revisionOf(cluster.describe("deployment", "api").text), "1");
    cluster.setImage("deployment/api", { app: "nginx:1.27" });
    cluster.rollout("status", "deployment/api");
    cluster.setImage("deployment/api", { app: "nginx:1.28" });
    cluster.rollout("status", "deployment/api");
    assert.equal(revisionOf(cluster.describe("deployment", "api").text), "3");
    assert.equal(cluster.rollout("undo", "deployment/api").text, "deployment.apps/api rolled back");
    cluster.rollout("status", "deployment/api");
    // Revision 2 (nginx:1.27) is re-used and becomes 4; 2 leaves the history.
    assert.equal(revisionOf(cluster.describe("deployment", "api").text), "4");
    assert.equal(
      cluster.rollout("history", "deployment/api").text,
      ["deployment.apps/api ", "REVISION  CHANGE-CAUSE", "1         <none>", "3         <none>", "4         <none>"].join("\n"),
    );
    assert.match(
      cluster.rollout("history", "deployment/api", { revision: 4 }).text,
      /^deployment\.apps\/api with revision #4\nPod Template:\n[\s\S]*Image:\s+nginx:1\.27/,
    );
    assert.equal(cluster.get("rs").rows.length, 3, "undo re-used a ReplicaSet rather than making one");
    assert.equal(cluster.rollout("undo", "deployment/api", { revision: 1 }).text, "deployment.apps/api rolled back");
    cluster.rollout("status", "deployment/api");
    assert.equal(revisionOf(cluster.describe("deployment", "api").text), "5");
    assert.match(cluster.describe("deployment", "api").text, /NewReplicaSet:\s+api-\w+ \(3\/3 replicas created\)/);
  });

  it("copies kubernetes.io/change-cause into the history", () => {
    const cluster = apiCluster();
    cluster.apply(apiDeployment("nginx:1.27", '  annotations: {kubernetes.io/change-cause: "nginx 1.27"}\n'));
    cluster.rollout("status", "deployment/api");
    assert.equal(cluster.rollout("history", "deployment/api").text.split("\n").at(-1), "2         nginx 1.27");
    assert.match(cluster.describe("deployment", "api").text, /\n {10,}kubernetes\.io\/change-cause: nginx 1\.27\n/);
  });

  it("status prints kubectl's progress lines as simulated time passes, then success", () => {
    const cluster = apiCluster();
    const start = cluster.now;
    cluster.setImage("deployment/api", { app: "nginx:1.27" });
    const status = cluster.rollout("status", "deployment/api");
    assert.equal(status.done, true);
    assert.equal(status.lines[0]!.text, 'Waiting for deployment "api" rollout to finish: 1 out of 3 new replicas have been updated...');
    assert.ok(status.text.includes('Waiting for deployment "api" rollout to finish: 2 out of 3 new replicas have been updated...'));
    assert.equal(status.text.split("\n").at(-1), 'deployment "api" successfully rolled out');
    assert.ok(cluster.now > start, "the clock moved on");
    assert.equal(cluster.rollout("status", "deployment/api").text, 'deployment "api" successfully rolled out');
  });

  it("status stops at the timeout with kubectl's error", () => {
    const cluster = apiCluster();
    cluster.setImage("deployment/api", { app: "nginx:1.27" });
    const status = cluster.rollout("status", "deployment/api", { timeout: "2s" });
    assert.equal(status.done, false);
    assert.equal(status.text.split("\n").at(-1), "error: timed out waiting for the condition");
  });

  it("undo refuses what kubectl refuses", () => {
    const cluster = apiCluster();
    assert.throws(() => cluster.rollout("undo", "deployment/api"), { message: 'error: no rollout history found for deployment "api"' });
    cluster.setImage("deployment/api", { app: "nginx:1.27" });
    assert.throws(() => cluster.rollout("undo", "deployment/api", { revision: 7 }), { message: "error: unable to find specified revision 7 in history" });
    assert.equal(
      cluster.rollout("undo", "deployment/api", { revision: 2 }).text,
      "deployment.apps/api skipped rollback (current template already matches revision 2)",
    );
    assert.throws(() => cluster.rollout("restart" as "undo", "deployment/api"), PodtalkError);
  });

  it("follows a StatefulSet's rollout; its history is a clear refusal", () => {
    const cluster = apiCluster();
    cluster.apply(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: "redis:7", readinessProbe: {tcpSocket: {port: 6379}, initialDelaySeconds: 3}}]}
`);
    const first = cluster.rollout("status", "sts/db");
    assert.equal(first.lines[0]!.text, "Waiting for 2 pods to be ready...");
    assert.equal(first.text.split("\n").at(-1), "partitioned roll out complete: 2 new pods have been updated...");
    assert.equal(cluster.setImage("statefulset/db", { db: "redis:7.2" }).text, "statefulset.apps/db image updated");
    assert.equal(cluster.rollout("status", "statefulset/db").done, true);
    assert.match(cluster.get("pods").toText(), /db-0/);
    assert.throws(
      () => cluster.rollout("history", "sts/db"),
      (e: unknown) => e instanceof PodtalkError && /ControllerRevisions/.test(e.message),
    );
  });
});
