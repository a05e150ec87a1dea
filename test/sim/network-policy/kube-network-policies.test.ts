/**
 * `networkPolicy: "kube-network-policies"` end to end: the four scenarios of a NetworkPolicy
 * lesson (default deny, allow from a namespace, the DNS trap of a default-deny egress, a named
 * port), each read in the trace's text, HTML and sequence diagram; and where the agent acts
 * (after DNAT, replies by conntrack, the node's own traffic, probes).
 */
import { strict as assert } from "node:assert";
import { Cluster, JUPYTER_DISPLAY, type Trace } from "../../../lib/index.js";
import { traceHTML, traceText } from "../../../lib/render/index.js";

const APP = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: tools}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec:
  nodeName: node-2
  containers:
  - name: api
    image: traefik/whoami:v1.10
    args: [--port, "8080"]
    ports: [{containerPort: 8080, name: http}]
    readinessProbe: {tcpSocket: {port: 8080}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {selector: {app: api}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Pod
metadata: {name: frontend, namespace: shop, labels: {app: frontend}}
spec: {nodeName: node-1, containers: [{name: c, image: nicolaka/netshoot, command: [sleep, infinity]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: tools, labels: {app: frontend}}
spec: {nodeName: node-1, containers: [{name: c, image: nicolaka/netshoot, command: [sleep, infinity]}]}
`;

const DENY_INGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

function cluster(networkPolicy = "kube-network-policies"): Cluster {
  const c = new Cluster({ networkPolicy });
  c.apply(APP);
  c.advance("1m");
  return c;
}

function apply(c: Cluster, ...docs: string[]): void {
  c.apply(docs.join("---\n"));
}

/** The policy hops of a trace, and the three renderings every check reads. */
async function views(t: Trace) {
  const html = (await t[JUPYTER_DISPLAY]())["text/html"] as string;
  const svg = html.match(/<svg[\s\S]*?<\/svg>/)![0];
  return { text: traceText(t), html: traceHTML(t), svg, policy: t.hops.filter((h) => h.kind === "network-policy") };
}

/** The SVG's text with entities decoded, as a reader sees the diagram. */
function svgText(svg: string): string {
  return svg
    .replace(/<\/tspan>\s*<tspan[^>]*>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replaceAll("&gt;", ">")
    .replaceAll("&lt;", "<")
    .replaceAll("&amp;", "&")
    .replaceAll("&quot;", '"');
}

describe("kube-network-policies", () => {
  it("default deny ingress: curl times out (exit 28), the ingress hop names the isolating policy, in text, HTML and diagram", async () => {
    const c = cluster();
    apply(c, DENY_INGRESS);
    const t = c.exec("frontend", "curl -s -m 3 http://api.shop/", { namespace: "shop" });
    assert.equal(t.exitCode, 28);
    const v = await views(t);
    assert.equal(v.policy.length, 1);
    const drop = v.policy[0]!;
    assert.equal(drop.verdict, "dropped");
    // The policy selects the frontend too ({} is every Pod of shop): its node queues the SYN and
    // judges both directions there.
    assert.equal(drop.node, "node-1");
    assert.equal(drop.summary, "NetworkPolicy drops this ingress of Pod api: the SYN is dropped, no reset is sent");
    const why =
      "NetworkPolicy shop/default-deny-ingress isolates Pod api for ingress and no rule allows this connection: shop/default-deny-ingress has no ingress rules: it allows nothing";
    assert.equal(drop.reason, why);
    assert.equal(t.hops.at(-1), drop, "nothing happens after the drop");
    assert.ok(v.text.includes(`why: ${why}`));
    assert.ok(v.html.includes("shop/default-deny-ingress has no ingress rules"));
    assert.ok(svgText(v.svg).includes("shop/default-deny-ingress has no ingress rules"));
    // A client no policy selects is not queued on its node: the server's node drops it.
    const fromTools = c.exec("debug", "curl -s -m 3 http://api.shop/", { namespace: "tools" });
    assert.equal(fromTools.exitCode, 28);
    assert.equal(fromTools.hops.at(-1)!.node, "node-2");
    assert.match(fromTools.hops.at(-1)!.device!, /^veth/, "the server's veth, out of cni0");
  });

  it("allow from a namespace: the allowing rule is named; another namespace's Pod is told which selector it failed", async () => {
    const c = cluster();
    apply(
      c,
      DENY_INGRESS,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-from-shop, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: shop}}}]
`,
    );
    const ok = c.exec("frontend", "curl -s http://api.shop/", { namespace: "shop" });
    assert.equal(ok.exitCode, 0);
    const v = await views(ok);
    assert.deepEqual(
      v.policy.map((h) => [h.verdict, h.rule]),
      [["forwarded", "shop/allow-from-shop ingress[0]"]],
    );
    assert.ok(v.text.includes("NetworkPolicy allows this ingress of Pod api: shop/allow-from-shop ingress[0]"));
    assert.ok(v.html.includes("shop/allow-from-shop ingress[0]"));
    assert.ok(svgText(v.svg).includes("allowed by shop/allow-from-shop ingress[0]"));
    const denied = c.exec("debug", "curl -s -m 3 http://api.shop/", { namespace: "tools" });
    assert.equal(denied.exitCode, 28);
    const d = await views(denied);
    assert.match(d.policy.at(-1)!.reason!, /shop\/allow-from-shop ingress\[0\]: namespace labels of tools do not match namespaceSelector \{team: shop\}/);
    // The diagram's label is too long for the column: it starts the reason and sends the reader to the hop table, which has it whole.
    const n = denied.hops.length;
    assert.ok(svgText(d.svg).includes(`${n}. ✘ NetworkPolicy: NetworkPolicies`), svgText(d.svg));
    assert.ok(svgText(d.svg).includes(`… (hop ${n} in the table)`));
    assert.ok(d.html.includes("namespace labels of tools do not match namespaceSelector {team: shop}"));
  });

  it("a default-deny egress breaks DNS: the query is dropped, curl cannot resolve (exit 6), and allowing DNS mends it", async () => {
    const c = cluster();
    const denyEgress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-egress, namespace: shop}
spec: {podSelector: {}, policyTypes: [Egress]}
`;
    apply(c, denyEgress);
    const t = c.exec("frontend", "curl http://api/", { namespace: "shop" });
    assert.equal(t.exitCode, 6);
    assert.equal(t.stderr, "curl: (6) Could not resolve host: api\n");
    assert.equal(t.outcome, "timeout");
    const v = await views(t);
    assert.deepEqual(
      t.hops.map((h) => h.kind),
      ["network-policy"],
      "no DNS answer comes back",
    );
    const drop = v.policy[0]!;
    assert.equal(drop.summary, "NetworkPolicy drops this egress of Pod frontend: the query is dropped, no answer comes back");
    assert.match(drop.dst!, /^10\.244\.\d+\.\d+:53$/, "judged after the DNAT to a CoreDNS Pod");
    assert.equal(drop.node, "node-1");
    assert.match(drop.fix!, /UDP 53/);
    assert.ok(v.text.includes("shop/default-deny-egress has no egress rules"));
    assert.ok(v.html.includes("shop/default-deny-egress has no egress rules"));
    assert.ok(svgText(v.svg).includes("shop/default-deny-egress has no egress rules"));
    // With -m shorter than the resolver's 10 s, curl's own timer fires first.
    const short = c.exec("frontend", "curl -sS -m 2 http://api/", { namespace: "shop" });
    assert.equal(short.exitCode, 28);
    assert.equal(short.stderr, "curl: (28) Resolving timed out after 2001 milliseconds\n");

    apply(
      c,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
`,
    );
    const resolved = c.exec("frontend", "curl -s -m 3 http://api/", { namespace: "shop" });
    // DNS now answers; the HTTP connection itself is still denied by the same default deny.
    const hops = resolved.hops.filter((h) => h.kind === "network-policy");
    assert.equal(hops[0]!.rule, "shop/allow-dns egress[0]");
    assert.ok(resolved.hops.some((h) => h.kind === "dns-query" && h.verdict === "answered"));
    assert.equal(resolved.exitCode, 28);
    assert.match(hops.at(-1)!.reason!, /shop\/allow-dns egress\[0\]: wrong port \(allows 53\/UDP, 53\/TCP, got 8080\/TCP\)/);
    // Each lookup's policy hop is judged towards the CoreDNS Pod kube-proxy sent its first query to.
    for (let i = 0; i < 6; i++) {
      const t = c.exec("frontend", "curl -s -m 1 http://api/", { namespace: "shop" });
      const policyDst = t.hops.find((h) => h.kind === "network-policy")!.dst!;
      const answeredBy = t.hops.find((h) => h.kind === "dns-query")!.summary.match(/answered by CoreDNS Pod \S+ \((\d+\.\d+\.\d+\.\d+)\)/)![1];
      assert.equal(policyDst, `${answeredBy}:53`, `lookup ${i + 1}`);
    }
  });

  it("judges each lookup towards the CoreDNS Pod that answers it: DNS allowed to one CoreDNS Pod resolves only through that one", () => {
    const c = cluster();
    const coredns = c
      .get("pods", { namespace: "kube-system", wide: true })
      .rows.filter((r) => r["NAME"]!.startsWith("coredns-"))
      .map((r) => r["IP"]!);
    assert.equal(coredns.length, 2);
    apply(
      c,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: dns-to-one, namespace: shop}
spec:
  podSelector: {matchLabels: {app: frontend}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: ${coredns[1]}/32}}]
    ports: [{port: 53, protocol: UDP}]
`,
    );
    const outcomes = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const t = c.exec("frontend", "curl -s -m 20 http://api/", { namespace: "shop" });
      const query = t.hops.find((h) => h.kind === "dns-query");
      if (query) {
        assert.ok(query.summary.includes(`(${coredns[1]})`), `lookup ${i + 1} answered by the allowed CoreDNS Pod: ${query.summary}`);
        outcomes.add("resolved");
      } else {
        assert.equal(t.exitCode, 6, `lookup ${i + 1}: ${t.stderr}`);
        assert.equal(t.hops[0]!.verdict, "dropped");
        outcomes.add("dropped");
      }
    }
    assert.deepEqual([...outcomes].sort(), ["dropped", "resolved"], "kube-proxy sent lookups to both CoreDNS Pods");
  });

  it("judges CoreDNS's ingress too: a default deny in kube-system breaks every lookup", () => {
    const c = cluster();
    apply(c, DENY_INGRESS.replace("name: default-deny-ingress, namespace: shop", "name: default-deny-ingress, namespace: kube-system"));
    const t = c.exec("frontend", "curl -s http://api/", { namespace: "shop" });
    assert.equal(t.exitCode, 6);
    const drop = t.hops.at(-1)!;
    assert.equal(drop.kind, "network-policy");
    assert.match(drop.summary, /^NetworkPolicy drops this ingress of Pod coredns-[a-z0-9-]+: the query is dropped, no answer comes back$/);
    assert.equal(drop.rule, "inet kube-network-policies prerouting: ip daddr @podips-v4 queue to 100");
    // The frontend is not selected: the CoreDNS Pod's node queues and drops the query.
    const coredns = c.get("pods", { namespace: "kube-system", wide: true }).rows.find((r) => r["NAME"]!.startsWith("coredns-"))!;
    assert.equal(drop.node, coredns["NODE"]);
    assert.match(drop.fix!, /^Allow DNS in CoreDNS's ingress/);
  });

  it("a default-deny egress makes nslookup time out as BusyBox and BIND print it", () => {
    const c = cluster();
    apply(
      c,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-egress, namespace: tools}
spec: {podSelector: {}, policyTypes: [Egress]}
---
apiVersion: v1
kind: Pod
metadata: {name: bb, namespace: tools}
spec: {nodeName: node-1, containers: [{name: c, image: busybox:1.36, command: [sleep, infinity]}]}
`,
    );
    c.advance("30s");
    const busybox = c.exec("bb", "nslookup kubernetes.default", { namespace: "tools" });
    assert.equal(busybox.exitCode, 1);
    assert.equal(busybox.stdout, ";; connection timed out; no servers could be reached\n\n");
    assert.deepEqual(
      busybox.hops.map((h) => [h.kind, h.verdict]),
      [["network-policy", "dropped"]],
    );
    const bind = c.exec("debug", "nslookup kubernetes.default", { namespace: "tools" });
    assert.equal(bind.exitCode, 1);
    assert.equal(bind.stdout, `${";; communications error to 10.96.0.10#53: timed out\n".repeat(3)};; no servers could be reached\n\n`);
    // The same tools in a namespace without the policy still resolve.
    assert.equal(c.exec("frontend", "nslookup kubernetes.default", { namespace: "shop" }).exitCode, 0);
  });

  it("a named port is resolved against the server Pod; egress to a ClusterIP is judged on the Pod behind it, on the client's node", async () => {
    const c = cluster();
    apply(
      c,
      DENY_INGRESS,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: frontend}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: api}}}]
    ports: [{port: http}]
  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
    ports: [{port: 53, protocol: UDP}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
    ports: [{port: http}]
`,
    );
    const t = c.exec("frontend", "curl -s http://api/", { namespace: "shop" });
    assert.equal(t.exitCode, 0);
    const v = await views(t);
    const kinds = t.hops.map((h) => h.kind);
    // Egress after kube-proxy's DNAT; the frontend is selected, so its node judges the ingress too.
    assert.ok(kinds.indexOf("kube-proxy") < kinds.lastIndexOf("network-policy"));
    const [, egress, ingress] = v.policy;
    assert.equal(egress!.rule, "shop/frontend-out egress[0]");
    assert.match(egress!.dst!, /:8080$/);
    assert.equal(egress!.node, "node-1");
    assert.equal(egress!.device, "flannel.1", "the postrouting hook's output device towards node-2");
    assert.equal(ingress!.rule, "shop/api-in ingress[0]");
    assert.equal(ingress!.node, "node-1");
    assert.ok(v.text.includes("NetworkPolicy allows this ingress of Pod api: shop/api-in ingress[0]"));
    assert.ok(v.html.includes("shop/api-in ingress[0]"));
    assert.ok(svgText(v.svg).includes("allowed by shop/api-in ingress[0]"));
    assert.equal(t.hops.at(-1)!.kind, "reply", "the reply passes: conntrack accepts established packets");
    // The Pod IP on a port that is not "http": the wrong-port reason names the named port.
    const ip = c.get("pods", { namespace: "shop" }).rows.find((r) => r["NAME"] === "api")!["IP"];
    const wrong = c.exec("frontend", `curl -s -m 3 http://${ip}:9090/`, { namespace: "shop" });
    assert.equal(wrong.exitCode, 28);
    assert.match(wrong.hops.at(-1)!.reason!, /shop\/frontend-out egress\[0\]: wrong port \(allows http\/TCP, got 9090\/TCP\)/);
  });

  it("drops ping under a rule with ports (ICMP has none), and lets it through a rule without ports", () => {
    const c = cluster();
    apply(
      c,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-http, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress: [{ports: [{port: 8080}]}]
`,
    );
    const ip = c.get("pods", { namespace: "shop" }).rows.find((r) => r["NAME"] === "api")!["IP"];
    const t = c.exec("debug", `ping -c 1 ${ip}`, { namespace: "tools" });
    assert.equal(t.exitCode, 1);
    assert.match(t.stdout, /100% packet loss/);
    const drop = t.hops.at(-1)!;
    assert.equal(drop.summary, "NetworkPolicy drops this ingress of Pod api: the echo request is dropped, no reply comes back");
    assert.match(drop.reason!, /shop\/api-http ingress\[0\]: wrong port \(allows 8080\/TCP, got ICMP\)$/);
    assert.match(drop.fix!, /only a rule without ports allows ping/);
    apply(
      c,
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: any-port, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress: [{}]\n`,
    );
    const ok = c.exec("debug", `ping -c 1 ${ip}`, { namespace: "tools" });
    assert.equal(ok.exitCode, 0);
    assert.equal(ok.hops.find((h) => h.kind === "network-policy")!.rule, "shop/any-port ingress[0]");
  });

  it("keeps the readiness probe (the kubelet's own traffic) working under a default deny", () => {
    const c = cluster();
    apply(c, DENY_INGRESS);
    c.advance("2m");
    const row = c.get("pods", { namespace: "shop" }).rows.find((r) => r["NAME"] === "api")!;
    assert.equal(row["READY"], "1/1");
  });

  it("lets a hostNetwork Pod reach an isolated Pod on its own node (root traffic of the node is not queued)", () => {
    const c = cluster();
    apply(
      c,
      DENY_INGRESS,
      `apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: tools}
spec: {nodeName: node-2, hostNetwork: true, containers: [{name: c, image: nicolaka/netshoot, command: [sleep, infinity]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: agent-1, namespace: tools}
spec: {nodeName: node-1, hostNetwork: true, containers: [{name: c, image: nicolaka/netshoot, command: [sleep, infinity]}]}
`,
    );
    c.advance("30s");
    const ip = c.get("pods", { namespace: "shop" }).rows.find((r) => r["NAME"] === "api")!["IP"];
    const local = c.exec("agent", `curl -s http://${ip}:8080/`, { namespace: "tools" });
    assert.equal(local.exitCode, 0);
    const note = local.hops.find((h) => h.kind === "network-policy")!;
    assert.equal(note.rule, "inet kube-network-policies postrouting: meta skuid 0 accept");
    // From another node the packet is forwarded (no local socket): judged as from a non-Pod address.
    const remote = c.exec("agent-1", `curl -s -m 3 http://${ip}:8080/`, { namespace: "tools" });
    assert.equal(remote.exitCode, 28);
  });

  it("under plain flannel the same manifests change nothing", () => {
    const c = cluster("none");
    apply(c, DENY_INGRESS);
    const t = c.exec("frontend", "curl -s http://api.shop/", { namespace: "shop" });
    assert.equal(t.exitCode, 0);
    assert.match(t.hops.find((h) => h.kind === "network-policy")!.summary, /nothing in this cluster enforces NetworkPolicy/);
  });
});
