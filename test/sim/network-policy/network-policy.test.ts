/**
 * NetworkPolicy objects on a plain flannel cluster: applied, listed, described, re-applied and
 * deleted as on a real cluster; stored but not enforced, which a trace says on each side a policy
 * selects; and a failed apply leaves the cluster as it was.
 */
import { strict as assert } from "node:assert";
import { Cluster, PodtalkError, registerNetworkPolicy } from "../../../lib/index.js";

const PODS = `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: c, image: nicolaka/netshoot, command: [sleep, infinity]}]}
`;
const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all}
spec:
  podSelector: {}
`;
const ALLOW = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-web}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - podSelector: {matchLabels: {role: client}}
      namespaceSelector: {matchLabels: {team: a}}
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
    ports: [{port: 80}, {port: http, protocol: UDP}]
  - {}
  egress:
  - ports: [{port: 8000, endPort: 8080}]
`;

function cluster(): Cluster {
  const c = new Cluster();
  c.apply(PODS);
  c.advance("1m");
  return c;
}

describe("NetworkPolicy objects", () => {
  it("are created, unchanged, configured and deleted with kubectl's words", () => {
    const c = cluster();
    assert.equal(String(c.apply(DENY)), "networkpolicy.networking.k8s.io/deny-all created");
    assert.equal(String(c.apply(DENY)), "networkpolicy.networking.k8s.io/deny-all unchanged");
    assert.equal(
      String(c.apply(DENY.replace("podSelector: {}", "podSelector: {matchLabels: {app: web}}"))),
      "networkpolicy.networking.k8s.io/deny-all configured",
    );
    assert.equal(String(c.delete("netpol", "deny-all")), 'networkpolicy.networking.k8s.io "deny-all" deleted from default namespace');
    assert.throws(() => c.delete("networkpolicy", "deny-all"), /Error from server \(NotFound\): networkpolicies.networking.k8s.io "deny-all" not found/);
  });

  it("are listed as kubectl get networkpolicies prints them (<none> for the empty selector)", () => {
    const c = cluster();
    c.apply(`${DENY}---\n${ALLOW}`);
    c.advance("30s");
    assert.equal(
      String(c.get("netpol")),
      ["NAME        POD-SELECTOR   AGE", "allow-web   app=web        30s", "deny-all    <none>         30s", ""].join("\n"),
    );
    assert.match(String(c.get("networkpolicies", { allNamespaces: true })), /^NAMESPACE {3}NAME {8}POD-SELECTOR {3}AGE\ndefault {5}allow-web/);
  });

  it("are described as kubectl describe networkpolicy prints them", () => {
    const c = cluster();
    c.apply(`${DENY}---\n${ALLOW}`);
    assert.equal(
      c.describe("netpol", "deny-all").toString(),
      [
        "Name:         deny-all",
        "Namespace:    default",
        "Created on:   2025-01-06 09:11:00 +0000 UTC",
        "Labels:       <none>",
        "Annotations:  <none>",
        "Spec:",
        "  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)",
        "  Allowing ingress traffic:",
        "    <none> (Selected pods are isolated for ingress connectivity)",
        "  Not affecting egress traffic",
        "  Policy Types: Ingress",
        "",
      ].join("\n"),
    );
    assert.throws(() => c.describe("netpol", "nope"), /^PodtalkError: Error from server \(NotFound\): networkpolicies.networking.k8s.io "nope" not found$/);
    assert.throws(
      () => c.describe("configmap", "x"),
      /podtalk describes pods, services, deployments, replicasets, statefulsets, daemonsets, networkpolicies, endpointslices, nodes, servicecidrs and ipaddresses/,
    );
    const allow = c.describe("networkpolicy", "allow-web").toString();
    assert.ok(
      allow.includes(
        [
          "  PodSelector:     app=web",
          "  Allowing ingress traffic:",
          "    To Port: 80/TCP",
          "    To Port: http/UDP",
          "    From:",
          "      NamespaceSelector: team=a",
          "      PodSelector: role=client",
          "    From:",
          "      IPBlock:",
          "        CIDR: 10.0.0.0/8",
          "        Except: 10.1.0.0/16",
          "    ----------",
          "    To Port: <any> (traffic allowed to all ports)",
          "    From: <any> (traffic not restricted by source)",
          "  Allowing egress traffic:",
          "    To Port Range: 8000-8080/TCP",
          "    To: <any> (traffic not restricted by destination)",
          "  Policy Types: Ingress, Egress",
        ].join("\n"),
      ),
      allow,
    );
  });

  it("are exported by manifests() and deleted with their namespace", () => {
    const c = cluster();
    c.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n---\n${DENY.replace("name: deny-all}", "name: deny-all, namespace: team}")}`);
    assert.match(String(c.manifests()), /kind: NetworkPolicy/);
    c.delete("namespace", "team");
    assert.equal(String(c.get("netpol", { namespace: "team" })), "No resources found in team namespace.\n");
  });

  it("leave the cluster unchanged when a later document of the same apply fails", () => {
    const c = cluster();
    // Validation refuses the whole list before anything is stored…
    assert.throws(() => c.apply(`${DENY}---\n${DENY.replace("deny-all", "Bad_Name")}`), PodtalkError);
    assert.equal(String(c.get("netpol")), "No resources found in default namespace.\n");
    // …and a document the API server refuses after the first was stored undoes that one too.
    const other = ALLOW.replace("name: allow-web}", "name: allow-web, namespace: missing}");
    assert.throws(() => c.apply(`${DENY}---\n${other}`), /namespaces "missing" not found/);
    assert.equal(String(c.get("netpol")), "No resources found in default namespace.\n");
    assert.equal(String(c.apply(DENY)), "networkpolicy.networking.k8s.io/deny-all created");
  });
});

describe("NetworkPolicy under plain flannel (networkPolicy: none)", () => {
  it("changes nothing, and the trace says the policy selecting each side is not enforced", () => {
    const c = cluster();
    c.apply(DENY.replace("podSelector: {}", "podSelector: {}\n  policyTypes: [Ingress, Egress]"));
    const ip = c.get("pods").rows.find((r) => r["NAME"] === "web")!["IP"];
    const t = c.exec("client", `curl -s -o /dev/null http://${ip}/`);
    assert.equal(t.exitCode, 0);
    const notes = t.hops.filter((h) => h.kind === "network-policy").map((h) => h.summary);
    assert.deepEqual(notes, [
      "NetworkPolicy default/deny-all selects Pod client for egress, but nothing in this cluster enforces NetworkPolicy (flannel alone does not): the packet passes",
      "NetworkPolicy default/deny-all selects Pod web for ingress, but nothing in this cluster enforces NetworkPolicy (flannel alone does not): the packet passes",
    ]);
  });

  it("says so before the DNS queries of a client a policy selects for egress", () => {
    const c = cluster();
    c.apply("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n");
    c.apply(DENY.replace("podSelector: {}", "podSelector: {}\n  policyTypes: [Egress]"));
    const t = c.exec("client", "curl -s -o /dev/null http://web/");
    assert.equal(t.exitCode, 0);
    assert.deepEqual(
      t.hops.slice(0, 2).map((h) => h.kind),
      ["network-policy", "dns-query"],
    );
    assert.equal(t.hops[0]!.dst, "10.96.0.10:53");
    assert.match(t.hops[0]!.summary, /^NetworkPolicy default\/deny-all selects Pod client for egress, but nothing in this cluster enforces NetworkPolicy/);
  });

  it("adds no policy hop when no policy selects either Pod", () => {
    const c = cluster();
    c.apply(DENY.replace("podSelector: {}", "podSelector: {matchLabels: {app: other}}"));
    const ip = c.get("pods").rows.find((r) => r["NAME"] === "web")!["IP"];
    const t = c.exec("client", `curl -s -o /dev/null http://${ip}/`);
    assert.equal(
      t.hops.some((h) => h.kind === "network-policy"),
      false,
    );
  });

  it("refuses an unknown networkPolicy option and names the choices", () => {
    assert.throws(() => new Cluster({ networkPolicy: "calico" }), /Unknown networkPolicy "calico": choose "none"/);
  });

  it("lets a registered implementation drop a connection", () => {
    const unregister = registerNetworkPolicy({
      name: "drop-all-test",
      enforces: true,
      decide: (_view, q) => (q.direction === "Ingress" ? { verdict: "dropped", policies: ["default/x"] } : undefined),
    });
    try {
      const c = new Cluster({ networkPolicy: "drop-all-test" });
      c.apply(PODS);
      c.advance("1m");
      const ip = c.get("pods").rows.find((r) => r["NAME"] === "web")!["IP"];
      const t = c.exec("client", `curl -s -m 2 http://${ip}/`);
      assert.equal(t.exitCode, 28);
      assert.equal(t.hops.at(-1)!.kind, "network-policy");
      assert.equal(t.hops.at(-1)!.verdict, "dropped");
    } finally {
      unregister();
    }
  });
  it("says a registered implementation dropped a connection without naming a policy, when it names none", () => {
    const unregister = registerNetworkPolicy({
      name: "drop-unnamed-test",
      enforces: true,
      decide: (_view, q) => (q.direction === "Ingress" ? { verdict: "dropped", policies: [] } : undefined),
    });
    try {
      const c = new Cluster({ networkPolicy: "drop-unnamed-test" });
      c.apply(PODS);
      c.advance("1m");
      const t = c.exec("client", `curl -s -m 2 http://${c.pod("web").ip}/`);
      assert.equal(t.hops.at(-1)!.reason, "The NetworkPolicy implementation drops this ingress of Pod web without naming a policy");
    } finally {
      unregister();
    }
  });
});
