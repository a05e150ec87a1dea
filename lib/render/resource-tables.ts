/**
 * `kubectl get` for each kind: view models built from the simulation with kubectl's columns and
 * cell formats.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/printers/internalversion/printers.go
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { humanDuration } from "../model/duration.js";
import type { Labels } from "../model/objects.js";
import { formatSelector } from "../model/selectors.js";
import { unknownResourceType } from "../model/messages.js";
import { NODE_INFO } from "../model/version.js";
import { CLUSTER_SCOPED, RESOURCES, resourceFor, type Resource } from "../model/resources.js";
import { Table, type Row } from "./table.js";
import { ipAddressTable, serviceCIDRTable } from "./service-cidr-views.js";
import { podStatus, readyCell, restartsCell } from "./pod-columns.js";

export { podStatus, readyCell, restartsCell };
import { type ClusterView, type ServiceState, type WorkloadState, formatCIDR, intToIp, namespaceLabels } from "../sim/index.js";

/** Options of `get`. */
export interface GetOptions {
  /** @default "default" */
  readonly namespace?: string;
  /** List every namespace, with a NAMESPACE column first (`-A`). @default false */
  readonly allNamespaces?: boolean;
  /** Add the `-o wide` columns. @default true */
  readonly wide?: boolean;
  /** Add a LABELS column (`--show-labels`). @default false */
  readonly showLabels?: boolean;
}

/** Normalises `po`, `svc`, `pod`… to the plural resource name. */
export function resourceName(kind: string): Resource {
  const r = resourceFor(kind);
  if (!r) {
    throw new PodtalkError(ErrorCode.BadRequest, unknownResourceType(kind, "lists", RESOURCES));
  }
  return r;
}

/** Builds the table `kubectl get <kind>` would print. */
export function getTable(sim: ClusterView, kind: string, options: GetOptions = {}): Table {
  const resource = resourceName(kind);
  const wide = options.wide ?? true;
  const clusterScoped = CLUSTER_SCOPED.has(resource);
  const ns = options.allNamespaces ? undefined : (options.namespace ?? "default");
  const caption = `kubectl get ${resource}${ns === undefined ? " -A" : ns !== "default" ? ` -n ${ns}` : ""}${wide ? " -o wide" : ""}${options.showLabels ? " --show-labels" : ""}`;
  const { columns, rows, warnings } = build(sim, resource, ns, wide);
  let cols = [...columns];
  let out: Row[] = rows.map((r) => r.row);
  if (ns === undefined && !clusterScoped) {
    cols = ["NAMESPACE", ...cols];
    out = rows.map((r) => ({ NAMESPACE: r.namespace, ...r.row }));
  }
  if (options.showLabels) {
    cols.push("LABELS");
    out = out.map((r, i) => ({ ...r, LABELS: formatLabels(rows[i]!.labels) }));
  }
  return new Table(cols, out, {
    caption,
    warnings: warnings ?? [],
    emptyMessage: ns === undefined || clusterScoped ? "No resources found" : `No resources found in ${ns} namespace.`,
  });
}

interface Built {
  columns: string[];
  rows: { namespace: string; labels: Labels; row: Row }[];
  warnings?: string[];
}

function build(sim: ClusterView, resource: Resource, ns: string | undefined, wide: boolean): Built {
  const age = (t: number) => humanDuration(sim.now - t);
  const workloadWide = (w: Pick<WorkloadState, "template" | "selector">, selector = true): Row =>
    wide
      ? {
          CONTAINERS: w.template.spec.containers.map((c) => c.name).join(","),
          IMAGES: w.template.spec.containers.map((c) => c.image).join(","),
          ...(selector ? { SELECTOR: formatSelector(w.selector) } : {}),
        }
      : {};
  switch (resource) {
    case "pods":
      return {
        columns: ["NAME", "READY", "STATUS", "RESTARTS", "AGE", ...(wide ? ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"] : [])],
        rows: sim.pods(ns).map((p) => ({
          namespace: p.namespace,
          labels: p.labels,
          row: {
            NAME: p.name,
            READY: readyCell(p),
            STATUS: podStatus(p),
            RESTARTS: restartsCell(sim, p),
            AGE: age(p.creation),
            ...(wide
              ? {
                  IP: p.podIP === undefined ? "<none>" : intToIp(p.podIP),
                  NODE: p.nodeName ?? "<none>",
                  "NOMINATED NODE": "<none>",
                  "READINESS GATES": "<none>",
                }
              : {}),
          },
        })),
      };
    case "services":
      return {
        columns: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", ...(wide ? ["SELECTOR"] : [])],
        rows: sim.services(ns).map((s) => ({
          namespace: s.namespace,
          labels: s.labels,
          row: {
            NAME: s.name,
            TYPE: s.type,
            "CLUSTER-IP": s.headless ? "None" : s.clusterIP === undefined ? "<none>" : intToIp(s.clusterIP),
            // A LoadBalancer waits for a cloud controller to set its ingress; podtalk has none.
            "EXTERNAL-IP": s.type === "ExternalName" ? s.externalName! : s.type === "LoadBalancer" ? "<pending>" : "<none>",
            "PORT(S)": portsCell(s),
            AGE: age(s.creation),
            ...(wide ? { SELECTOR: s.selector ? formatLabels(s.selector) : "<none>" } : {}),
          },
        })),
      };
    case "nodes":
      return {
        columns: [
          "NAME",
          "STATUS",
          "ROLES",
          "AGE",
          "VERSION",
          ...(wide ? ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"] : []),
        ],
        rows: sim.nodes().map((n) => ({
          namespace: "",
          // --show-labels prints the node's labels (its zone and region among them, when it has them).
          labels: n.labels,
          row: {
            NAME: n.name,
            STATUS: "Ready",
            ROLES: n.index === 0 ? "control-plane" : "<none>",
            AGE: age(n.creation),
            VERSION: NODE_INFO.version,
            ...(wide
              ? {
                  "INTERNAL-IP": intToIp(n.internalIP),
                  "EXTERNAL-IP": "<none>",
                  "OS-IMAGE": NODE_INFO.osImage,
                  "KERNEL-VERSION": NODE_INFO.kernelVersion,
                  "CONTAINER-RUNTIME": NODE_INFO.containerRuntime,
                }
              : {}),
          },
        })),
      };
    case "deployments":
      return {
        columns: ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", ...(wide ? ["CONTAINERS", "IMAGES", "SELECTOR"] : [])],
        rows: sim.deployments(ns).map((d) => {
          const rsets = sim.replicaSets(d.namespace).filter((r) => r.owner?.uid === d.uid);
          const pods = rsets.flatMap((r) => sim.podsOwnedBy(r.uid)).filter((p) => p.deletion === undefined);
          const ready = pods.filter((p) => sim.isPodReady(p)).length;
          const current = pods.filter((p) => p.labels["pod-template-hash"] === d.templateHash).length;
          return {
            namespace: d.namespace,
            labels: d.labels,
            row: {
              NAME: d.name,
              READY: `${ready}/${d.replicas}`,
              "UP-TO-DATE": String(current),
              AVAILABLE: String(ready),
              AGE: age(d.creation),
              ...workloadWide(d),
            },
          };
        }),
      };
    case "replicasets":
      return {
        columns: ["NAME", "DESIRED", "CURRENT", "READY", "AGE", ...(wide ? ["CONTAINERS", "IMAGES", "SELECTOR"] : [])],
        rows: sim.replicaSets(ns).map((rs) => {
          const pods = sim.podsOwnedBy(rs.uid).filter((p) => p.deletion === undefined);
          return {
            namespace: rs.namespace,
            labels: rs.labels,
            row: {
              NAME: rs.name,
              DESIRED: String(rs.replicas),
              CURRENT: String(pods.length),
              READY: String(pods.filter((p) => sim.isPodReady(p)).length),
              AGE: age(rs.creation),
              ...workloadWide(rs),
            },
          };
        }),
      };
    case "daemonsets":
      // printers.go printDaemonSet: NODE SELECTOR is the template's nodeSelector. Every Pod runs
      // the one template generation, so UP-TO-DATE is CURRENT and AVAILABLE is READY (minReadySeconds 0).
      return {
        columns: [
          "NAME",
          "DESIRED",
          "CURRENT",
          "READY",
          "UP-TO-DATE",
          "AVAILABLE",
          "NODE SELECTOR",
          "AGE",
          ...(wide ? ["CONTAINERS", "IMAGES", "SELECTOR"] : []),
        ],
        rows: sim.daemonSets(ns).map((d) => {
          const s = sim.daemonSetStatus(d);
          return {
            namespace: d.namespace,
            labels: d.labels,
            row: {
              NAME: d.name,
              DESIRED: String(s.desired),
              CURRENT: String(s.current),
              READY: String(s.ready),
              "UP-TO-DATE": String(s.current),
              AVAILABLE: String(s.ready),
              "NODE SELECTOR": formatLabels(d.template.spec.nodeSelector ?? {}),
              AGE: age(d.creation),
              ...workloadWide(d),
            },
          };
        }),
      };
    case "statefulsets":
      return {
        columns: ["NAME", "READY", "AGE", ...(wide ? ["CONTAINERS", "IMAGES"] : [])],
        rows: sim.statefulSets(ns).map((s) => {
          const ready = sim.podsOwnedBy(s.uid).filter((p) => sim.isPodReady(p)).length;
          return {
            namespace: s.namespace,
            labels: s.labels,
            row: { NAME: s.name, READY: `${ready}/${s.replicas}`, AGE: age(s.creation), ...workloadWide(s, false) },
          };
        }),
      };
    case "endpoints":
      return {
        columns: ["NAME", "ENDPOINTS", "AGE"],
        // The API server's deprecation warning for core/v1 Endpoints, unchanged in v1.35 (KEP-4974;
        // staging/src/k8s.io/api/core/v1/types.go `+k8s:prerelease-lifecycle-gen:deprecated=1.33`
        // with replacement discovery.k8s.io/v1 EndpointSlice); kubectl prints it as `Warning: …`.
        warnings: ["v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"],
        rows: sim
          .services(ns)
          .filter((s) => s.type !== "ExternalName" && (s.selector !== undefined || sim.slicesOf(s).length > 0))
          .map((s) => {
            const all = s.ports.flatMap((_, i) => sim.endpoints(s, i));
            const ready = all.filter((e) => e.ready).map((e) => `${intToIp(e.ip)}:${e.port}`);
            if (s.ports.length === 0) {
              // A headless Service without ports still has a subset of addresses, which kubectl's
              // formatEndpoints prints without ports ("It's possible to have headless services with no ports").
              const ips = [...new Set(sim.slicesOf(s).flatMap((sl) => sl.endpoints.filter((e) => e.ready).map((e) => e.ip)))].sort((a, b) => a - b);
              const any = sim.slicesOf(s).some((sl) => sl.endpoints.length > 0);
              return {
                namespace: s.namespace,
                labels: s.labels,
                row: { NAME: s.name, ENDPOINTS: any ? listWithMore(ips.map(intToIp)) : "<none>", AGE: age(s.creation) },
              };
            }
            return {
              namespace: s.namespace,
              labels: s.labels,
              // `<none>` means no subsets (nothing matched); an empty cell means only not-ready addresses.
              row: { NAME: s.name, ENDPOINTS: all.length === 0 ? "<none>" : listWithMore(ready), AGE: age(s.creation) },
            };
          }),
      };
    case "networkpolicies":
      // printers.go printNetworkPolicy: the pod selector as FormatLabelSelector prints it (`<none>` when empty).
      return {
        columns: ["NAME", "POD-SELECTOR", "AGE"],
        rows: sim.networkPolicies(ns).map((p) => ({
          namespace: p.namespace,
          labels: p.labels,
          row: { NAME: p.name, "POD-SELECTOR": formatSelector(p.spec.podSelector), AGE: age(p.creation) },
        })),
      };
    case "endpointslices":
      return {
        columns: ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
        rows: sim.endpointSlices(ns).map((s) => ({
          namespace: s.namespace,
          labels: { "kubernetes.io/service-name": s.service },
          row: {
            NAME: s.name,
            ADDRESSTYPE: "IPv4",
            PORTS: s.ports.length ? listWithMore(s.ports.map((p) => String(p.port))) : "<unset>",
            ENDPOINTS: s.endpoints.length ? listWithMore(s.endpoints.map((e) => intToIp(e.ip))) : "<unset>",
            AGE: age(s.creation),
          },
        })),
      };
    case "events":
      return {
        // printers.go printEvent; the API lists Events by name (`<object>.<hex time>`), so rows
        // come grouped by object, each object's in the order they first happened.
        columns: [
          "LAST SEEN",
          "TYPE",
          "REASON",
          "OBJECT",
          ...(wide ? ["SUBOBJECT", "SOURCE"] : []),
          "MESSAGE",
          ...(wide ? ["FIRST SEEN", "COUNT", "NAME"] : []),
        ],
        rows: sim
          .events()
          .filter((e) => ns === undefined || e.namespace === ns)
          .slice()
          .sort((a, b) => compareNames(a.namespace, b.namespace) || compareNames(a.name, b.name))
          .map((e) => ({
            namespace: e.namespace,
            labels: {},
            row: {
              "LAST SEEN": age(e.time),
              TYPE: e.type,
              REASON: e.reason,
              OBJECT: e.object,
              ...(wide ? { SUBOBJECT: e.subobject ?? "", SOURCE: e.host ? `${e.component}, ${e.host}` : e.component } : {}),
              MESSAGE: e.message,
              ...(wide ? { "FIRST SEEN": age(e.firstTime), COUNT: String(e.count), NAME: e.name } : {}),
            },
          })),
      };
    case "servicecidrs":
      return serviceCIDRTable(sim);
    case "ipaddresses":
      return ipAddressTable(sim);
    case "namespaces":
      return {
        columns: ["NAME", "STATUS", "AGE"],
        rows: sim.namespaces().map((n) => ({
          namespace: "",
          // Its own labels and the `kubernetes.io/metadata.name` the API server adds to every namespace.
          labels: namespaceLabels(n, n.name),
          row: { NAME: n.name, STATUS: n.deletion === undefined ? "Active" : "Terminating", AGE: age(n.creation) },
        })),
      };
  }
}

/** Byte order of two names, as etcd lists keys. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The PORT(S) cell: `80/TCP`, `80:30007/TCP` for a nodePort, comma-joined, or `<none>`. */
export function portsCell(s: ServiceState): string {
  if (s.ports.length === 0) return "<none>";
  return s.ports.map((p, i) => `${p.port}${s.nodePorts[i] !== undefined ? `:${s.nodePorts[i]}` : ""}/${p.protocol}`).join(",");
}

/** `k=v,k2=v2` sorted by key, or `<none>` (apimachinery `labels.FormatLabels`). */
export function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return keys.length ? keys.map((k) => `${k}=${labels[k]}`).join(",") : "<none>";
}

/** At most three items, then ` + N more...` (kubectl's formatEndpoints and listWithMoreString). */
export function listWithMore(items: readonly string[]): string {
  if (items.length <= 3) return items.join(",");
  return `${items.slice(0, 3).join(",")} + ${items.length - 3} more...`;
}

/** A node's podCIDR as text. */
export function podCIDRText(sim: ClusterView, nodeName: string): string {
  const n = sim.node(nodeName);
  return n ? formatCIDR(n.podCIDR) : "<none>";
}
