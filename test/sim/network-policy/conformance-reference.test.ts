/**
 * The conformance suite end to end before an enforcing implementation exists: an implementation
 * registered for this test only decides each side with the reference matcher, and the upstream
 * e2e cases run through podtalk's datapath with it (kube-proxy's DNAT to the Service's Pod, the
 * policy hops on both sides, curl's timeout on a drop). Every observed table must equal upstream's
 * written one. This checks the runner, the model and the datapath's policy hooks (the egress side
 * asked after DNAT, the ingress side with the client's Pod IP), not the real implementation.
 */
import { strict as assert } from "node:assert";
import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import { registerNetworkPolicy } from "../../../lib/index.js";
import type { NetworkPolicyImpl, PolicyView } from "../../../lib/sim/index.js";
import { intToIp } from "../../../lib/sim/index.js";
import type { PodState } from "../../../lib/sim/state.js";
import { E2E_EGRESS_CASES } from "./cases-e2e-egress.js";
import { E2E_INGRESS_CASES } from "./cases-e2e-ingress.js";
import { type MatcherState, isolating, sideAllowed } from "./netpol-matcher.js";
import { MODEL_PORTS, type ModelPort } from "./netpol-model.js";
import { describeOutcome, runCase } from "./netpol-runner.js";
import { NAMESPACES, POD_NAMES, type PodString } from "./netpol-truth-table.js";

const NAME = "reference-matcher-test";

function podString(pod: PodState): PodString | undefined {
  const s = `${pod.namespace}/${pod.name}`;
  return (NAMESPACES as readonly string[]).includes(pod.namespace) && (POD_NAMES as readonly string[]).includes(pod.name) ? (s as PodString) : undefined;
}

/** The matcher's view of the cluster as the implementation sees it through `PolicyView`. */
function stateOf(view: PolicyView, pods: readonly PodState[]): MatcherState {
  const labelsOf = (source: Readonly<Record<string, unknown>> | undefined) =>
    ((source?.["metadata"] as { labels?: Record<string, string> } | undefined)?.labels ?? {}) as Readonly<Record<string, string>>;
  return {
    namespaceLabels: new Map(NAMESPACES.map((ns) => [ns, labelsOf(view.namespace(ns)?.source)])),
    podLabels: new Map(pods.map((p) => [podString(p)!, p.labels])),
    podIP: (pod) => intToIp(pods.find((p) => podString(p) === pod)!.podIP!),
    policies: view.networkPolicies().map((p) => p.source as NetworkPolicy),
  };
}

const reference: NetworkPolicyImpl = {
  name: NAME,
  enforces: true,
  decide(view, q) {
    const peer = view.podByIP(q.peerIP);
    const self = podString(q.pod);
    const other = peer && podString(peer);
    if (!self || !other || q.protocol !== "TCP" || !(MODEL_PORTS as readonly number[]).includes(q.port)) return undefined;
    const state = stateOf(view, [q.pod, peer]);
    const policies = isolating(state, self, q.direction).map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`);
    if (policies.length === 0) return undefined;
    return { verdict: sideAllowed(state, self, other, q.port as ModelPort, q.direction) ? "allowed" : "dropped", policies };
  },
};

describe("the NetworkPolicy conformance suite run end to end with the reference matcher as the implementation", () => {
  let unregister: () => void = () => {};
  before(() => {
    unregister = registerNetworkPolicy(reference);
  });
  after(() => unregister());

  for (const c of [...E2E_INGRESS_CASES, ...E2E_EGRESS_CASES]) {
    it(`agrees with upstream: ${c.name}`, () => {
      const wrong = runCase(c, NAME).filter((o) => o.wrong > 0);
      assert.equal(wrong.length, 0, wrong.map((o) => describeOutcome(c, o)).join("\n"));
    });
  }
});
