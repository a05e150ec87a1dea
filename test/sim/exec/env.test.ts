/**
 * The container environment `env` and `printenv` show: the runtime's PATH and HOSTNAME, the
 * manifest's env, and the kubelet's Service variables (pkg/kubelet/envvars/envvars.go).
 */
import { strict as assert } from "node:assert";
import type { Cluster } from "../../../lib/index.js";
import { run, shellCluster } from "./internal/shell-cluster.js";

describe("env and printenv", () => {
  let cluster: Cluster;
  let apiIP: string;
  before(() => {
    cluster = shellCluster();
    apiIP = String(cluster.get("services").rows.find((r) => r.NAME === "my-api")!["CLUSTER-IP"]);
  });
  it("gives every Service of the namespace its _SERVICE_HOST/_PORT and Docker link variables, named ports included", () => {
    const env = run(cluster, "client", "env").stdout.split("\n");
    for (const line of [
      `MY_API_SERVICE_HOST=${apiIP}`,
      "MY_API_SERVICE_PORT=80",
      "MY_API_SERVICE_PORT_HTTP=80",
      `MY_API_PORT=tcp://${apiIP}:80`,
      `MY_API_PORT_80_TCP=tcp://${apiIP}:80`,
      "MY_API_PORT_80_TCP_PROTO=tcp",
      "MY_API_PORT_80_TCP_PORT=80",
      `MY_API_PORT_80_TCP_ADDR=${apiIP}`,
      "KUBERNETES_SERVICE_HOST=10.96.0.1",
      "KUBERNETES_SERVICE_PORT=443",
      "KUBERNETES_SERVICE_PORT_HTTPS=443",
      "KUBERNETES_PORT=tcp://10.96.0.1:443",
      "GREETING=hello world",
    ]) {
      assert.ok(env.includes(line), line);
    }
    assert.deepEqual(env.slice(0, 2), ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=client"]);
    assert.equal(env.at(-2), "HOME=/root");
  });
  it("gives a headless Service no variables (it has no ClusterIP)", () => {
    assert.equal(run(cluster, "client", "env | grep -c ^DB_").stdout, "0\n");
  });
  it("gives Pods of another namespace only that namespace's Services and kubernetes", () => {
    const env = run(cluster, "other", "env", "shop").stdout;
    assert.ok(!env.includes("MY_API_"));
    assert.ok(env.includes("KUBERNETES_SERVICE_HOST=10.96.0.1\n"));
  });
  it("enableServiceLinks: false keeps only the kubernetes Service's variables", () => {
    const env = run(cluster, "unlinked", "env").stdout;
    assert.ok(!env.includes("MY_API_"));
    assert.ok(env.includes("KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1\n"));
  });
  it("leaves out a Service created after the container started", () => {
    cluster.advance("1m");
    cluster.apply([{ apiVersion: "v1", kind: "Service", metadata: { name: "late" }, spec: { selector: { app: "x" }, ports: [{ port: 81 }] } }]);
    assert.equal(run(cluster, "client", "printenv LATE_SERVICE_HOST").exitCode, 1);
  });
  it("printenv prints one value, and exits 1 for an unset name", () => {
    const t = run(cluster, "client", "printenv MY_API_SERVICE_PORT NOPE");
    assert.equal(t.stdout, "80\n");
    assert.equal(t.exitCode, 1);
  });
  it("a hostNetwork Pod's HOSTNAME is its node's name", () => {
    assert.equal(run(cluster, "host", "printenv HOSTNAME").stdout, "node-2\n");
  });
});
