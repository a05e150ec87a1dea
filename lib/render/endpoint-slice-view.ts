/**
 * An EndpointSlice as kubectl shows one: `kubectl describe endpointslice` (addresses, conditions,
 * node and zone of each endpoint) and `kubectl get endpointslice <name> -o yaml`, which also shows
 * the `hints` the EndpointSlice controller writes for `trafficDistribution`.
 *
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/describe/describe.go (describeEndpointSliceV1)
 * @see https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/
 */
import { Scalar, stringify as toYAML } from "yaml";
import { ErrorCode, PodtalkError, notFoundError } from "../model/errors.js";
import { noYamlView } from "../model/messages.js";
import { resourceFor } from "../model/resources.js";
import { type ClusterView, type EndpointSliceState, type ServiceState, intToIp, wallClockMs } from "../sim/index.js";

/** The label the EndpointSlice controller marks its slices with (discovery/v1 LabelManagedBy). */
const MANAGED_BY = { "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" };

function findSlice(sim: ClusterView, name: string, namespace: string): EndpointSliceState {
  const slice = sim.endpointSlices(namespace).find((s) => s.name === name);
  if (!slice) throw notFoundError("endpointslices.discovery.k8s.io", name);
  return slice;
}

/**
 * The slice's labels: the Service's own, then `kubernetes.io/service-name` and the controller's
 * managed-by mark (setEndpointSliceLabels in the endpointslice reconciler; headless Services add
 * `service.kubernetes.io/headless`). The API server's own `kubernetes` slice has only the service name.
 */
export function endpointSliceLabels(slice: EndpointSliceState, service: ServiceState | undefined): Record<string, string> {
  const byApiServer = slice.namespace === "default" && slice.service === "kubernetes";
  return {
    ...(byApiServer ? {} : (service?.labels ?? {})),
    ...(service?.headless ? { "service.kubernetes.io/headless": "" } : {}),
    ...(byApiServer ? {} : MANAGED_BY),
    "kubernetes.io/service-name": slice.service,
  };
}

/** `kubectl describe endpointslice <name>`'s tab-separated lines. */
export function describeEndpointSlice(sim: ClusterView, name: string, namespace: string): string {
  const slice = findSlice(sim, name, namespace);
  const labels = endpointSliceLabels(slice, sim.service(namespace, slice.service));
  const keys = Object.keys(labels).sort();
  const lines = [
    `Name:\t${slice.name}`,
    `Namespace:\t${slice.namespace}`,
    ...keys.map((k, i) => `${i === 0 ? "Labels:" : ""}\t${k}=${labels[k]}`),
    "Annotations:\t<none>",
    "AddressType:\tIPv4",
  ];
  if (slice.ports.length === 0) lines.push("Ports: <unset>");
  else {
    lines.push("Ports:", "  Name\tPort\tProtocol", "  ----\t----\t--------");
    for (const p of slice.ports) lines.push(`  ${p.name || "<unset>"}\t${p.port}\t${p.protocol}`);
  }
  if (slice.endpoints.length === 0) lines.push("Endpoints: <none>");
  else {
    lines.push("Endpoints:");
    for (const e of slice.endpoints) {
      lines.push(
        `  - Addresses:\t${intToIp(e.ip)}`,
        "    Conditions:",
        `      Ready:\t${e.ready}`,
        `    Hostname:\t${e.hostname ?? "<unset>"}`,
        ...(e.podName ? [`    TargetRef:\tPod/${e.podName}`] : []),
        `    NodeName:\t${e.nodeName ?? "<unset>"}`,
        `    Zone:\t${e.zone ?? "<unset>"}`,
      );
    }
  }
  lines.push("Events:\t<none>");
  return lines.join("\n");
}

/** RFC 3339 in UTC without fractions, as the API server writes timestamps; quoted, as kubectl's YAML prints them. */
function rfc3339(seconds: number): Scalar {
  const value = new Scalar(new Date(wallClockMs(seconds)).toISOString().replace(/\.\d{3}Z$/, "Z"));
  value.type = "QUOTE_DOUBLE";
  return value;
}

/**
 * `kubectl get endpointslice <name> -o yaml`, keys sorted as kubectl prints them. podtalk does
 * not keep an EndpointSlice's uid, resourceVersion, generation or trigger-time annotation, so
 * those metadata fields are left out.
 */
export function endpointSliceYaml(sim: ClusterView, name: string, namespace: string): string {
  const slice = findSlice(sim, name, namespace);
  const service = sim.service(namespace, slice.service);
  const object = {
    addressType: "IPv4",
    apiVersion: "discovery.k8s.io/v1",
    endpoints: slice.endpoints.map((e) => ({
      addresses: [intToIp(e.ip)],
      conditions: { ready: e.ready, serving: e.serving, terminating: e.terminating },
      ...(e.hints
        ? {
            hints: {
              ...(e.hints.forNodes ? { forNodes: e.hints.forNodes.map((n) => ({ name: n })) } : {}),
              ...(e.hints.forZones ? { forZones: e.hints.forZones.map((z) => ({ name: z })) } : {}),
            },
          }
        : {}),
      ...(e.hostname !== undefined ? { hostname: e.hostname } : {}),
      ...(e.nodeName !== undefined ? { nodeName: e.nodeName } : {}),
      ...(e.podName && e.podUID ? { targetRef: { kind: "Pod", name: e.podName, namespace: slice.namespace, uid: e.podUID } } : {}),
      ...(e.zone !== undefined ? { zone: e.zone } : {}),
    })),
    kind: "EndpointSlice",
    metadata: {
      creationTimestamp: rfc3339(slice.creation),
      ...(slice.name === slice.service ? {} : { generateName: `${slice.service}-` }),
      labels: sortKeys(endpointSliceLabels(slice, service)),
      name: slice.name,
      namespace: slice.namespace,
      ...(service && slice.name !== slice.service
        ? { ownerReferences: [{ apiVersion: "v1", blockOwnerDeletion: true, controller: true, kind: "Service", name: service.name, uid: service.uid }] }
        : {}),
    },
    ports: slice.ports.length ? slice.ports.map((p) => ({ name: p.name ?? "", port: p.port, protocol: p.protocol })) : null,
  };
  return toYAML(object, { lineWidth: 0, indentSeq: false });
}

function sortKeys(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k]!;
  return out;
}

/** `kubectl get <kind> <name> -o yaml`, for the kinds podtalk prints that way (EndpointSlices). */
export function getYaml(sim: ClusterView, kind: string, name: string, namespace = "default"): string {
  if (resourceFor(kind) !== "endpointslices") throw new PodtalkError(ErrorCode.BadRequest, noYamlView(kind));
  return endpointSliceYaml(sim, name, namespace);
}
