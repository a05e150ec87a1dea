/** A small cluster for the DNS tool suites: clients of each DNS flavour and every kind of record. */
import { Cluster } from "../../../../lib/index.js";
import { intToIp } from "../../../../lib/sim/index.js";
import { engineOf } from "../../../../lib/internal/engine.js";
import { podWith, serviceWith, statefulSet, whoamiContainer } from "../../internal/fixtures.js";
import type { ProxyMode } from "../../../../lib/sim/index.js";

/** A client container of `image` that idles. */
const client = (name: string, image: string) => podWith(name, [{ name: "sh", image, command: ["sleep", "infinity"] }], { spec: { nodeName: "node-2" } });

/**
 * default: clients bb (busybox:1.36), old (busybox:1.28), netshoot; api (3 whoami Pods, label
 * app=api) behind my-api (ClusterIP, named port http) and headless web; the StatefulSet web
 * (web-0, web-1) behind headless nginx; ExternalName alias → my-api.
 */
export function dnsToolsCluster(proxyMode: ProxyMode = "iptables"): Cluster {
  const cluster = new Cluster({ nodes: 2, seed: 1, proxyMode });
  cluster.apply([
    client("bb", "busybox:1.36"),
    client("old", "busybox:1.28"),
    client("netshoot", "nicolaka/netshoot:v0.13"),
    ...["api-0", "api-1", "api-2"].map((n) => podWith(n, [whoamiContainer()], { labels: { app: "api" }, spec: { nodeName: "node-2" } })),
    serviceWith("my-api", { selector: { app: "api" }, ports: [{ name: "http", port: 8080 }] }),
    serviceWith("web", { clusterIP: "None", selector: { app: "api" }, ports: [{ name: "http", port: 8080 }] }),
    statefulSet("db", 2, { serviceName: "nginx" }),
    serviceWith("nginx", { clusterIP: "None", selector: { app: "nginx" }, ports: [{ name: "web", port: 80 }] }),
    serviceWith("alias", { type: "ExternalName", externalName: "my-api.default.svc.cluster.local" }),
  ]);
  cluster.advance("60s");
  return cluster;
}

export const podIP = (cluster: Cluster, name: string) => intToIp(engineOf(cluster).pod("default", name)!.podIP!);
export const clusterIP = (cluster: Cluster, name: string) => intToIp(engineOf(cluster).service("default", name)!.clusterIP!);
