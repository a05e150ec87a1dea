/**
 * Load: many requests from one Pod to one URL, counting which Pod served each, so the way
 * kube-proxy spreads connections (random in iptables mode, strict rotation in IPVS mode, sticky
 * with ClientIP affinity) becomes visible.
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { resolveHost } from "./dns/resolve-name.js";
import { hostsLookup } from "./exec/resolver.js";
import type { ExecRandom } from "./exec/tool.js";
import { parseURL } from "./exec/url.js";
import type { ClusterView } from "./cluster-view.js";
import type { ProxyModeName } from "./options.js";
import type { PodState } from "./state.js";
import { connect } from "./datapath/connect.js";
import type { Outcome } from "./datapath/hops.js";

/** How many requests each Pod served, and how many failed and why. */
export interface LoadRecord {
  readonly from: string;
  readonly url: string;
  readonly requests: number;
  readonly proxyMode: ProxyModeName;
  /** Serving Pods sorted by name, with their counts. */
  readonly servedBy: readonly { readonly pod: string; readonly count: number }[];
  /** Failed requests by outcome. */
  readonly failures: readonly { readonly outcome: Outcome; readonly count: number }[];
  /** The serving Pod of each request, in order (for rotation checks). */
  readonly sequence: readonly string[];
}

/**
 * Sends `requests` HTTP requests from `pod` to `url`, each on a new connection. The name is
 * resolved once, as a client with a DNS cache would, and as `exec` resolves it: /etc/hosts first,
 * then DNS, whose answer order (CoreDNS's `loadbalance`) comes from its own random stream, so
 * resolving never moves the endpoint picks.
 */
export function runLoad(sim: ClusterView, pod: PodState, url: string, requests: number, random: ExecRandom): LoadRecord {
  if (!Number.isInteger(requests) || requests < 1 || requests > 1_000_000) {
    throw new PodtalkError(ErrorCode.BadRequest, `Invalid requests ${requests}: send between 1 and 1,000,000 requests`);
  }
  const u = parseURL(url, { defaultPort: 80 });
  if (!u) throw new PodtalkError(ErrorCode.BadRequest, `Invalid URL "${url}": use http://<service>:<port>/`);
  const { host, port } = u;
  const ip = hostsLookup(sim, pod, host) ?? resolveHost(sim, pod, host, "A", random.answers).addresses[0];
  const served = new Map<string, number>();
  const failures = new Map<Outcome, number>();
  const sequence: string[] = [];
  for (let i = 0; i < requests; i++) {
    if (ip === undefined) {
      failures.set("nxdomain", (failures.get("nxdomain") ?? 0) + 1);
      sequence.push("");
      continue;
    }
    const conn = connect(sim, pod, ip, port, random);
    if (conn.outcome === "ok" && conn.servedBy) {
      served.set(conn.servedBy.pod, (served.get(conn.servedBy.pod) ?? 0) + 1);
      sequence.push(conn.servedBy.pod);
    } else {
      failures.set(conn.outcome, (failures.get(conn.outcome) ?? 0) + 1);
      sequence.push("");
    }
  }
  return {
    from: pod.name,
    url,
    requests,
    proxyMode: sim.options.proxyMode,
    servedBy: [...served].map(([p, count]) => ({ pod: p, count })).sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0)),
    failures: [...failures].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => (a.outcome < b.outcome ? -1 : 1)),
    sequence,
  };
}
