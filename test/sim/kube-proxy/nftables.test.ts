/**
 * kube-proxy's nftables mode against kube-proxy's own expectations: the chain names of
 * `hashAndTruncate`, and the per-Service rules of `TestOverallNFTablesRules`
 * (kubernetes/kubernetes pkg/proxy/nftables/proxier_test.go, v1.35) for the same Services and
 * endpoints, compared line by line in the `add …` form that test writes. What podtalk does not
 * model is left out of the expectation and said where: LoadBalancer ingress IPs, externalIPs and
 * loadBalancerSourceRanges (their `service-ips`, `no-endpoint-services` and `firewall-ips`
 * elements and `firewall-` chain).
 */
import { strict as assert } from "node:assert";
import { ipToInt, parseCIDR } from "../../../lib/sim/ip.js";
import type { EndpointState, NodeState, ServiceState } from "../../../lib/sim/state.js";
import { ProxyState, type ProxyView } from "../../../lib/sim/index.js";
import { hashAndTruncate, nftablesMode, nftablesTable, type NftablesRules, type NftTable } from "../../../lib/sim/kube-proxy/index.js";
import { nftSortElements, nftTime } from "../../../lib/sim/kube-proxy/nft-text.js";
import { Rng } from "../../../lib/sim/rng.js";
import { servicePort } from "../../../lib/sim/kube-proxy/service-ports.js";

/** The node of upstream's fake proxier: `testNodeName`, `testNodeIP`. */
const NODE = "test-node";
const NODE_IP = "192.168.0.2";

interface Svc {
  readonly ns: string;
  readonly name: string;
  readonly type?: ServiceState["type"];
  readonly ip: string;
  readonly nodePort?: number;
  readonly etp?: "Cluster" | "Local";
  readonly affinity?: boolean;
  /** `ip` or `ip@node`. */
  readonly endpoints: readonly string[];
}

function service(s: Svc): ServiceState {
  const external = s.type === "NodePort" || s.type === "LoadBalancer";
  return {
    uid: `${s.ns}/${s.name}`,
    name: s.name,
    namespace: s.ns,
    labels: {},
    type: s.type ?? "ClusterIP",
    clusterIP: ipToInt(s.ip),
    headless: false,
    selector: undefined,
    ports: [{ name: "p80", protocol: "TCP", port: 80, targetPort: 80, nodePort: s.nodePort }],
    nodePorts: [s.nodePort],
    externalName: undefined,
    sessionAffinity: s.affinity ? "ClientIP" : "None",
    sessionAffinityTimeout: 10800,
    publishNotReadyAddresses: false,
    internalTrafficPolicy: "Cluster",
    externalTrafficPolicy: external ? (s.etp ?? "Cluster") : undefined,
    healthCheckNodePort: undefined,
    creation: 0,
    source: undefined,
  };
}

function endpoint(spec: string): EndpointState {
  const [ip, node] = spec.split("@");
  return { ip: ipToInt(ip!), port: 80, ready: true, serving: true, terminating: false, pod: undefined, nodeName: node, hostname: undefined };
}

/** A ProxyView of exactly these Services (what kube-proxy's fake proxier is given). */
function viewOf(svcs: readonly Svc[]): ProxyView {
  const states = svcs.map(service);
  const eps = new Map(states.map((st, i) => [st, svcs[i]!.endpoints.map(endpoint)]));
  return {
    options: { clusterCIDR: parseCIDR("10.0.0.0/8", "clusterCIDR"), network: "flannel-vxlan", serviceCIDR: parseCIDR("172.30.0.0/16", "serviceCIDR") },
    now: 0,
    revision: 1,
    services: () => states,
    endpoints: (st) => eps.get(st) ?? [],
  };
}

/** Only `name` and `internalIP` of a node are read by the nftables mode. */
const node = { name: NODE, internalIP: ipToInt(NODE_IP) } as unknown as NodeState;

/** The per-Service part of the table in knftables' `add …` form, as kube-proxy's tests write it. */
function addLines(rules: NftablesRules, table: NftTable): string[] {
  const out: string[] = [];
  const at = "ip kube-proxy";
  for (const s of rules.services) {
    for (const set of s.affinitySets) out.push(`add set ${at} ${set.name} { type ${set.type} ; flags ${set.flags} ; timeout ${set.timeout}s ; }`);
    for (const c of s.chains) {
      out.push(`add chain ${at} ${c.name}`);
      for (const r of c.rules) out.push(`add rule ${at} ${c.name} ${r.text}${r.comment ? ` comment "${r.comment}"` : ""}`);
    }
    out.push(`add element ${at} cluster-ips { ${s.port.clusterIP} }`);
    for (const e of [s.clusterIP, ...s.nodePort]) {
      const comment = e.element.comment ? ` comment "${e.element.comment}"` : "";
      out.push(`add element ${at} ${e.map} { ${e.element.key}${comment} : ${e.element.verdict} }`);
    }
  }
  assert.ok(table.chains.length > 0);
  return out.sort();
}

/** Upstream's expected lines (knftables joins vmap arms with " , "; nft lists ", "). */
const upstream = (text: string): string[] =>
  text
    .trim()
    .split("\n")
    .map((l) => l.trim().replaceAll(" , ", ", "))
    .filter((l) => l && !l.startsWith("#"))
    .sort();

describe("nftables mode: chain names (hashAndTruncate)", () => {
  it("gives the names kube-proxy's tests and a real cluster show", () => {
    assert.equal(hashAndTruncate("ns1/svc1/tcp/p80"), "ULMVA6XW-ns1/svc1/tcp/p80");
    assert.equal(hashAndTruncate("ns1/svc1/tcp/p80__10.180.0.1/80"), "5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
    assert.equal(hashAndTruncate("ns5/svc5/tcp/p80__10.180.0.3/80"), "GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80");
    assert.equal(hashAndTruncate("default/kubernetes/tcp/https"), "2QRHZV4L-default/kubernetes/tcp/https");
    assert.equal(hashAndTruncate("kube-system/kube-dns/udp/dns"), "FY5PMXPG-kube-system/kube-dns/udp/dns");
  });

  it("truncates a name over 240 characters to 237 and an ellipsis", () => {
    const long = hashAndTruncate(`${"n".repeat(63)}/${"s".repeat(63)}/tcp/${"p".repeat(63)}__10.1.2.3/8080${"x".repeat(40)}`);
    assert.equal(long.length, 240);
    assert.ok(long.endsWith("..."));
  });
});

describe("nftables mode against TestOverallNFTablesRules", () => {
  const svcs: Svc[] = [
    { ns: "ns1", name: "svc1", ip: "172.30.0.41", endpoints: ["10.180.0.1"] },
    // A LoadBalancer with a Local policy whose only endpoint is not on this node.
    { ns: "ns2", name: "svc2", type: "LoadBalancer", ip: "172.30.0.42", nodePort: 3001, etp: "Local", endpoints: ["10.180.0.2"] },
    { ns: "ns3", name: "svc3", type: "NodePort", ip: "172.30.0.43", nodePort: 3003, endpoints: ["10.180.0.3"] },
    // Upstream's svc4 is reachable only through an externalIP; podtalk's has just its ClusterIP.
    { ns: "ns4", name: "svc4", ip: "172.30.0.44", endpoints: ["10.180.0.4", `10.180.0.5@${NODE}`] },
    { ns: "ns5", name: "svc5", type: "LoadBalancer", ip: "172.30.0.45", nodePort: 3002, affinity: true, endpoints: ["10.180.0.3"] },
    { ns: "ns6", name: "svc6", ip: "172.30.0.46", endpoints: [] },
  ];
  const view = viewOf(svcs);
  const rules = nftablesMode.build(view, node) as NftablesRules;

  it("writes the same chains, rules and map elements for each Service port", () => {
    const expected = upstream(`
      # svc1
      add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
      add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
      add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }
      add chain ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
      add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
      add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80
      add element ip kube-proxy cluster-ips { 172.30.0.41 }
      add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
      # svc2 (without its LoadBalancer IP and externalIP elements)
      add chain ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80
      add rule ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80 ip daddr 172.30.0.42 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
      add rule ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 }
      add chain ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80
      add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit pod traffic"
      add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"
      add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit local traffic"
      add chain ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80
      add rule ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 ip saddr 10.180.0.2 jump mark-for-masquerade
      add rule ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 meta l4proto tcp dnat to 10.180.0.2:80
      add element ip kube-proxy cluster-ips { 172.30.0.42 }
      add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 80 : goto service-42NFTM6N-ns2/svc2/tcp/p80 }
      add element ip kube-proxy service-nodeports { tcp . 3001 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
      add element ip kube-proxy no-endpoint-nodeports { tcp . 3001 comment "ns2/svc2:p80" : drop }
      # svc3
      add chain ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80
      add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 ip daddr 172.30.0.43 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
      add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 }
      add chain ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80
      add rule ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80 jump mark-for-masquerade
      add rule ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80 goto service-4AT6LBPK-ns3/svc3/tcp/p80
      add chain ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80
      add rule ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
      add rule ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80
      add element ip kube-proxy cluster-ips { 172.30.0.43 }
      add element ip kube-proxy service-ips { 172.30.0.43 . tcp . 80 : goto service-4AT6LBPK-ns3/svc3/tcp/p80 }
      add element ip kube-proxy service-nodeports { tcp . 3003 : goto external-4AT6LBPK-ns3/svc3/tcp/p80 }
      # svc4 (without its externalIP: no external- chain)
      add chain ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80
      add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 ip daddr 172.30.0.44 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
      add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 , 1 : goto endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 }
      add chain ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80
      add rule ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 ip saddr 10.180.0.5 jump mark-for-masquerade
      add rule ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 meta l4proto tcp dnat to 10.180.0.5:80
      add chain ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80
      add rule ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 ip saddr 10.180.0.4 jump mark-for-masquerade
      add rule ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 meta l4proto tcp dnat to 10.180.0.4:80
      add element ip kube-proxy cluster-ips { 172.30.0.44 }
      add element ip kube-proxy service-ips { 172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80 }
      # svc5 (without its LoadBalancer IP, firewall- chain and firewall-ips element)
      add set ip kube-proxy affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
      add chain ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80
      add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 ip daddr 172.30.0.45 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
      add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
      add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 }
      add chain ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80
      add rule ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80 jump mark-for-masquerade
      add rule ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80 goto service-HVFWP5L3-ns5/svc5/tcp/p80
      add chain ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
      add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
      add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 update @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { ip saddr }
      add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80
      add element ip kube-proxy cluster-ips { 172.30.0.45 }
      add element ip kube-proxy service-ips { 172.30.0.45 . tcp . 80 : goto service-HVFWP5L3-ns5/svc5/tcp/p80 }
      add element ip kube-proxy service-nodeports { tcp . 3002 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
      # svc6
      add element ip kube-proxy cluster-ips { 172.30.0.46 }
      add element ip kube-proxy no-endpoint-services { 172.30.0.46 . tcp . 80 comment "ns6/svc6:p80" : goto reject-chain }
    `);
    assert.deepEqual(addLines(rules, nftablesTable(rules)), expected);
  });

  it("lists the node's address alone in nodeport-ips, and drops unallocated addresses of the service range", () => {
    const text = nftablesMode.render(rules);
    assert.match(
      text,
      /\tset nodeport-ips \{\n\t\ttype ipv4_addr\n\t\tcomment "IPs that accept NodePort traffic"\n\t\telements = \{ 192\.168\.0\.2 \}\n\t\}\n/,
    );
    assert.match(text, /\t\tip daddr 172\.30\.0\.0\/16 drop comment "Drop traffic to unallocated ClusterIPs"\n/);
    assert.ok(!text.includes("127.0.0.1"), "localhost is never a NodePort address in nftables mode");
  });

  it("prints the table as nft list does: tabs, the comment first, blank lines between blocks, base chains with their hooks", () => {
    const text = nftablesMode.render(rules);
    assert.ok(text.startsWith('table ip kube-proxy {\n\tcomment "rules for kube-proxy"\n\tset cluster-ips {\n'));
    assert.ok(text.endsWith("\t}\n}\n"));
    assert.match(
      text,
      /\n\tchain filter-prerouting-pre-dnat \{\n\t\ttype filter hook prerouting priority dstnat - 10; policy accept;\n\t\tct state new jump firewall-check\n\t\}\n\n/,
    );
    assert.match(text, /\n\tchain filter-input \{\n\t\ttype filter hook input priority filter; policy accept;\n/);
    assert.match(text, /\n\tchain nat-output \{\n\t\ttype nat hook output priority -100; policy accept;\n\t\tjump services\n/);
    assert.match(text, /\n\tchain reject-chain \{\n\t\tcomment "helper for @no-endpoint-services \/ @no-endpoint-nodeports"\n\t\treject\n\t\}\n/);
    assert.match(
      text,
      /\n\tset affinity-GTK6MW7G-ns5\/svc5\/tcp\/p80__10\.180\.0\.3\/80 \{\n\t\ttype ipv4_addr\n\t\tflags dynamic,timeout\n\t\ttimeout 3h\n\t\}\n/,
    );
    // Two addresses to a line, continued under the first.
    assert.match(text, /elements = \{ 172\.30\.0\.41, 172\.30\.0\.42,\n\t\t\t {5}172\.30\.0\.43, 172\.30\.0\.44,\n/);
  });
});

describe("nftables mode: element order and times as nft prints them", () => {
  it("sorts plain addresses numerically, and concatenations by their last bytes first (the port's low byte)", () => {
    const keys = (type: string, ks: string[]) =>
      nftSortElements(
        type,
        ks.map((key) => ({ key })),
      ).map((e) => e.key);
    assert.deepEqual(keys("ipv4_addr", ["10.96.0.10", "10.110.1.1", "10.96.0.1"]), ["10.96.0.1", "10.96.0.10", "10.110.1.1"]);
    // As a real cluster lists service-ips: 53/tcp, 53/udp, then 8000 (0x1F40), 80 (0x50), 443 (0x1BB), 9153 (0x23C1).
    const type = "ipv4_addr . inet_proto . inet_service : verdict";
    assert.deepEqual(
      keys(type, [
        "10.0.0.1 . tcp . 443",
        "10.0.0.10 . tcp . 9153",
        "10.0.0.2 . tcp . 80",
        "10.0.0.3 . tcp . 8000",
        "10.0.0.10 . udp . 53",
        "10.0.0.10 . tcp . 53",
      ]),
      ["10.0.0.10 . tcp . 53", "10.0.0.10 . udp . 53", "10.0.0.3 . tcp . 8000", "10.0.0.2 . tcp . 80", "10.0.0.1 . tcp . 443", "10.0.0.10 . tcp . 9153"],
    );
  });

  it("prints timeouts in nft's units", () => {
    assert.equal(nftTime(10800), "3h");
    assert.equal(nftTime(100), "1m40s");
    assert.equal(nftTime(86400 + 61), "1d1m1s");
  });
});

describe("nftables mode: choosing an endpoint (numgen random mod N)", () => {
  it("spreads 3000 connections over 3 endpoints evenly, each within 10% of a third", () => {
    const view = viewOf([{ ns: "ns1", name: "svc1", ip: "172.30.0.41", endpoints: ["10.180.0.1", "10.180.0.2", "10.180.0.3"] }]);
    const port = servicePort(view, view.services()[0]!, 0);
    const rng = new Rng(5, "endpoints");
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[nftablesMode.choose(view, port, new ProxyState(), rng).index]!++;
    for (const c of counts) assert.ok(c > 900 && c < 1100, `${counts}`);
  });
});
