/**
 * The ingress cases of the upstream NetworkPolicy e2e suite (kubernetes/kubernetes
 * test/e2e/network/netpol/network_policy.go, "NetworkPolicy between server and client"), one per
 * `It`, with its policies, its probes and its expected truth tables as the test builds them with
 * `NewReachability(..., true)` and the `Expect*` calls, in the same order. The namespaces are
 * x, y and z as in the model; `namespaceLabelKey` is `kubernetes.io/metadata.name`.
 */
import { type ConformanceCase, NAME_LABEL, create, expression, labels, netpol, probeOn, step } from "./netpol-cases.js";
import { reach } from "./netpol-truth-table.js";

const FILE = "test/e2e/network/netpol/network_policy.go";
const UDP_ONLY = "its UDP probe: podtalk's model Pods serve TCP only";

function e2e(name: string, steps: ConformanceCase["steps"], notPorted?: string): ConformanceCase {
  return { name, source: "kubernetes e2e", file: FILE, steps, ...(notPorted ? { notPorted } : {}) };
}

const podA = labels({ pod: "a" });
const allow81FromY = netpol("x", "allow-client-a-via-ns-selector", podA, {
  ingress: [{ from: [{ namespaceSelector: labels({ [NAME_LABEL]: "y" }) }], ports: [{ port: 81, protocol: "TCP" }] }],
});
const only81FromY = () =>
  reach()
    .expectPeer({ namespace: "x" }, { namespace: "x", pod: "a" }, false)
    .expectPeer({ namespace: "y" }, { namespace: "x", pod: "a" }, true)
    .expectPeer({ namespace: "z" }, { namespace: "x", pod: "a" }, false).expected;
const onlyFromY = () =>
  reach().expectPeer({ namespace: "x" }, { namespace: "x", pod: "a" }, false).expectPeer({ namespace: "z" }, { namespace: "x", pod: "a" }, false).expected;
const onlyXbToXa = () => reach().expectAllIngress("x/a", false).expect("x/b", "x/a", true).expected;

export const E2E_INGRESS_CASES: readonly ConformanceCase[] = [
  e2e("should support a 'default-deny-ingress' policy", [
    step([create(netpol("x", "deny-ingress", {}, { ingress: [] }))], probeOn(80, reach().expectPeer({}, { namespace: "x" }, false).expected)),
  ]),
  e2e("should support a 'default-deny-all' policy", [
    step(
      [create(netpol("x", "deny-all", {}, { ingress: [], egress: [] }))],
      probeOn(80, reach().expectPeer({}, { namespace: "x" }, false).expectPeer({ namespace: "x" }, {}, false).expected),
    ),
  ]),
  e2e("should enforce policy to allow traffic from pods within server namespace based on PodSelector", [
    step([create(netpol("x", "x-a-allows-x-b", podA, { ingress: [{ from: [{ podSelector: labels({ pod: "b" }) }] }] }))], probeOn(80, onlyXbToXa())),
  ]),
  e2e("should enforce policy to allow ingress traffic for a target", [
    step(
      [
        create(netpol("x", "deny-all", {}, { ingress: [] })),
        create(netpol("x", "allow-all-to-a", podA, { ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }] }] })),
      ],
      probeOn(80, reach().expectAllIngress("x/a", true).expectAllIngress("x/b", false).expectAllIngress("x/c", false).expected),
    ),
  ]),
  e2e("should enforce policy to allow ingress traffic from pods in all namespaces", [
    step([create(netpol("x", "allow-from-another-ns", podA, { ingress: [{ from: [{ namespaceSelector: labels({}) }] }] }))], probeOn(80, reach().expected)),
  ]),
  e2e("should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector", [
    step(
      [create(netpol("x", "allow-client-a-via-ns-selector", podA, { ingress: [{ from: [{ namespaceSelector: labels({ [NAME_LABEL]: "y" }) }] }] }))],
      probeOn(80, onlyFromY()),
    ),
  ]),
  e2e("should enforce policy based on PodSelector with MatchExpressions", [
    step([create(netpol("x", "x-a-allows-x-b", podA, { ingress: [{ from: [{ podSelector: expression("pod", "In", ["b"]) }] }] }))], probeOn(80, onlyXbToXa())),
  ]),
  e2e("should enforce policy based on NamespaceSelector with MatchExpressions", [
    step(
      [create(netpol("x", "allow-ns-y-match-selector", podA, { ingress: [{ from: [{ namespaceSelector: expression(NAME_LABEL, "In", ["y"]) }] }] }))],
      probeOn(80, onlyFromY()),
    ),
  ]),
  e2e("should enforce policy based on PodSelector or NamespaceSelector", [
    step(
      [
        create(
          netpol("x", "allow-ns-y-match-selector", podA, {
            ingress: [{ from: [{ namespaceSelector: expression(NAME_LABEL, "NotIn", ["x"]) }, { podSelector: labels({ pod: "b" }) }] }],
          }),
        ),
      ],
      probeOn(80, reach().expect("x/a", "x/a", false).expect("x/c", "x/a", false).expected),
    ),
  ]),
  e2e("should enforce policy based on PodSelector and NamespaceSelector", [
    step(
      [
        create(
          netpol("x", "allow-ns-y-podselector-and-nsselector", podA, {
            ingress: [{ from: [{ namespaceSelector: expression(NAME_LABEL, "NotIn", ["x"]), podSelector: labels({ pod: "b" }) }] }],
          }),
        ),
      ],
      probeOn(80, reach().expectAllIngress("x/a", false).expect("y/b", "x/a", true).expect("z/b", "x/a", true).expected),
    ),
  ]),
  e2e("should enforce policy based on Multiple PodSelectors and NamespaceSelectors", [
    step(
      [
        create(
          netpol("x", "allow-ns-y-z-pod-b-c", podA, {
            ingress: [{ from: [{ namespaceSelector: expression(NAME_LABEL, "NotIn", ["x"]), podSelector: expression("pod", "In", ["b", "c"]) }] }],
          }),
        ),
      ],
      probeOn(80, reach().expectPeer({ namespace: "x" }, { namespace: "x", pod: "a" }, false).expect("y/a", "x/a", false).expect("z/a", "x/a", false).expected),
    ),
  ]),
  e2e("should enforce policy based on any PodSelectors", [
    step(
      [
        create(
          netpol("x", "allow-ns-x-pod-b-c", podA, { ingress: [{ from: [{ podSelector: labels({ pod: "b" }) }, { podSelector: labels({ pod: "c" }) }] }] }),
        ),
      ],
      probeOn(80, reach().expectAllIngress("x/a", false).expect("x/b", "x/a", true).expect("x/c", "x/a", true).expected),
    ),
  ]),
  e2e("should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector", [
    step(
      [
        create(
          netpol("x", "allow-ns-y-pod-a-via-namespace-pod-selector", podA, {
            ingress: [{ from: [{ namespaceSelector: labels({ [NAME_LABEL]: "y" }), podSelector: labels({ pod: "a" }) }] }],
          }),
        ),
      ],
      probeOn(80, reach().expectAllIngress("x/a", false).expect("y/a", "x/a", true).expected),
    ),
  ]),
  e2e("should enforce policy based on Ports", [step([create(allow81FromY)], probeOn(81, only81FromY()))]),
  e2e("should enforce multiple, stacked policies with overlapping podSelectors", [
    step([create(allow81FromY)], probeOn(81, only81FromY()), probeOn(80, reach().expectAllIngress("x/a", false).expected)),
    step(
      [
        create(
          netpol("x", "allow-client-a-via-ns-selector-80", podA, {
            ingress: [{ from: [{ namespaceSelector: labels({ [NAME_LABEL]: "y" }) }], ports: [{ port: 80, protocol: "TCP" }] }],
          }),
        ),
      ],
      probeOn(80, only81FromY()),
    ),
  ]),
  e2e("should support allow-all policy", [
    step([create(netpol("x", "allow-all", labels({}), { ingress: [{}] }))], probeOn(80, reach().expected), probeOn(81, reach().expected)),
  ]),
  e2e("should allow ingress access on one named port", [
    step(
      [create(netpol("x", "allow-all", labels({}), { ingress: [{ ports: [{ port: "serve-81-tcp" }] }] }))],
      probeOn(81, reach().expected),
      probeOn(80, reach().expectPeer({}, { namespace: "x" }, false).expected),
    ),
  ]),
  e2e("should allow ingress access from namespace on one named port", [
    step(
      [
        create(
          netpol("x", "allow-client-a-via-ns-selector-80", podA, {
            ingress: [{ from: [{ namespaceSelector: labels({ [NAME_LABEL]: "y" }) }], ports: [{ port: "serve-80-tcp", protocol: "TCP" }] }],
          }),
        ),
      ],
      probeOn(80, onlyFromY()),
      probeOn(81, reach().expectAllIngress("x/a", false).expected),
    ),
  ]),
  e2e("should deny ingress from pods on other namespaces", [
    step(
      [create(netpol("x", "deny-empty-policy", {}, { ingress: [{ from: [{ podSelector: labels({}) }] }] }))],
      probeOn(80, reach().expectPeer({ namespace: "y" }, { namespace: "x" }, false).expectPeer({ namespace: "z" }, { namespace: "x" }, false).expected),
    ),
  ]),
  e2e(
    "should enforce ingress policy allowing any port traffic to a server on a specific protocol",
    [step([create(netpol("x", "allow-ingress-by-proto", podA, { ingress: [{ ports: [{ protocol: "TCP" }] }] }))], probeOn(80, reach().expected))],
    UDP_ONLY,
  ),
  e2e("should enforce multiple ingress policies with ingress allow-all policy taking precedence", [
    step(
      [create(netpol("x", "allow-ingress-port-80", labels({}), { ingress: [{ ports: [{ port: 80 }] }] }))],
      probeOn(81, reach().expectPeer({}, { namespace: "x" }, false).expected),
    ),
    step([create(netpol("x", "allow-ingress", labels({}), { ingress: [{}] }))], probeOn(81, reach().expected)),
  ]),
  e2e("should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP", [
    step(
      [
        create(netpol("x", "deny-ingress", {}, { ingress: [] })),
        create(netpol("x", "allow-only-sctp-ingress-on-port-81", podA, { ingress: [{ ports: [{ port: 81, protocol: "SCTP" }] }] })),
      ],
      probeOn(81, reach().expectPeer({}, { namespace: "x" }, false).expected),
    ),
  ]),
  e2e("should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP", [
    step(
      [create(netpol("x", "allow-only-sctp-ingress-on-port-80", podA, { ingress: [{ ports: [{ port: 80, protocol: "SCTP" }] }] }))],
      probeOn(81, reach().expectAllIngress("x/a", false).expected),
    ),
  ]),
  e2e("should not allow access by TCP when a policy specifies only UDP", [
    step(
      [create(netpol("x", "allow-only-udp-ingress-on-port-81", podA, { ingress: [{ ports: [{ port: 81, protocol: "UDP" }] }] }))],
      probeOn(81, reach().expectAllIngress("x/a", false).expected),
    ),
  ]),
  e2e("should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label", [
    step(
      [
        create(
          netpol("x", "allow-client-a-via-ns-selector-for-immutable-ns-label", podA, {
            ingress: [{ from: [{ namespaceSelector: labels({ [NAME_LABEL]: "y" }) }] }],
          }),
        ),
      ],
      probeOn(80, onlyFromY()),
    ),
  ]),
];
