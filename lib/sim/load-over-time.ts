/**
 * Load over simulated time: requests from one Pod to one URL, a batch every interval, with the
 * clock moving on between batches, so a rolling update or a deleted Pod plays out while the
 * requests flow. Each success is counted under the version that served it: the serving Pod's
 * ReplicaSet (its `pod-template-hash`) and image; each failure under its outcome.
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import type { ClusterView } from "./cluster-view.js";
import { connect } from "./datapath/connect.js";
import type { Outcome } from "./datapath/hops.js";
import { resolveHost } from "./dns/resolve-name.js";
import { hostsLookup } from "./exec/resolver.js";
import type { ExecRandom } from "./exec/tool.js";
import { parseURL } from "./exec/url.js";
import type { ProxyModeName } from "./options.js";
import { allContainers } from "./pod-containers.js";
import type { PodState } from "./state.js";

/** A backend version: the ReplicaSet (or bare Pod) that served requests, and its image. */
export interface LoadVersion {
  /** The ReplicaSet's name (`api-7c9d8b6f5`), or the Pod's for a Pod no ReplicaSet owns. */
  readonly name: string;
  /** The Pods' `pod-template-hash` label, when they have one. */
  readonly templateHash: string | undefined;
  /** The serving container's image. */
  readonly image: string;
}

/** One interval: when it started (seconds after the load began) and what happened to its requests. */
export interface LoadInterval {
  /** Seconds after the first request. */
  readonly at: number;
  /** The cluster's clock (`cluster.now`) when the batch was sent. */
  readonly time: number;
  readonly requests: number;
  /** Successes by version name (every version of the run is present, 0 when it served none). */
  readonly served: Readonly<Record<string, number>>;
  /** Failures by outcome (only the outcomes that happened). */
  readonly failed: Readonly<Partial<Record<Outcome, number>>>;
}

/** The whole run. */
export interface LoadOverTimeRecord {
  readonly from: string;
  readonly url: string;
  readonly proxyMode: ProxyModeName;
  /** Seconds between batches. */
  readonly every: number;
  /** Seconds the load ran. */
  readonly duration: number;
  readonly requests: number;
  /** The versions that served, in the order they first did. */
  readonly versions: readonly LoadVersion[];
  readonly intervals: readonly LoadInterval[];
}

/** What the run needs from the cluster besides reading it: the client Pod now, and moving the clock. */
export interface LoadDriver {
  readonly view: ClusterView;
  readonly random: ExecRandom;
  /**
   * The client Pod at this moment (`deploy/frontend` may name a new one after a rollout), or
   * undefined once it is gone: that batch's requests then fail (outcome `error`).
   */
  client(): PodState | undefined;
  advance(seconds: number): void;
}

/**
 * Sends `requests` requests in all, spread evenly over `duration / every` batches (the name is
 * resolved once, as a client with a DNS cache would); between batches the clock moves on by
 * `every` seconds, so controllers, kubelets and grace periods act as they would.
 */
export function runLoadOverTime(driver: LoadDriver, url: string, every: number, duration: number, requests: number): LoadOverTimeRecord {
  if (!(every > 0) || !(duration >= every)) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `Invalid load interval: every must be more than 0s and for at least one interval (every ${every}s, for ${duration}s)`,
    );
  }
  const batches = Math.floor(duration / every);
  if (batches > 10_000)
    throw new PodtalkError(ErrorCode.BadRequest, `Invalid load interval: ${batches} intervals; use at most 10,000 (a longer every or a shorter for)`);
  if (!Number.isInteger(requests) || requests < batches || requests > 1_000_000) {
    throw new PodtalkError(ErrorCode.BadRequest, `Invalid requests ${requests}: send between ${batches} (one per interval) and 1,000,000 requests`);
  }
  const u = parseURL(url, { defaultPort: 80 });
  if (!u) throw new PodtalkError(ErrorCode.BadRequest, `Invalid URL "${url}": use http://<service>:<port>/`);
  const { view, random } = driver;
  const first = driver.client();
  if (!first) throw new PodtalkError(ErrorCode.NotFound, `the load's client Pod is not Running: advance time until it is (see cluster.get("pods"))`);
  const ip = hostsLookup(view, first, u.host) ?? resolveHost(view, first, u.host, "A", random.answers).addresses[0];
  const versions = new Map<string, LoadVersion>();
  const intervals: { at: number; time: number; requests: number; served: Map<string, number>; failed: Map<Outcome, number> }[] = [];
  const start = view.now;
  for (let i = 0; i < batches; i++) {
    if (i > 0) driver.advance(every);
    const pod = driver.client();
    const n = Math.floor(((i + 1) * requests) / batches) - Math.floor((i * requests) / batches);
    const served = new Map<string, number>();
    const failed = new Map<Outcome, number>();
    for (let r = 0; r < n; r++) {
      if (ip === undefined || pod === undefined) {
        const outcome = pod === undefined ? "error" : "nxdomain";
        failed.set(outcome, (failed.get(outcome) ?? 0) + 1);
        continue;
      }
      const conn = connect(view, pod, ip, u.port, random);
      if (conn.outcome === "ok" && conn.servedBy) {
        const v = versionOf(view, conn.servedBy.namespace, conn.servedBy.pod, conn.servedBy.container);
        if (!versions.has(v.name)) versions.set(v.name, v);
        served.set(v.name, (served.get(v.name) ?? 0) + 1);
      } else failed.set(conn.outcome, (failed.get(conn.outcome) ?? 0) + 1);
    }
    intervals.push({ at: view.now - start, time: view.now, requests: n, served, failed });
  }
  driver.advance(every);
  const names = [...versions.keys()];
  return {
    from: first.name,
    url,
    proxyMode: view.options.proxyMode,
    every,
    duration: batches * every,
    requests,
    versions: [...versions.values()],
    intervals: intervals.map((x) => ({
      at: x.at,
      time: x.time,
      requests: x.requests,
      served: Object.fromEntries(names.map((v) => [v, x.served.get(v) ?? 0])),
      failed: Object.fromEntries([...x.failed].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    })),
  };
}

/** The version a serving Pod belongs to. */
function versionOf(view: ClusterView, namespace: string, podName: string, container: string): LoadVersion {
  const pod = view.pod(namespace, podName);
  const image = pod ? (allContainers(pod).find((c) => c.name === container)?.image ?? "") : "";
  const owner = pod?.owner?.kind === "ReplicaSet" ? pod.owner.name : undefined;
  return { name: owner ?? podName, templateHash: pod?.labels["pod-template-hash"], image };
}
