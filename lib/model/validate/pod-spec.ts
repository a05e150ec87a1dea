/**
 * Pod spec checks: containers, ports, probes, restart and DNS policies, node selection.
 */
import type { PodDNSConfigOption, PodSpec } from "kubernetes-types/core/v1";
import type { FieldError } from "../errors.js";
import type { ContainerN, DNSConfigN, PodSpecN } from "../objects.js";
import { type ContainerScope, validateContainer } from "./container.js";
import { isDNS1123Label, validateLabels } from "./names.js";
import { stringMap } from "./metadata.js";
import { optional, optionalStrings } from "./field-types.js";
import { validateTolerations } from "./tolerations.js";

/** Checks a Pod spec at `path` and returns it defaulted. */
export function validatePodSpec(rawSpec: unknown, path: string, errs: FieldError[], warnings: string[]): PodSpecN {
  const spec = optional<PodSpec>(rawSpec, "object", path, errs);
  const containers: ContainerN[] = [];
  const raw = optional<unknown[]>(spec?.containers, "list", `${path}.containers`, errs);
  const hostNetwork = optional<boolean>(spec?.hostNetwork, "boolean", `${path}.hostNetwork`, errs) === true;
  const scope: ContainerScope = {
    names: new Set(),
    portNames: new Set(),
    seenPorts: [],
    hostPorts: new Set(),
    hostNetwork,
    init: false,
    warnings,
  };
  if (!raw || raw.length === 0) {
    errs.push({ field: `${path}.containers`, type: "Required value", detail: "" });
  } else {
    raw.forEach((rawContainer, i) => {
      containers.push(validateContainer(rawContainer, `${path}.containers[${i}]`, scope, errs));
    });
  }
  // validateInitContainers: names are unique across init and app containers; each init container
  // runs alone (a sidecar beside the others), so its ports are checked on their own.
  const initContainers = (optional<unknown[]>(spec?.initContainers, "list", `${path}.initContainers`, errs) ?? []).map((rawContainer, i) => {
    const own: ContainerScope = { ...scope, portNames: new Set(), seenPorts: [], hostPorts: new Set(), init: true, warnings: undefined };
    return validateContainer(rawContainer, `${path}.initContainers[${i}]`, own, errs);
  });
  const restartPolicy = spec?.restartPolicy ?? "Always";
  if (!["Always", "OnFailure", "Never"].includes(restartPolicy)) {
    errs.push({ field: `${path}.restartPolicy`, type: "Unsupported value", value: restartPolicy, detail: `supported values: "Always", "Never", "OnFailure"` });
  }
  const dnsPolicy = spec?.dnsPolicy ?? "ClusterFirst";
  if (!["ClusterFirst", "Default", "None", "ClusterFirstWithHostNet"].includes(dnsPolicy)) {
    errs.push({
      field: `${path}.dnsPolicy`,
      type: "Unsupported value",
      value: dnsPolicy,
      detail: `supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"`,
    });
  }
  let dnsConfig: DNSConfigN | undefined;
  const rawDNSConfig = optional<NonNullable<PodSpec["dnsConfig"]>>(spec?.dnsConfig, "object", `${path}.dnsConfig`, errs);
  if (rawDNSConfig) {
    const dpath = `${path}.dnsConfig`;
    const options: DNSConfigN["options"][number][] = [];
    (optional<unknown[]>(rawDNSConfig.options, "list", `${dpath}.options`, errs) ?? []).forEach((rawOption, i) => {
      const o = optional<PodDNSConfigOption>(rawOption, "object", `${dpath}.options[${i}]`, errs);
      if (rawOption === null) errs.push({ field: `${dpath}.options[${i}]`, type: "Required value", detail: "Option.Name must not be empty" });
      if (!o) return;
      const name = optional<string>(o.name, "string", `${dpath}.options[${i}].name`, errs) ?? "";
      if (name === "") errs.push({ field: `${dpath}.options[${i}]`, type: "Required value", detail: "Option.Name must not be empty" });
      options.push({ name, value: optional<string>(o.value, "string", `${dpath}.options[${i}].value`, errs) });
    });
    dnsConfig = {
      nameservers: optionalStrings(rawDNSConfig.nameservers, `${dpath}.nameservers`, errs) ?? [],
      searches: optionalStrings(rawDNSConfig.searches, `${dpath}.searches`, errs) ?? [],
      options,
    };
    dnsConfig.nameservers.forEach((ns, i) => {
      if (!isIPAddress(ns)) errs.push({ field: `${dpath}.nameservers[${i}]`, type: "Invalid value", value: ns, detail: "must be a valid IP address" });
    });
    if (dnsConfig.nameservers.length > 3) {
      errs.push({
        field: `${path}.dnsConfig.nameservers`,
        type: "Invalid value",
        value: dnsConfig.nameservers,
        detail: "must not have more than 3 nameservers",
      });
    }
  }
  if (dnsPolicy === "None" && (dnsConfig?.nameservers.length ?? 0) === 0) {
    errs.push({ field: `${path}.dnsConfig.nameservers`, type: "Required value", detail: "must provide at least one DNS nameserver when `dnsPolicy` is None" });
  }
  validateLabels(spec?.nodeSelector, `${path}.nodeSelector`, errs);
  const tolerations = validateTolerations(spec?.tolerations, `${path}.tolerations`, errs);
  const hostname = optional<string>(spec?.hostname, "string", `${path}.hostname`, errs);
  const subdomain = optional<string>(spec?.subdomain, "string", `${path}.subdomain`, errs);
  for (const [field, value] of [
    ["hostname", hostname],
    ["subdomain", subdomain],
  ] as const) {
    if (value !== undefined) for (const m of isDNS1123Label(value)) errs.push({ field: `${path}.${field}`, type: "Invalid value", value, detail: m });
  }
  const grace = optional<number>(spec?.terminationGracePeriodSeconds, "integer", `${path}.terminationGracePeriodSeconds`, errs);
  if (grace !== undefined && grace < 0) {
    errs.push({ field: `${path}.terminationGracePeriodSeconds`, type: "Invalid value", value: grace, detail: "must be greater than or equal to 0" });
  } else if (grace !== undefined && grace >= 2 ** 63) {
    // An int64: the API server cannot decode a larger number.
    errs.push({
      field: `${path}.terminationGracePeriodSeconds`,
      type: "Invalid value",
      value: grace,
      detail: "must be less than or equal to 9223372036854775807 (an int64)",
    });
  }
  return {
    containers,
    ...(initContainers.length ? { initContainers } : {}),
    nodeName: optional<string>(spec?.nodeName, "string", `${path}.nodeName`, errs),
    restartPolicy: restartPolicy as PodSpecN["restartPolicy"],
    terminationGracePeriodSeconds: grace ?? 30,
    dnsPolicy: dnsPolicy as PodSpecN["dnsPolicy"],
    dnsConfig,
    hostNetwork,
    hostname,
    subdomain,
    ...(optional<boolean>(spec?.enableServiceLinks, "boolean", `${path}.enableServiceLinks`, errs) === false ? { enableServiceLinks: false } : {}),
    nodeSelector: spec?.nodeSelector && Object.keys(spec.nodeSelector).length ? stringMap(spec.nodeSelector) : undefined,
    tolerations: tolerations.length ? tolerations : undefined,
  };
}

/** An IPv4 address in dotted form, or anything IPv6-looking (podtalk's network is IPv4, the API's field is not). */
function isIPAddress(v: string): boolean {
  if (v.includes(":")) return /^[0-9a-fA-F:.]+$/.test(v);
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(v) && v.split(".").every((o) => Number(o) <= 255);
}
