/**
 * `kubectl get` and `kubectl describe` of the networking.k8s.io/v1 ServiceCIDR and IPAddress
 * objects (KEP-1880): the default ServiceCIDR `kubernetes` and one IPAddress per ClusterIP.
 *
 * - get: printers.go `printServiceCIDR` (NAME, CIDRS, AGE; the CIDRs comma-joined) and
 *   `printIPAddress` (NAME, PARENTREF: `services/<namespace>/<name>`, the group-resource lower-cased
 *   as `schema.GroupResource` prints it, so the core group adds nothing). printIPAddress also
 *   fills an age cell, but its column definitions stop at ParentRef, so kubectl prints no AGE.
 * - describe: kubectl describe.go `describeServiceCIDRV1` (CIDRs joined with `, `, then
 *   `Status:` and the conditions table) and `describeIPAddressV1` (`Parent Reference:` with
 *   Group, Resource, Namespace and Name, the core group an empty cell).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/printers/internalversion/printers.go
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/describe/describe.go
 */
import { humanDuration } from "../model/duration.js";
import { notFoundError } from "../model/errors.js";
import type { Labels } from "../model/objects.js";
import { formatRFC1123Z } from "../model/time-format.js";
import { type ClusterView, ipAddresses, serviceCIDRs, wallClockMs } from "../sim/index.js";
import type { Row } from "./table.js";

/** The columns and rows of one `get`, as resource-tables.ts builds them. */
export interface BuiltTable {
  columns: string[];
  rows: { namespace: string; labels: Labels; row: Row }[];
}

/** `kubectl get servicecidrs`. */
export function serviceCIDRTable(view: ClusterView): BuiltTable {
  return {
    columns: ["NAME", "CIDRS", "AGE"],
    rows: serviceCIDRs(view).map((c) => ({
      namespace: "",
      labels: c.labels,
      row: { NAME: c.name, CIDRS: c.cidrs.join(","), AGE: humanDuration(view.now - c.creation) },
    })),
  };
}

/** `kubectl get ipaddresses`. */
export function ipAddressTable(view: ClusterView): BuiltTable {
  return {
    columns: ["NAME", "PARENTREF"],
    rows: ipAddresses(view).map((a) => {
      const ref = a.parentRef;
      const resource = ref.group === "" ? ref.resource : `${ref.resource}.${ref.group}`;
      return {
        namespace: "",
        labels: a.labels,
        row: { NAME: a.name, PARENTREF: `${resource.toLowerCase()}${ref.namespace ? `/${ref.namespace}` : ""}/${ref.name}` },
      };
    }),
  };
}

/** The tab-separated lines of `kubectl describe servicecidr <name>`. */
export function describeServiceCIDR(view: ClusterView, name: string): string {
  const c = serviceCIDRs(view).find((x) => x.name === name);
  if (!c) throw notFoundError("servicecidrs.networking.k8s.io", name, `The cluster has one ServiceCIDR, "kubernetes"`);
  return [
    `Name:\t${c.name}`,
    ...mapLines("Labels", c.labels),
    ...mapLines("Annotations", {}),
    `CIDRs:\t${c.cidrs.join(", ")}`,
    ...(c.conditions.length > 0
      ? [
          "Status:",
          "Conditions:",
          "  Type\tStatus\tLastTransitionTime\tReason\tMessage",
          "  ----\t------\t------------------\t------\t-------",
          ...c.conditions.map((k) => `  ${k.type}\t${k.status}\t${formatRFC1123Z(wallClockMs(k.lastTransitionTime))}\t${k.reason}\t${k.message}`),
        ]
      : []),
    "Events:\t<none>",
  ].join("\n");
}

/** The tab-separated lines of `kubectl describe ipaddress <address>`. */
export function describeIPAddress(view: ClusterView, name: string): string {
  const a = ipAddresses(view).find((x) => x.name === name);
  if (!a) throw notFoundError("ipaddresses.networking.k8s.io", name, `An IPAddress exists for each ClusterIP in use: cluster.get("ipaddresses") lists them`);
  return [
    `Name:\t${a.name}`,
    ...mapLines("Labels", a.labels),
    ...mapLines("Annotations", {}),
    "Parent Reference:",
    `  Group:\t${a.parentRef.group}`,
    `  Resource:\t${a.parentRef.resource}`,
    `  Namespace:\t${a.parentRef.namespace}`,
    `  Name:\t${a.parentRef.name}`,
    "Events:\t<none>",
  ].join("\n");
}

/** kubectl's printLabelsMultiline: one `key=value` a line, sorted, or `<none>`. */
function mapLines(label: string, map: Labels): string[] {
  const keys = Object.keys(map).sort();
  if (keys.length === 0) return [`${label}:\t<none>`];
  return keys.map((k, i) => `${i === 0 ? `${label}:` : ""}\t${k}=${map[k]}`);
}
