/**
 * The native sidecar scenario, end to end, as a learner would run it: a sidecar proxy that listens
 * on localhost before the app starts, the app reaching it over the Pod's loopback, READY counting
 * it, and the app stopping before it when the Pod is deleted.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../lib/index.js";

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  terminationGracePeriodSeconds: 5
  initContainers:
    - name: proxy
      image: nginx:1.27
      restartPolicy: Always
      ports: [{containerPort: 80}]
      startupProbe: {httpGet: {port: 80, path: /}, initialDelaySeconds: 3}
  containers:
    - name: app
      image: busybox:1.36
      command: ["sleep", "infinity"]
`;

/** `name: State` for each container, as `describe pod` lists them. */
function states(c: Cluster): string {
  return String(c.describe("pod", "web"))
    .split("\n")
    .filter((l) => /^ {2}[a-z]+:$|^ {4}State:/.test(l))
    .map((l) => l.trim().replace(/\s+/g, " "))
    .join(" ");
}

describe("the native sidecar scenario", () => {
  it("listens on localhost before the app starts, serves the app, counts in READY, and outlives the app on deletion", () => {
    const c = new Cluster({ nodes: 2, seed: 1 });
    c.apply(POD);

    // 1. The sidecar listens on the Pod's localhost while the app still waits for it.
    assert.equal(c.get("pods").row("web")!["STATUS"], "Init:0/1");
    assert.equal(states(c), "proxy: State: Running app: State: Waiting");
    const early = c.exec("web", "curl -s -o /dev/null -w '%{http_code}' http://localhost:80/", { container: "proxy" });
    assert.equal(early.stdout, "200");

    // 2. The startup probe passes: the app starts and reaches the sidecar over loopback.
    c.advance(3);
    assert.equal(states(c), "proxy: State: Running app: State: Running");
    const trace = c.exec("web", "wget -qO- http://localhost:80/");
    assert.match(trace.stdout, /<title>Welcome to nginx!<\/title>/);
    assert.equal(trace.servedBy?.container, "proxy");
    assert.ok(trace.hops.every((h) => h.kind === "loopback"));

    // 3. READY counts the sidecar.
    assert.equal(c.get("pods").row("web")!["READY"], "2/2");

    // 4. Deletion: the app (sleep ignores SIGTERM) is killed when the grace period ends; only
    //    then does nginx get its SIGQUIT, with the 2 s the kubelet always leaves.
    c.delete("pod", "web");
    c.advance(5);
    assert.equal(states(c), "proxy: State: Running app: State: Terminated");
    assert.equal(c.get("pods").row("web")!["READY"], "1/2");
    c.advance(1);
    assert.equal(c.get("pods").rows.length, 0);
  });
});
