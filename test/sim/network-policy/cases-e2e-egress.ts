/**
 * The egress, update and IP-block cases of the upstream NetworkPolicy e2e suite (kubernetes/kubernetes
 * test/e2e/network/netpol/network_policy.go), written as cases-e2e-ingress.ts writes the ingress
 * ones. The IP-block cases build their CIDRs from the model's Pod IPs as the tests do; the large
 * block of the `except` cases is the /4 holding x/b's IP (upstream's `makeLargeCIDRForIP`).
 */
import { type ConformanceCase, NAME_LABEL, blockOf, create, expression, labels, netpol, probeOn, step, update } from "./netpol-cases.js";
import { namespaceLabels } from "./netpol-model.js";
import { reach } from "./netpol-truth-table.js";

const FILE = "test/e2e/network/netpol/network_policy.go";

function e2e(name: string, steps: ConformanceCase["steps"]): ConformanceCase {
  return { name, source: "kubernetes e2e", file: FILE, steps };
}

const podA = labels({ pod: "a" });
const fromYPodA = { namespaceSelector: labels({ [NAME_LABEL]: "y" }), podSelector: labels({ pod: "a" }) };

export const E2E_EGRESS_CASES: readonly ConformanceCase[] = [
  e2e("should allow egress access on one named port", [
    step(
      [create(netpol("x", "allow-egress", labels({}), { egress: [{ ports: [{ port: "serve-80-tcp" }] }] }))],
      probeOn(80, reach().expected),
      probeOn(81, reach().expectPeer({ namespace: "x" }, {}, false).expected),
    ),
  ]),
  e2e("should enforce updated policy", [
    step([create(netpol("x", "allow-all-mutate-to-deny-all", labels({}), { ingress: [{}] }))], probeOn(81, reach().expected)),
    step(
      [update(netpol("x", "allow-all-mutate-to-deny-all", labels({}), { ingress: [] }))],
      probeOn(81, reach().expectPeer({}, { namespace: "x" }, false).expected),
    ),
  ]),
  e2e("should allow ingress access from updated namespace", [
    step(
      [create(netpol("x", "allow-client-a-via-ns-selector", podA, { ingress: [{ from: [{ namespaceSelector: labels({ ns2: "updated" }) }] }] }))],
      probeOn(80, reach().expectAllIngress("x/a", false).expected),
    ),
    step(
      [{ kind: "namespace-labels", namespace: "y", labels: { ...namespaceLabels("y"), ns2: "updated" } }],
      probeOn(80, reach().expectAllIngress("x/a", false).expectPeer({ namespace: "y" }, {}, true).expected),
    ),
  ]),
  e2e("should allow ingress access from updated pod", [
    step(
      [create(netpol("x", "allow-client-a-via-pod-selector", podA, { ingress: [{ from: [{ podSelector: labels({ pod: "b", pod2: "updated" }) }] }] }))],
      probeOn(80, reach().expectAllIngress("x/a", false).expected),
    ),
    step(
      [{ kind: "pod-labels", pod: "x/b", labels: { pod: "b", pod2: "updated" } }],
      probeOn(80, reach().expectAllIngress("x/a", false).expect("x/b", "x/a", true).expected),
    ),
  ]),
  e2e("should deny ingress access to updated pod", [
    step([create(netpol("x", "deny-ingress-via-label-selector", labels({ target: "isolated" }), { ingress: [] }))], probeOn(80, reach().expected)),
    // AddPodLabels adds the label to the Pod's own.
    step([{ kind: "pod-labels", pod: "x/a", labels: { pod: "a", target: "isolated" } }], probeOn(80, reach().expectAllIngress("x/a", false).expected)),
  ]),
  e2e("should deny egress from pods based on PodSelector", [
    step([create(netpol("x", "deny-egress-pod-a", podA, { egress: [] }))], probeOn(80, reach().expectAllEgress("x/a", false).expected)),
  ]),
  e2e("should deny egress from all pods in a namespace", [
    step([create(netpol("x", "deny-egress-ns-x", {}, { egress: [] }))], probeOn(80, reach().expectPeer({ namespace: "x" }, {}, false).expected)),
  ]),
  e2e("should work with Ingress, Egress specified together", [
    step(
      [
        create(
          netpol("x", "allow-client-a-via-pod-selector", podA, {
            ingress: [{ from: [{ podSelector: labels({ pod: "b" }) }] }],
            egress: [{ ports: [{ port: 80 }] }],
            policyTypes: ["Egress", "Ingress"],
          }),
        ),
      ],
      probeOn(80, reach().expectAllIngress("x/a", false).expect("x/b", "x/a", true).expected),
      probeOn(81, reach().expectAllIngress("x/a", false).expectAllEgress("x/a", false).expect("x/b", "x/a", true).expected),
    ),
  ]),
  e2e("should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)", [
    step(
      [
        create(netpol("x", "allow-to-ns-y-pod-a", podA, { egress: [{ to: [fromYPodA] }] })),
        create(
          netpol("y", "allow-from-xa-on-ya-match-selector", podA, {
            ingress: [{ from: [{ namespaceSelector: labels({ [NAME_LABEL]: "x" }), podSelector: labels({ pod: "a" }) }] }],
          }),
        ),
        create(
          netpol("y", "allow-from-xa-on-yb-match-selector", labels({ pod: "b" }), {
            ingress: [{ from: [{ namespaceSelector: labels({ [NAME_LABEL]: "x" }), podSelector: labels({ pod: "a" }) }] }],
          }),
        ),
      ],
      probeOn(
        80,
        reach()
          .expectPeer({ namespace: "x", pod: "a" }, {}, false)
          .expectPeer({}, { namespace: "y", pod: "a" }, false)
          .expectPeer({ namespace: "x", pod: "a" }, { namespace: "y", pod: "a" }, true)
          .expectPeer({}, { namespace: "y", pod: "b" }, false).expected,
      ),
    ),
  ]),
  e2e("should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector", [
    step(
      [create(netpol("x", "allow-to-ns-y-pod-a", podA, { egress: [{ to: [fromYPodA] }] }))],
      probeOn(80, reach().expectAllEgress("x/a", false).expect("x/a", "y/a", true).expected),
    ),
  ]),
  e2e("should enforce multiple egress policies with egress allow-all policy taking precedence", [
    step(
      [create(netpol("x", "allow-egress-port-80", labels({}), { egress: [{ ports: [{ port: 80 }] }] }))],
      probeOn(81, reach().expectPeer({ namespace: "x" }, {}, false).expected),
    ),
    step([create(netpol("x", "allow-egress", labels({}), { egress: [{}] }))], probeOn(81, reach().expected)),
  ]),
  e2e("should stop enforcing policies after they are deleted", [
    step(
      [create(netpol("x", "deny-all", {}, { ingress: [], egress: [] }))],
      probeOn(80, reach().expectPeer({ namespace: "x" }, {}, false).expectPeer({}, { namespace: "x" }, false).expected),
    ),
    step([{ kind: "delete-all-policies" }], probeOn(80, reach().expected)),
  ]),
  e2e("should allow egress access to server in CIDR block", [
    step(
      [create((m) => netpol("x", "allow-client-a-via-cidr-egress-rule", podA, { egress: [{ to: [{ ipBlock: { cidr: `${m.podIP("y/b")}/32` } }] }] }))],
      probeOn(80, reach().expectAllEgress("x/a", false).expect("x/a", "y/b", true).expected),
    ),
  ]),
  e2e("should enforce except clause while egress access to server in CIDR block", [
    step(
      [
        create((m) =>
          netpol("x", "allow-client-a-via-cidr-egress-rule", podA, {
            egress: [{ to: [{ ipBlock: { cidr: blockOf(m.podIP("x/b"), 4), except: [`${m.podIP("x/b")}/32`] } }] }],
          }),
        ),
      ],
      probeOn(80, reach().expect("x/a", "x/b", false).expected),
    ),
  ]),
  e2e("should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed", [
    step(
      [
        create((m) =>
          netpol("x", "allow-client-a-via-cidr-egress-rule", podA, {
            egress: [{ to: [{ ipBlock: { cidr: blockOf(m.podIP("x/b"), 4), except: [`${m.podIP("x/b")}/32`] } }] }],
          }),
        ),
      ],
      probeOn(80, reach().expect("x/a", "x/b", false).expected),
    ),
    step(
      [update((m) => netpol("x", "allow-client-a-via-cidr-egress-rule", podA, { egress: [{ to: [{ ipBlock: { cidr: `${m.podIP("x/b")}/32` } }] }] }))],
      probeOn(80, reach().expectAllEgress("x/a", false).expect("x/a", "x/b", true).expected),
    ),
  ]),
  e2e("should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector", [
    step([create(netpol("x", "allow-egress-for-target", podA, { egress: [{}] }))], probeOn(80, reach().expected)),
    step([create(netpol("x", "deny-ingress-via-label-selector", podA, { ingress: [] }))], probeOn(80, reach().expectAllIngress("x/a", false).expected)),
  ]),
  e2e("should enforce policy based on NamespaceSelector with MatchExpressions using default ns label", [
    step(
      [
        create(
          netpol("x", "allow-ns-y-match-selector-for-immutable-ns-label", podA, {
            egress: [{ to: [{ namespaceSelector: expression(NAME_LABEL, "NotIn", ["y"]) }] }],
          }),
        ),
      ],
      probeOn(80, reach().expectPeer({ namespace: "x", pod: "a" }, { namespace: "y" }, false).expected),
    ),
  ]),
];

/** Upstream tests of the file that are not truth-table cases on TCP, and why they are left out. */
export const E2E_NOT_PORTED: readonly { readonly name: string; readonly why: string }[] = [
  { name: "Netpol [LinuxOnly] … using UDP: should support a 'default-deny-ingress' policy", why: "UDP only: podtalk's model Pods serve TCP only" },
  { name: "Netpol [LinuxOnly] … using UDP: should enforce policy based on Ports", why: "UDP only" },
  {
    name: "Netpol [LinuxOnly] … using UDP: should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector",
    why: "UDP only",
  },
  { name: "Netpol [Feature:SCTPConnectivity] … using SCTP: the same three tests", why: "SCTP only: podtalk has no SCTP" },
  {
    name: "should enforce default-deny ingress policy against LoadBalancer traffic with ExternalTrafficPolicy: Local",
    why: "no truth table: it probes a LoadBalancer's address from outside the cluster, and podtalk's LoadBalancer Services never get one (EXTERNAL-IP <pending>)",
  },
];
