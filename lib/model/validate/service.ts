/**
 * Service spec checks: type, ClusterIP, ports, selector, session affinity, traffic policy.
 */
import type { Service, ServicePort } from "kubernetes-types/core/v1";
import type { FieldError } from "../errors.js";
import type { ServiceN, ServicePortN, ServiceType, TrafficDistribution } from "../objects.js";
import { isDNS1123Subdomain, isValidPortName, isValidPortNum, messages, validateLabels } from "./names.js";
import { stringMap } from "./metadata.js";
import { validateProtocol } from "./pod-spec.js";
import { hasType, optional, printable } from "./field-types.js";
import { wrongFieldType } from "../messages.js";

/**
 * `spec.trafficDistribution`'s values as v1.35's validateServiceTrafficDistribution lists them in
 * its message (pkg/apis/core/validation/validation.go, PreferSameTrafficDistribution GA).
 */
const TRAFFIC_DISTRIBUTIONS: readonly TrafficDistribution[] = ["PreferClose", "PreferSameZone", "PreferSameNode"];

/** Checks a Service spec and returns it defaulted; `warnings` gets what the API server warns about. */
export function validateServiceSpec(rawSpec: unknown, errs: FieldError[], warnings: string[] = []): ServiceN["spec"] {
  const spec = optional<NonNullable<Service["spec"]>>(rawSpec, "object", "spec", errs) ?? {};
  const type = spec.type ?? "ClusterIP";
  if (type !== "ClusterIP" && type !== "NodePort" && type !== "LoadBalancer" && type !== "ExternalName") {
    errs.push({
      field: "spec.type",
      type: "Unsupported value",
      value: type,
      detail: `supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`,
    });
  }
  // NodePort and LoadBalancer Services are reachable from outside the cluster.
  const external = type === "NodePort" || type === "LoadBalancer";
  const clusterIP = optional<string>(spec.clusterIP, "string", "spec.clusterIP", errs);
  if (clusterIP !== undefined && clusterIP !== "" && clusterIP !== "None" && !/^\d{1,3}(\.\d{1,3}){3}$/.test(clusterIP)) {
    errs.push({ field: "spec.clusterIP", type: "Invalid value", value: clusterIP, detail: "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)" });
  }
  if (clusterIP === "None" && external) {
    errs.push({ field: "spec.clusterIP", type: "Invalid value", value: "None", detail: `may not be set to 'None' for ${type} services` });
  }
  let externalName: string | undefined;
  if (type === "ExternalName") {
    externalName = optional<string>(spec.externalName, "string", "spec.externalName", errs);
    if (!externalName && !hasType(spec.externalName, "string") && spec.externalName !== undefined && spec.externalName !== null) {
      // Reported above as a type error.
    } else if (!externalName) errs.push({ field: "spec.externalName", type: "Required value", detail: "" });
    else
      for (const m of isDNS1123Subdomain(externalName.replace(/\.$/, "")))
        errs.push({ field: "spec.externalName", type: "Invalid value", value: externalName, detail: m });
  }
  const ports: ServicePortN[] = [];
  const raw = optional<unknown[]>(spec.ports, "list", "spec.ports", errs) ?? [];
  if (raw.length === 0 && type !== "ExternalName" && clusterIP !== "None") errs.push({ field: "spec.ports", type: "Required value", detail: "" });
  const names = new Set<string>();
  const nodePorts = new Set<string>();
  raw.forEach((rawPort, i) => {
    const path = `spec.ports[${i}]`;
    const p = optional<ServicePort>(rawPort, "object", path, errs);
    const name = optional<string>(p?.name, "string", `${path}.name`, errs);
    if (p?.name !== undefined && p.name !== null && name === undefined) {
      // Reported above as a type error.
    } else if (raw.length > 1 && (name === undefined || name === "")) {
      errs.push({ field: `${path}.name`, type: "Required value", detail: "" });
    } else if (name !== undefined && name !== "") {
      for (const m of isValidPortName(name)) errs.push({ field: `${path}.name`, type: "Invalid value", value: name, detail: m });
      if (names.has(name)) errs.push({ field: `${path}.name`, type: "Duplicate value", value: name, detail: "" });
      names.add(name);
    }
    if (p?.port !== undefined && p.port !== null && !hasType(p.port, "integer")) {
      errs.push({ field: `${path}.port`, type: "Invalid value", value: printable(p.port), detail: wrongFieldType("integer") });
    } else if (!isValidPortNum(p?.port)) {
      errs.push({ field: `${path}.port`, type: "Invalid value", value: p?.port ?? 0, detail: messages.portRange });
    }
    const protocol = validateProtocol(p?.protocol, `${path}.protocol`, errs);
    let targetPort: number | string = optional<number | string>(p?.targetPort, "intOrString", `${path}.targetPort`, errs) ?? p?.port ?? 0;
    if (!hasType(targetPort, "intOrString")) {
      targetPort = 0; // `port` of the wrong type, reported above.
    } else if (typeof targetPort === "number") {
      if (!isValidPortNum(targetPort)) {
        errs.push({ field: `${path}.targetPort`, type: "Invalid value", value: targetPort, detail: messages.portRange });
      }
    } else if (/^\d+$/.test(targetPort)) {
      targetPort = Number(targetPort);
      if (!isValidPortNum(targetPort)) {
        errs.push({ field: `${path}.targetPort`, type: "Invalid value", value: targetPort, detail: messages.portRange });
      }
    } else {
      for (const m of isValidPortName(targetPort)) errs.push({ field: `${path}.targetPort`, type: "Invalid value", value: targetPort, detail: m });
    }
    const nodePort = optional<number>(p?.nodePort, "integer", `${path}.nodePort`, errs) || undefined;
    if (nodePort !== undefined && !external) {
      errs.push({ field: `${path}.nodePort`, type: "Forbidden", detail: "may not be used when `type` is 'ClusterIP'" });
    }
    if (nodePort !== undefined) {
      // One nodePort per protocol, as the API server's ValidateService checks.
      if (nodePorts.has(`${protocol}/${nodePort}`)) errs.push({ field: `${path}.nodePort`, type: "Duplicate value", value: nodePort, detail: "" });
      nodePorts.add(`${protocol}/${nodePort}`);
    }
    ports.push({ name: name || undefined, protocol, port: hasType(p?.port, "integer") ? p!.port : 0, targetPort, nodePort });
  });
  validateLabels(spec.selector, "spec.selector", errs);
  const selector = spec.selector ? stringMap(spec.selector) : undefined;
  const affinity = spec.sessionAffinity ?? "None";
  if (affinity !== "None" && affinity !== "ClientIP") {
    errs.push({ field: "spec.sessionAffinity", type: "Unsupported value", value: affinity, detail: `supported values: "ClientIP", "None"` });
  }
  const affinityConfig = optional<NonNullable<Service["spec"]>["sessionAffinityConfig"]>(
    spec.sessionAffinityConfig,
    "object",
    "spec.sessionAffinityConfig",
    errs,
  );
  const clientIP = optional<{ timeoutSeconds?: number }>(affinityConfig?.clientIP, "object", "spec.sessionAffinityConfig.clientIP", errs);
  const timeout = clientIP?.timeoutSeconds ?? 10800;
  if (!Number.isInteger(timeout) || timeout <= 0 || timeout > 86400) {
    errs.push({
      field: "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
      type: "Invalid value",
      value: printable(timeout),
      detail: "must be greater than 0 and less than 86400",
    });
  }
  const itp = spec.internalTrafficPolicy ?? "Cluster";
  if (itp !== "Cluster" && itp !== "Local") {
    errs.push({ field: "spec.internalTrafficPolicy", type: "Unsupported value", value: itp, detail: `supported values: "Cluster", "Local"` });
  }
  // ValidateService: externalTrafficPolicy only for externally reachable Services, defaulted to Cluster there.
  const etpRaw = optional<string>(spec.externalTrafficPolicy, "string", "spec.externalTrafficPolicy", errs);
  if (etpRaw !== undefined && etpRaw !== "Cluster" && etpRaw !== "Local") {
    errs.push({ field: "spec.externalTrafficPolicy", type: "Unsupported value", value: etpRaw, detail: `supported values: "Cluster", "Local"` });
  } else if (etpRaw !== undefined && !external) {
    errs.push({ field: "spec.externalTrafficPolicy", type: "Invalid value", value: etpRaw, detail: "may only be set for externally-accessible services" });
  }
  const externalTrafficPolicy = external ? ((etpRaw as "Cluster" | "Local" | undefined) ?? "Cluster") : undefined;
  const allocate = optional<boolean>(spec.allocateLoadBalancerNodePorts, "boolean", "spec.allocateLoadBalancerNodePorts", errs);
  if (allocate !== undefined && type !== "LoadBalancer") {
    errs.push({ field: "spec.allocateLoadBalancerNodePorts", type: "Forbidden", detail: "may only be used when `type` is 'LoadBalancer'" });
  }
  const healthCheckNodePort = optional<number>(spec.healthCheckNodePort, "integer", "spec.healthCheckNodePort", errs) || undefined;
  if (healthCheckNodePort !== undefined && !(type === "LoadBalancer" && externalTrafficPolicy === "Local")) {
    errs.push({
      field: "spec.healthCheckNodePort",
      type: "Invalid value",
      value: healthCheckNodePort,
      detail: "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    });
  }
  const trafficDistribution = optional<string>(spec.trafficDistribution, "string", "spec.trafficDistribution", errs);
  if (trafficDistribution !== undefined && !(TRAFFIC_DISTRIBUTIONS as readonly string[]).includes(trafficDistribution)) {
    errs.push({
      field: "spec.trafficDistribution",
      type: "Unsupported value",
      value: trafficDistribution,
      detail: `supported values: ${TRAFFIC_DISTRIBUTIONS.map((v) => `"${v}"`).join(", ")}`,
    });
  }
  // pkg/api/service/warnings.go GetWarningsForService.
  if (trafficDistribution === "PreferClose") warnings.push(`spec.trafficDistribution: "PreferClose" is deprecated; use "PreferSameZone"`);
  return {
    type: type as ServiceType,
    externalTrafficPolicy,
    allocateLoadBalancerNodePorts: allocate ?? true,
    healthCheckNodePort,
    clusterIP: clusterIP || undefined,
    selector: selector && Object.keys(selector).length > 0 ? selector : undefined,
    ports,
    sessionAffinity: affinity as "None" | "ClientIP",
    sessionAffinityTimeout: timeout,
    externalName,
    publishNotReadyAddresses: optional<boolean>(spec.publishNotReadyAddresses, "boolean", "spec.publishNotReadyAddresses", errs) === true,
    internalTrafficPolicy: itp as "Cluster" | "Local",
    ...(trafficDistribution === undefined ? {} : { trafficDistribution: trafficDistribution as TrafficDistribution }),
  };
}
