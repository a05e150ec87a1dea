/**
 * The cluster the shell and tool tests exec into: a netshoot client, a busybox Pod, an nginx Pod,
 * a whoami Pod behind Service `my-api` (named port http), nginx behind Service `web`, a Redis Pod, a StatefulSet Pod with a
 * headless Service, a hostNetwork Pod, and a Pod with `enableServiceLinks: false`.
 */
import { Cluster } from "../../../../lib/index.js";
import type { TraceRecord } from "../../../../lib/sim/index.js";
import { namespace, podWith, serviceWith, toolsContainer, whoamiContainer } from "../../internal/fixtures.js";

export function shellCluster(): Cluster {
  const cluster = new Cluster({ nodes: 2, seed: 1 });
  cluster.apply([
    namespace("shop"),
    podWith("api", [whoamiContainer("whoami", 80)], { labels: { app: "api" }, spec: { nodeName: "node-2" } }),
    serviceWith("my-api", { selector: { app: "api" }, ports: [{ name: "http", port: 80 }] }),
    podWith("client", [{ ...toolsContainer("netshoot"), env: [{ name: "GREETING", value: "hello world" }] }], { spec: { nodeName: "node-1" } }),
    podWith("bb", [{ name: "busybox", image: "busybox:1.36", command: ["sleep", "3600"] }], { spec: { nodeName: "node-1" } }),
    podWith("web", [{ name: "nginx", image: "nginx:1.27" }], { labels: { app: "web" }, spec: { nodeName: "node-2" } }),
    serviceWith("web", { selector: { app: "web" }, ports: [{ port: 80 }] }),
    podWith("redis", [{ name: "redis", image: "redis:7" }], { labels: { app: "redis" }, spec: { nodeName: "node-2" } }),
    serviceWith("redis", { selector: { app: "redis" }, ports: [{ port: 6379 }] }),
    podWith("db-0", [toolsContainer("main")], { spec: { hostname: "db-0", subdomain: "db", nodeName: "node-1" } }),
    serviceWith("db", { clusterIP: "None", selector: { app: "db" }, ports: [{ port: 5432 }] }),
    podWith("host", [toolsContainer("main")], { spec: { hostNetwork: true, nodeName: "node-2" } }),
    podWith("unlinked", [toolsContainer("main")], { spec: { enableServiceLinks: false, nodeName: "node-1" } }),
    podWith("other", [toolsContainer("main")], { namespace: "shop", spec: { nodeName: "node-1" } }),
  ]);
  return cluster;
}

/** The record of `command` run in `pod`. */
export function run(cluster: Cluster, pod: string, command: string, namespace?: string): TraceRecord {
  return cluster.exec(pod, command, namespace ? { namespace } : {});
}
