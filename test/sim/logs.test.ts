/**
 * `cluster.logs()`, as `kubectl logs` answers: the current or previous run of a container, kubectl's
 * default container (with its stderr note), `--tail`, and the kubelet's refusals word for word.
 *
 * Sources: kubernetes/kubernetes pkg/kubelet/kubelet_pods.go (validateContainerLogStatus),
 * kubernetes/kubectl pkg/polymorphichelpers/logsforobject.go and pkg/cmd/logs/logs.go.
 */
import { strict as assert } from "node:assert";
import { Cluster, PodtalkError } from "../../lib/index.js";

const TWO_NGINX = `apiVersion: v1
kind: Pod
metadata: { name: two-nginx }
spec:
  containers:
    - { name: first,  image: "nginx:1.27", ports: [{ containerPort: 80 }] }
    - { name: second, image: "nginx:1.27", ports: [{ containerPort: 80 }] }
`;

function twoNginx(after = "60s"): Cluster {
  const cluster = new Cluster({ nodes: 2, seed: 1 });
  cluster.apply(TWO_NGINX);
  cluster.advance(after);
  return cluster;
}

const rejects = (f: () => unknown, message: string) => assert.throws(f, (e: unknown) => e instanceof PodtalkError && e.message === message);

describe("cluster.logs()", () => {
  it("shows the previous run of a crashed nginx: entrypoint lines, five bind() tries 500 ms apart, then `still could not bind()`", () => {
    const logs = twoNginx().logs("two-nginx", { container: "second", previous: true });
    assert.equal(logs.lines[0], "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration");
    assert.equal(logs.lines.filter((l) => l.startsWith("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)")).length, 5);
    assert.equal(logs.lines.filter((l) => l.endsWith("[notice] 1#1: try again to bind() after 500ms")).length, 5);
    assert.deepEqual(logs.lines.slice(-2), ["2025/01/06 09:10:40 [emerg] 1#1: still could not bind()", "nginx: [emerg] still could not bind()"]);
    assert.equal(logs.container, "second");
    assert.ok(String(logs).endsWith("nginx: [emerg] still could not bind()\n"));
  });

  it("shows a running nginx's start-up notices, stamped with the simulated clock", () => {
    const logs = twoNginx().logs("two-nginx", { container: "first" });
    assert.ok(logs.includes("2025/01/06 09:10:00 [notice] 1#1: nginx/1.27.3"));
    assert.equal(logs.lines.at(-1), "2025/01/06 09:10:00 [notice] 1#1: start worker process 30");
    assert.equal(logs.notice, undefined);
  });

  it("defaults to the first container and says so, as kubectl does on stderr", () => {
    const logs = twoNginx().logs("two-nginx");
    assert.equal(logs.container, "first");
    assert.equal(logs.notice, 'Defaulted container "first" out of: first, second');
  });

  it("keeps the last lines with tail", () => {
    const logs = twoNginx().logs("two-nginx", { container: "second", previous: true, tail: 2 });
    assert.deepEqual(logs.lines, ["2025/01/06 09:10:40 [emerg] 1#1: still could not bind()", "nginx: [emerg] still could not bind()"]);
    assert.deepEqual(twoNginx().logs("two-nginx", { container: "second", previous: true, tail: 0 }).lines, []);
  });

  it("prints the start-up lines of traefik/whoami and hashicorp/http-echo as their main.go logs them", () => {
    const cluster = new Cluster({ nodes: 1, seed: 1 });
    cluster.apply(`apiVersion: v1
kind: Pod
metadata: { name: servers }
spec:
  containers:
    - { name: whoami, image: "traefik/whoami:v1.10", args: ["--port", "8080"] }
    - { name: echo, image: "hashicorp/http-echo:1.0", args: ["-text=hi"] }
`);
    assert.deepEqual(cluster.logs("servers", { container: "whoami" }).lines, ["2025/01/06 09:10:00 Starting up on port 8080"]);
    assert.deepEqual(cluster.logs("servers", { container: "echo" }).lines, ["2025/01/06 09:10:00 [INFO] server is listening on :5678"]);
  });

  it("refuses --previous for a container that never restarted, with the kubelet's words", () => {
    rejects(
      () => twoNginx().logs("two-nginx", { container: "first", previous: true }),
      'Error from server (BadRequest): previous terminated container "first" in pod "two-nginx" not found',
    );
  });

  it("refuses an unknown container and a bad tail as kubectl does, and a missing Pod as NotFound", () => {
    const cluster = twoNginx();
    rejects(() => cluster.logs("two-nginx", { container: "third" }), "error: container third is not valid for pod two-nginx");
    rejects(() => cluster.logs("two-nginx", { tail: -2 }), "error: --tail must be greater than or equal to -1");
    assert.throws(
      () => cluster.logs("nope"),
      (e: unknown) => e instanceof PodtalkError && e.message.startsWith('Error from server (NotFound): pods "nope" not found'),
    );
    assert.throws(
      () => cluster.logs("two-nginx", { tail: "5" as unknown as number }),
      (e: unknown) => e instanceof PodtalkError && e.message.includes("tail"),
    );
  });
});
