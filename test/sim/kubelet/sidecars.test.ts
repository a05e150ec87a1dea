/**
 * Native sidecars (KEP-753, GA in Kubernetes v1.33): init containers with `restartPolicy: Always`
 * start before the app containers (once started: running, and past a startup probe), count toward
 * the Pod's readiness, restart on their own, and stop after the app containers, last one first.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../../lib/index.js";

/** A Pod `web`: an http-echo sidecar `proxy` on 5678 before a busybox `app`, with `extra` lines under the sidecar. */
function sidecarPod(extra = "", spec = ""): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
${spec}  initContainers:
    - name: proxy
      image: hashicorp/http-echo:1.0
      args: ["-listen=:5678", "-text=hello from the sidecar"]
      restartPolicy: Always
      ports: [{containerPort: 5678}]
${extra}  containers:
    - name: app
      image: busybox:1.36
      command: ["sleep", "infinity"]
`;
}

const cell = (c: Cluster, column: string, pod = "web") => c.get("pods").row(pod)?.[column];

/** The kubelet's events of Pod `pod`, oldest first, as `REASON SUBOBJECT`. */
function kubeletEvents(c: Cluster, pod = "web"): string[] {
  return c
    .get("events")
    .rows.filter((r) => r["OBJECT"] === `pod/${pod}` && r["SUBOBJECT"])
    .map((r) => `${r["REASON"]} ${r["SUBOBJECT"]}`);
}

describe("native sidecars", () => {
  it("start the sidecar before the app: its Started event comes before the app's Created", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(sidecarPod());
    assert.deepEqual(kubeletEvents(c), [
      "Pulled spec.initContainers{proxy}",
      "Created spec.initContainers{proxy}",
      "Started spec.initContainers{proxy}",
      "Pulled spec.containers{app}",
      "Created spec.containers{app}",
      "Started spec.containers{app}",
    ]);
  });

  it("hold the app back until the sidecar's startup probe passes (STATUS Init:0/1), then start it", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(sidecarPod("      startupProbe: {tcpSocket: {port: 5678}, initialDelaySeconds: 5}\n"));
    assert.equal(cell(c, "STATUS"), "Init:0/1");
    assert.equal(cell(c, "READY"), "0/2");
    assert.ok(!kubeletEvents(c).some((e) => e.includes("spec.containers{app}")), "the app must not be created yet");
    // The app's container is not running yet: kubectl exec is refused.
    assert.throws(() => c.exec("web", "true"), /container app is not running|app/);
    c.advance(5);
    assert.equal(cell(c, "STATUS"), "Running");
    assert.equal(cell(c, "READY"), "2/2");
    const app = c.get("events").rows.find((r) => r["REASON"] === "Created" && r["SUBOBJECT"] === "spec.containers{app}");
    const proxy = c.get("events").rows.find((r) => r["REASON"] === "Started" && r["SUBOBJECT"] === "spec.initContainers{proxy}");
    assert.equal(app?.["LAST SEEN"], "0s");
    assert.equal(proxy?.["LAST SEEN"], "5s");
  });

  it("keep the app waiting when its image changes before the sidecar has started", () => {
    const c = new Cluster({ nodes: 2 });
    const manifest = sidecarPod("      startupProbe: {tcpSocket: {port: 5678}, initialDelaySeconds: 5}\n");
    c.apply(manifest);
    assert.equal(String(c.apply(manifest.replace("image: busybox:1.36", "image: busybox:1.37"))), "pod/web configured");
    assert.equal(cell(c, "STATUS"), "Init:0/1");
    assert.ok(!kubeletEvents(c).some((e) => e.includes("spec.containers{app}")), "the app must not be started early");
    c.advance(5);
    assert.match(String(c.describe("pod", "web")), /\n {2}app:\n {4}Image: +busybox:1\.37\n/);
    assert.equal(cell(c, "READY"), "2/2");
  });

  it("take an image update (ValidatePodUpdate allows initContainers[*].image): the sidecar restarts, a finished init container does not run again", () => {
    const c = new Cluster({ nodes: 2 });
    const manifest = sidecarPod().replace(
      "  initContainers:\n",
      '  initContainers:\n    - {name: setup, image: "busybox:1.36", command: ["sh", "-c", "exit 0"]}\n',
    );
    c.apply(manifest);
    const updated = manifest.replace("hashicorp/http-echo:1.0", "hashicorp/http-echo:1.0.1").replace('image: "busybox:1.36"', 'image: "busybox:1.37"');
    assert.equal(String(c.apply(updated)), "pod/web configured");
    const killing = c.get("events").rows.filter((r) => r["REASON"] === "Killing");
    assert.deepEqual(
      killing.map((r) => [r["SUBOBJECT"], r["MESSAGE"]]),
      [["spec.initContainers{proxy}", "Container proxy definition changed, will be restarted"]],
    );
    const text = String(c.describe("pod", "web"));
    assert.match(text, /\n {2}setup:\n[\s\S]*?Restart Count: +0\n/);
    assert.match(text, /\n {2}proxy:\n {4}Image: +hashicorp\/http-echo:1\.0\.1\n[\s\S]*?Restart Count: +1\n/);
    assert.match(text, /\n {2}app:\n[\s\S]*?Restart Count: +0\n/);
    assert.equal(cell(c, "READY"), "2/2");
  });

  it("run a plain init container to completion first: Init:0/2 while it runs, then the sidecar, then the app", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(
      sidecarPod("", "").replace("  initContainers:\n", '  initContainers:\n    - {name: setup, image: "busybox:1.36", command: ["sh", "-c", "sleep 3"]}\n'),
    );
    assert.equal(cell(c, "STATUS"), "Init:0/2");
    assert.equal(cell(c, "READY"), "0/2");
    c.advance(3);
    assert.equal(cell(c, "STATUS"), "Running");
    assert.equal(cell(c, "READY"), "2/2");
    assert.deepEqual(
      kubeletEvents(c).filter((e) => e.startsWith("Started")),
      ["Started spec.initContainers{setup}", "Started spec.initContainers{proxy}", "Started spec.containers{app}"],
    );
  });

  it("count in READY, and their readiness probe holds the Pod's Ready condition", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(sidecarPod("      readinessProbe: {tcpSocket: {port: 5678}, initialDelaySeconds: 10}\n"));
    assert.equal(cell(c, "READY"), "1/2");
    assert.match(String(c.describe("pod", "web")), /\n {2}Ready +False \n/);
    c.advance(10);
    assert.equal(cell(c, "READY"), "2/2");
    assert.match(String(c.describe("pod", "web")), /\n {2}Ready +True \n/);
  });

  it("take setReady: a failing sidecar probe makes the Pod not ready; setReady without a container restores it", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(sidecarPod("      readinessProbe: {tcpSocket: {port: 5678}}\n"));
    c.setReady("web", false, { container: "proxy" });
    assert.equal(cell(c, "READY"), "1/2");
    const unhealthy = c.get("events").rows.find((r) => r["REASON"] === "Unhealthy");
    assert.equal(unhealthy?.["SUBOBJECT"], "spec.initContainers{proxy}");
    assert.match(String(unhealthy?.["MESSAGE"]), /^Readiness probe failed: dial tcp 10\.244\.\d+\.\d+:5678: connect: connection refused$/);
    c.setReady("web", true);
    assert.equal(cell(c, "READY"), "2/2");
  });

  it("are listed under Init Containers in describe, before the app containers", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(sidecarPod("      startupProbe: {httpGet: {port: 5678, path: /}}\n"));
    const text = String(c.describe("pod", "web"));
    const init = text.indexOf("\nInit Containers:\n  proxy:\n    Image:      hashicorp/http-echo:1.0\n    Port:       5678/TCP\n");
    assert.ok(init > 0, text);
    assert.ok(init < text.indexOf("\nContainers:\n  app:\n"));
    assert.match(text, /Startup: +http-get http:\/\/:5678\/ delay=0s timeout=1s period=10s #success=1 #failure=3/);
    assert.match(text, /\n {2}Initialized +True \n/);
  });

  it("are reached by the app on localhost: the Pod's containers share one network namespace", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(sidecarPod());
    const trace = c.exec("web", "wget -qO- http://localhost:5678/");
    assert.equal(trace.container, "app");
    assert.equal(trace.stdout, "hello from the sidecar\n");
    assert.deepEqual(trace.servedBy && [trace.servedBy.container, trace.servedBy.ip], ["proxy", "127.0.0.1"]);
    assert.ok(trace.hops.every((h) => h.kind === "loopback"));
  });

  it("take exec -c and logs -c; logs names them `(init)` when it defaults to the app", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(sidecarPod());
    assert.equal(c.exec("web", "wget -qO- http://127.0.0.1:5678/", { container: "proxy" }).container, "proxy");
    assert.match(String(c.logs("web", { container: "proxy" })), /server is listening on :5678/);
    assert.equal(c.logs("web").notice, `Defaulted container "app" out of: app, proxy (init)`);
  });

  it("restart on their own: a crashing sidecar restarts with back-off while the app keeps running", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(
      sidecarPod()
        .replace(
          'image: hashicorp/http-echo:1.0\n      args: ["-listen=:5678", "-text=hello from the sidecar"]',
          'image: busybox:1.36\n      command: ["sh", "-c", "sleep 5; exit 1"]',
        )
        .replace("      ports: [{containerPort: 5678}]\n", ""),
    );
    c.advance(5);
    assert.equal(cell(c, "RESTARTS"), "1 (0s ago)");
    c.advance(5);
    const text = String(c.describe("pod", "web"));
    // The second crash waits out a 10 s back-off; the sidecar's crash loop makes the Pod not Ready.
    assert.match(text, /\n {2}proxy:\n[\s\S]*?State: +Waiting\n {6}Reason: +CrashLoopBackOff\n[\s\S]*?Restart Count: +1\n/);
    assert.match(text, /\n {2}Ready +False \n/);
    assert.match(text, /\n {2}app:\n[\s\S]*?State: +Running\n {6}Started: +Mon, 06 Jan 2025 09:10:00 \+0000\n[\s\S]*?Restart Count: +0\n/);
    // printPod reports the first init container that is neither done nor started, even after the
    // Pod was initialized, and only a waiting or terminated app container overrides it.
    assert.equal(cell(c, "STATUS"), "Init:CrashLoopBackOff");
    assert.equal(cell(c, "READY"), "1/2");
    assert.ok(kubeletEvents(c).includes("BackOff spec.initContainers{proxy}"));
  });

  it("count in RESTARTS as printPod does: not past the first sidecar that has not (re)started", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(
      sidecarPod().replace(
        "  initContainers:\n",
        '  initContainers:\n    - {name: flaky, image: "busybox:1.36", command: ["sh", "-c", "sleep 5; exit 1"], restartPolicy: Always}\n',
      ),
    );
    c.advance(1);
    c.restartContainer("web", "proxy");
    assert.equal(cell(c, "RESTARTS"), "1 (0s ago)");
    c.advance(9); // flaky exits at 5 (restarted at once) and at 10 (back-off): it is not started now
    assert.equal(cell(c, "STATUS"), "Init:CrashLoopBackOff");
    // printPod stops at flaky, so proxy's restart is not counted: 1, not 2.
    assert.equal(cell(c, "RESTARTS"), "1 (0s ago)");
  });

  it("stop after the app containers on deletion, the last sidecar first", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(
      sidecarPod(
        "    - {name: logger, image: busybox:1.36, command: [sleep, infinity], restartPolicy: Always}\n",
        "  terminationGracePeriodSeconds: 10\n",
      ).replace('image: busybox:1.36\n      command: ["sleep", "infinity"]\n', "image: nginx:1.27\n"),
    );
    c.delete("pod", "web");
    const states = () =>
      String(c.describe("pod", "web"))
        .split("\n")
        .filter((l) => /^ {2}[a-z]+:$|^ {4}State:/.test(l))
        .map((l) => l.trim().replace(/\s+/g, " "))
        .join(" ");
    assert.equal(states(), "proxy: State: Running logger: State: Running app: State: Running");
    c.advance(1); // nginx quits on SIGQUIT; the last sidecar (logger) gets its signal now
    assert.equal(states(), "proxy: State: Running logger: State: Running app: State: Terminated");
    c.advance(1); // logger (sleep) ignores SIGTERM; proxy waits for it
    assert.equal(states(), "proxy: State: Running logger: State: Running app: State: Terminated");
    c.advance(8); // the grace period ends: logger is killed, and proxy finally gets its signal
    assert.equal(states(), "proxy: State: Running logger: State: Terminated app: State: Terminated");
    assert.match(String(c.describe("pod", "web")), /logger:[\s\S]*?Exit Code: +137/);
    c.advance(1); // proxy, a Go server, exits 1 s after SIGTERM; the Pod goes
    assert.equal(c.get("pods").rows.length, 0);
    assert.deepEqual(
      kubeletEvents(c).filter((e) => e.startsWith("Killing")),
      ["Killing spec.containers{app}", "Killing spec.initContainers{logger}", "Killing spec.initContainers{proxy}"],
    );
  });

  it("are stopped once the app containers have finished, so a restartPolicy Never Pod completes", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(sidecarPod("", "  restartPolicy: Never\n").replace('command: ["sleep", "infinity"]', 'command: ["sh", "-c", "sleep 2"]'));
    c.advance(2);
    assert.ok(kubeletEvents(c).includes("Killing spec.initContainers{proxy}"));
    c.advance(1);
    assert.equal(cell(c, "STATUS"), "Completed");
    assert.equal(cell(c, "READY"), "0/2");
    assert.match(String(c.describe("pod", "web")), /\nStatus: +Succeeded\n/);
  });

  it("are not restarted when their back-off ends after the app containers have finished: the Pod stays Succeeded", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(
      sidecarPod("", "  restartPolicy: Never\n")
        .replace(
          'image: hashicorp/http-echo:1.0\n      args: ["-listen=:5678", "-text=hello from the sidecar"]',
          'image: busybox:1.36\n      command: ["sh", "-c", "sleep 5; exit 1"]',
        )
        .replace("      ports: [{containerPort: 5678}]\n", "")
        .replace('command: ["sleep", "infinity"]', 'command: ["sh", "-c", "sleep 12"]'),
    );
    // The sidecar crashes at 5 s and 10 s, then waits out a 10 s back-off; the app ends at 12 s.
    c.advance(21);
    assert.equal(cell(c, "STATUS"), "Completed");
    assert.equal(cell(c, "READY"), "0/2");
    assert.match(String(cell(c, "RESTARTS")), /^1 /, "the back-off's end started the sidecar again");
    assert.match(String(c.describe("pod", "web")), /\nStatus: +Succeeded\n/);
  });

  it("leave a failing plain init container to the Pod's restartPolicy: Init:Error under Never, Init:CrashLoopBackOff otherwise", () => {
    const failing = (policy: string) =>
      sidecarPod("", `  restartPolicy: ${policy}\n`).replace(
        "  initContainers:\n",
        '  initContainers:\n    - {name: setup, image: "busybox:1.36", command: ["sh", "-c", "sleep 1; exit 3"]}\n',
      );
    const never = new Cluster({ nodes: 2 });
    never.apply(failing("Never"));
    never.advance(1);
    assert.equal(cell(never, "STATUS"), "Init:Error");
    assert.match(String(never.describe("pod", "web")), /\nStatus: +Failed\n/);
    const always = new Cluster({ nodes: 2 });
    always.apply(failing("Always"));
    always.advance(2);
    assert.equal(cell(always, "STATUS"), "Init:CrashLoopBackOff");
    assert.equal(cell(always, "READY"), "0/2");
    // Until the Pod is initialized, RESTARTS counts every init container's restarts.
    assert.equal(cell(always, "RESTARTS"), "1 (0s ago)");
    assert.match(String(always.describe("pod", "web")), /\nStatus: +Pending\n/);
  });
});

describe("native sidecars behind a Service", () => {
  it("keep the Pod's endpoint not ready until the sidecar is ready, and lend the Service their named port", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(
      `${sidecarPod("      readinessProbe: {tcpSocket: {port: 5678}, initialDelaySeconds: 10}\n")
        .replace("metadata: {name: web}", "metadata: {name: web, labels: {app: web}}")
        .replace("ports: [{containerPort: 5678}]", "ports: [{name: echo, containerPort: 5678}]")}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: echo}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: shell, image: "busybox:1.36", command: [sleep, infinity]}]
`,
    );
    const before = c.exec("client", "wget -qO- -T 2 http://web/");
    assert.notEqual(before.exitCode, 0);
    c.advance(10);
    const after = c.exec("client", "wget -qO- -T 2 http://web/");
    assert.equal(after.stdout, "hello from the sidecar\n");
    assert.equal(after.servedBy?.container, "proxy");
    assert.equal(after.servedBy?.port, 5678);
  });
});

describe("a terminating Pod's sidecar", () => {
  it("keeps answering through the Service while its process ignores SIGTERM, as an app container does", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(`apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  initContainers:
    - name: proxy
      image: "python:3.12"
      command: [python, -m, http.server, "8080"]
      restartPolicy: Always
  containers:
    - name: app
      image: busybox:1.36
      command: ["sleep", "infinity"]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: c, image: nicolaka/netshoot, command: [sleep, infinity]}]}
`);
    c.advance("10s");
    c.deletePod("web");
    const t = c.exec("client", "curl -s -m 2 http://web/");
    assert.equal(t.exitCode, 0, t.stderr);
    assert.equal(t.servedBy?.container, "proxy");
  });
});
