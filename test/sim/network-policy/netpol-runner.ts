/**
 * Runs a conformance case on a model cluster: applies each step's actions to the cluster (and to
 * the reference matcher's picture of it), probes every pair on each probe's port, and reports
 * whether the observed table agrees with the expected one, ignoring each Pod's connection to
 * itself as upstream does (`ignoreLoopback`, kubernetes/kubernetes#95879). A mismatch is printed
 * as upstream prints it: the expected, observed and comparison tables.
 */
import type { NetworkPolicy } from "kubernetes-types/networking/v1";
import { type Action, type ConformanceCase, type Probe, resolvePolicy } from "./netpol-cases.js";
import { type MatcherState, expectedTable } from "./netpol-matcher.js";
import { type ModelCluster, type ModelPort, buildModel, namespaceLabels, namespaceManifest, podManifest, probeMatrix } from "./netpol-model.js";
import { NAMESPACES, PODS, type PodString, TruthTable } from "./netpol-truth-table.js";

/** Upstream never fails on a Pod's connection to itself: CNIs disagree on hairpin traffic. */
export const IGNORE_LOOPBACK = true;

/** The labels and policies in force, as the reference matcher reads them. */
class ModelState implements MatcherState {
  readonly namespaceLabels = new Map<string, Readonly<Record<string, string>>>(NAMESPACES.map((ns) => [ns, namespaceLabels(ns)]));
  readonly podLabels = new Map<PodString, Readonly<Record<string, string>>>(PODS.map((p) => [p, { pod: p.split("/")[1]! }]));
  readonly #policies = new Map<string, NetworkPolicy>();
  readonly #model: ModelCluster;

  constructor(model: ModelCluster) {
    this.#model = model;
  }

  podIP(pod: PodString): string {
    return this.#model.podIP(pod);
  }

  get policies(): readonly NetworkPolicy[] {
    return [...this.#policies.values()];
  }

  setPolicy(p: NetworkPolicy): void {
    this.#policies.set(`${p.metadata!.namespace}/${p.metadata!.name}`, p);
  }

  deletePolicy(namespace: string, name: string): void {
    this.#policies.delete(`${namespace}/${name}`);
  }
}

/** A model cluster with a case's changes applied step by step. */
export class ModelRun {
  readonly model: ModelCluster;
  readonly #state: ModelState;

  constructor(networkPolicy: string) {
    this.model = buildModel({ networkPolicy });
    this.#state = new ModelState(this.model);
  }

  /** Applies one action to the cluster; throws what the cluster throws (an API error). */
  apply(action: Action): void {
    const { cluster } = this.model;
    switch (action.kind) {
      case "create-policy":
      case "update-policy": {
        const policy = resolvePolicy(action.policy, this.model);
        cluster.apply(policy);
        this.#state.setPolicy(policy);
        break;
      }
      case "delete-policy":
        cluster.delete("networkpolicy", action.name, { namespace: action.namespace });
        this.#state.deletePolicy(action.namespace, action.name);
        break;
      case "delete-all-policies":
        for (const p of this.#state.policies) {
          cluster.delete("networkpolicy", p.metadata!.name!, { namespace: p.metadata!.namespace! });
          this.#state.deletePolicy(p.metadata!.namespace!, p.metadata!.name!);
        }
        break;
      case "pod-labels": {
        const [ns, name] = action.pod.split("/") as [string, string];
        cluster.apply(podManifest(ns, name, { ...action.labels }));
        this.#state.podLabels.set(action.pod, action.labels);
        break;
      }
      case "namespace-labels":
        cluster.apply(namespaceManifest(action.namespace, { ...action.labels }));
        this.#state.namespaceLabels.set(action.namespace, action.labels);
        break;
    }
  }

  /** The table a probe expects: its own, or the reference matcher's for the state now. */
  expected(probe: Probe): TruthTable {
    return probe.expected ?? expectedTable(this.#state, probe.port);
  }

  /** The observed table on `port`. */
  observe(port: ModelPort): TruthTable {
    return probeMatrix(this.model, port);
  }
}

/** One probe's outcome. */
export interface ProbeOutcome {
  readonly step: number;
  readonly port: ModelPort;
  readonly expected: TruthTable;
  readonly observed: TruthTable;
  readonly wrong: number;
}

/** Runs every step of `c` on a new model cluster. */
export function runCase(c: ConformanceCase, networkPolicy: string): ProbeOutcome[] {
  const run = new ModelRun(networkPolicy);
  const outcomes: ProbeOutcome[] = [];
  c.steps.forEach((s, i) => {
    for (const action of s.actions) run.apply(action);
    for (const probe of s.probes) {
      const expected = run.expected(probe);
      const observed = run.observe(probe.port);
      outcomes.push({ step: i + 1, port: probe.port, expected, observed, wrong: expected.differences(observed, IGNORE_LOOPBACK).length });
    }
  });
  return outcomes;
}

/** Upstream's report of a probe: counts, then the expected, observed and comparison tables. */
export function describeOutcome(c: ConformanceCase, o: ProbeOutcome): string {
  const checked = PODS.length * PODS.length - (IGNORE_LOOPBACK ? PODS.length : 0);
  return [
    `${c.source}: ${c.name} (${c.file}), step ${o.step}, TCP port ${o.port}`,
    `reachability: correct:${checked - o.wrong}, incorrect:${o.wrong}, result=${o.wrong === 0}`,
    "expected:",
    "",
    o.expected.toString(),
    "",
    "observed:",
    "",
    o.observed.toString(),
    "",
    "comparison:",
    "",
    o.expected.compare(o.observed).toString(),
    "",
  ].join("\n");
}

/** Every table a case expects, by step and port (for cases whose tables are written out). */
export function writtenTables(c: ConformanceCase): { step: number; port: ModelPort; table: TruthTable }[] {
  return c.steps.flatMap((s, i) => s.probes.flatMap((p) => (p.expected ? [{ step: i + 1, port: p.port, table: p.expected }] : [])));
}

export { TruthTable };
