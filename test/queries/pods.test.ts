import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../lib/index.js";
import { apiCluster } from "./fixture.js";

/** Throws what `fn` throws, or fails. */
function thrown(fn: () => unknown): PodtalkError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PodtalkError, `not a PodtalkError: ${String(e)}`);
    return e;
  }
  assert.fail("did not throw");
}

describe("cluster.pod()", () => {
  it("gives the IP, node, STATUS and READY that `get pods -o wide` prints", () => {
    const c = apiCluster();
    const table = c.get("pods", { wide: true });
    for (const row of table.rows) {
      const p = c.pod(row["NAME"]!);
      assert.equal(p.ip, row["IP"]);
      assert.deepEqual(p.ips, [row["IP"]]);
      assert.equal(p.node, row["NODE"]);
      assert.equal(p.status, row["STATUS"]);
      assert.equal(p.ready, row["READY"] === "1/1");
      assert.equal(String(p.restarts), row["RESTARTS"]);
      const conditions = c.describe("pod", p.name).toString();
      assert.match(conditions, new RegExp(`^\\s*Ready\\s+${p.ready ? "True" : "False"}\\s*$`, "m"));
    }
  });

  it("describes containers, owner and labels as data", () => {
    const c = apiCluster();
    const name = c.pods({ selector: "app=api" })[0]!.name;
    const p = c.pod(name);
    assert.equal(p.phase, "Running");
    assert.deepEqual(p.owner, { kind: "ReplicaSet", name: name.replace(/-[a-z0-9]+$/, "") });
    assert.equal(p.labels["app"], "api");
    assert.deepEqual(
      p.containers.map((x) => ({ name: x.name, image: x.image, ready: x.ready, state: x.state, restartCount: x.restartCount })),
      [{ name: "api", image: "traefik/whoami", ready: true, state: "running", restartCount: 0 }],
    );
    assert.deepEqual(p.containers[0]!.ports, [{ name: "http", containerPort: 80, protocol: "TCP", hostPort: undefined }]);
    assert.deepEqual(p.initContainers, []);
    assert.ok(p.createdAt <= c.now);
    assert.equal(c.pod("client").owner, undefined);
  });

  it("follows the Pod through a restart and deletion: restarts, CrashLoopBackOff-style reasons, Terminating", () => {
    const c = apiCluster();
    c.restartContainer("client");
    assert.equal(c.pod("client").restarts, 1);
    assert.equal(c.pod("client").containers[0]!.restartCount, 1);
    c.deletePod("client");
    const gone = c.pod("client");
    assert.match(c.describe("pod", "client").toString(), /^\s*Ready\s+False\s*$/m);
    assert.equal(gone.status, "Terminating");
    assert.equal(gone.ready, false);
    assert.equal(c.get("pods").row("client")!["STATUS"], "Terminating");
  });

  it("gives a crash-looping container's state and reason, as the STATUS column does", () => {
    const c = apiCluster();
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: crash}\nspec: {containers: [{name: tools, image: busybox}]}");
    c.advance("60s");
    const p = c.pod("crash");
    assert.equal(p.status, c.get("pods").row("crash")!["STATUS"]);
    assert.equal(p.status, "CrashLoopBackOff");
    assert.deepEqual([p.containers[0]!.state, p.containers[0]!.reason, p.ready], ["waiting", "CrashLoopBackOff", false]);
    assert.ok(p.restarts > 0);
    assert.equal(c.get("pods").row("crash")!["RESTARTS"]!.split(" ")[0], String(p.restarts));
  });

  it("is a frozen copy: assigning throws and the cluster is unchanged", () => {
    const c = apiCluster();
    const p = c.pod("client");
    assert.ok(Object.isFrozen(p) && Object.isFrozen(p.containers[0]) && Object.isFrozen(p.labels));
    assert.throws(() => {
      (p as { ip: string | undefined }).ip = "1.2.3.4";
    }, TypeError);
    assert.throws(() => {
      (p.labels as Record<string, string>)["app"] = "x";
    }, TypeError);
    assert.equal(c.pod("client").labels["app"], "client");
    assert.notEqual(c.pod("client"), p);
  });

  it("has no IP before one is assigned", () => {
    const c = apiCluster();
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: late}\nspec: {nodeSelector: {disk: ssd}, containers: [{name: a, image: nginx}]}");
    const p = c.pod("late");
    assert.equal(p.node, undefined);
    assert.equal(p.status, "Pending");
    assert.equal(p.ip, undefined);
    assert.deepEqual(p.ips, []);
  });

  it("throws get's NotFound, listing a Deployment's Pods for its name", () => {
    const c = apiCluster();
    const e = thrown(() => c.pod("api"));
    assert.equal(e.code, ErrorCode.NotFound);
    const names = c.pods({ selector: "app=api" }).map((p) => `"${p.name}"`);
    assert.equal(e.message, `Error from server (NotFound): pods "api" not found. "api" is a Deployment; its Pods are ${names.join(", ")}`);
    assert.equal(thrown(() => c.pod("nobody")).message, 'Error from server (NotFound): pods "nobody" not found');
    assert.match(thrown(() => c.pod("cli")).message, /Did you mean "client"\?$/);
    // A typo gets the closest names, as exec's NotFound does.
    assert.match(thrown(() => c.pod("clinet")).message, /pods "clinet" not found\. Did you mean "client"\?$/);
    assert.match(thrown(() => c.pod("client", { namespace: "kube-system" })).message, /is in namespace "default"/);
  });

  it("refuses a wrong argument with podtalk's error, not a TypeError", () => {
    const c = apiCluster();
    assert.match(thrown(() => c.pod(3 as unknown as string)).message, /cluster\.pod\(name\)/);
    assert.match(thrown(() => c.pod("client", { namespace: 1 as unknown as string })).message, /options\.namespace/);
  });
});

describe("cluster.pods()", () => {
  it("lists the namespace's Pods in kubectl's order, as `get pods` does", () => {
    const c = apiCluster();
    assert.deepEqual(
      c.pods().map((p) => p.name),
      c.get("pods").column("NAME"),
    );
    assert.deepEqual(
      c.pods({ allNamespaces: true }).map((p) => `${p.namespace}/${p.name}`),
      c.get("pods", { allNamespaces: true }).rows.map((r) => `${r["NAMESPACE"]}/${r["NAME"]}`),
    );
    assert.ok(c.pods({ namespace: "kube-system" }).some((p) => p.name.startsWith("coredns-")));
  });

  it("takes kubectl's selector syntax and matchLabels objects", () => {
    const c = apiCluster();
    const names = (q: Parameters<typeof c.pods>[0]) => c.pods(q).map((p) => p.name);
    const api = names({ selector: "app=api" });
    assert.equal(api.length, 2);
    assert.deepEqual(names({ selector: { app: "api" } }), api);
    assert.deepEqual(names({ selector: "app in (api, client),tier!=db" }), names({}));
    assert.deepEqual(names({ selector: "!tier" }), ["client"]);
    assert.deepEqual(names({ selector: "tier" }), api);
    assert.deepEqual(names({ selector: "app notin (api)" }), ["client"]);
    assert.deepEqual(names({ selector: "app==client" }), ["client"]);
  });

  it("filters on readiness and node", () => {
    const c = apiCluster();
    const p = c.pods({ selector: "app=api" })[0]!;
    c.setReady(p.name, false);
    assert.ok(!c.pods({ ready: true }).some((x) => x.name === p.name));
    assert.deepEqual(
      c.pods({ ready: false }).map((x) => x.name),
      [p.name],
    );
    assert.ok(c.pods({ node: p.node! }).every((x) => x.node === p.node));
    assert.deepEqual(c.pods({ node: "node-9" }), []);
  });

  it("gives kubectl's error for a selector it cannot parse", () => {
    const c = apiCluster();
    assert.equal(thrown(() => c.pods({ selector: "env in a" })).message, "error: unable to parse requirement: found 'a' expected: '('");
    assert.equal(thrown(() => c.pods({ selector: "app=api," })).message, "error: found '', expected: identifier after ','");
    assert.match(thrown(() => c.pods({ selector: { app: 1 } as unknown as Record<string, string> })).message, /options\.selector/);
  });

  it("returns a frozen list", () => {
    const c = apiCluster();
    const list = c.pods();
    assert.ok(Object.isFrozen(list));
    assert.throws(() => (list as unknown as unknown[]).push(1), TypeError);
  });
});
