/**
 * Service spec checks: type, ClusterIP, ports, selector, session affinity, traffic policy.
 */
import type { Service } from "kubernetes-types/core/v1";
import type { FieldError } from "../errors.js";
import type { ServiceN, ServicePortN, ServiceType } from "../objects.js";
import { isDNS1123Subdomain, isValidPortName, isValidPortNum, messages, validateLabels } from "./names.js";
import { stringMap } from "./metadata.js";
import { validateProtocol } from "./pod-spec.js";

/** Checks a Service spec and returns it defaulted. */
export function validateServiceSpec(rawSpec: unknown, errs: FieldError[]): ServiceN["spec"] {
  const spec = (rawSpec ?? {}) as NonNullable<Service["spec"]>;
  const type = spec.type ?? "ClusterIP";
  if (type !== "ClusterIP" && type !== "NodePort" && type !== "ExternalName") {
    errs.push({
      field: "spec.type",
      type: "Unsupported value",
      value: type,
      detail:
        type === "LoadBalancer"
          ? `podtalk simulates no cloud load balancer; use type NodePort, which a LoadBalancer Service builds on`
          : `supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`,
    });
  }
  const clusterIP = spec.clusterIP;
  if (clusterIP !== undefined && clusterIP !== "" && clusterIP !== "None" && !/^\d{1,3}(\.\d{1,3}){3}$/.test(clusterIP)) {
    errs.push({ field: "spec.clusterIP", type: "Invalid value", value: clusterIP, detail: "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)" });
  }
  if (clusterIP === "None" && type === "NodePort") {
    errs.push({ field: "spec.clusterIP", type: "Invalid value", value: "None", detail: "may not be set to 'None' for NodePort services" });
  }
  let externalName: string | undefined;
  if (type === "ExternalName") {
    externalName = spec.externalName;
    if (!externalName) errs.push({ field: "spec.externalName", type: "Required value", detail: "" });
    else
      for (const m of isDNS1123Subdomain(externalName.replace(/\.$/, "")))
        errs.push({ field: "spec.externalName", type: "Invalid value", value: externalName, detail: m });
  }
  const ports: ServicePortN[] = [];
  const raw = Array.isArray(spec.ports) ? spec.ports : [];
  if (raw.length === 0 && type !== "ExternalName" && clusterIP !== "None") errs.push({ field: "spec.ports", type: "Required value", detail: "" });
  const names = new Set<string>();
  raw.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    if (raw.length > 1 && (p?.name === undefined || p.name === "")) {
      errs.push({ field: `${path}.name`, type: "Required value", detail: "" });
    } else if (p?.name !== undefined && p.name !== "") {
      for (const m of isValidPortName(p.name)) errs.push({ field: `${path}.name`, type: "Invalid value", value: p.name, detail: m });
      if (names.has(p.name)) errs.push({ field: `${path}.name`, type: "Duplicate value", value: p.name, detail: "" });
      names.add(p.name);
    }
    if (!isValidPortNum(p?.port)) {
      errs.push({ field: `${path}.port`, type: "Invalid value", value: p?.port ?? 0, detail: messages.portRange });
    }
    const protocol = validateProtocol(p?.protocol, `${path}.protocol`, errs);
    let targetPort: number | string = p?.targetPort ?? p?.port ?? 0;
    if (typeof targetPort === "number") {
      if (!isValidPortNum(targetPort)) {
        errs.push({ field: `${path}.targetPort`, type: "Invalid value", value: targetPort, detail: messages.portRange });
      }
    } else if (/^\d+$/.test(targetPort)) {
      targetPort = Number(targetPort);
    } else {
      for (const m of isValidPortName(targetPort)) errs.push({ field: `${path}.targetPort`, type: "Invalid value", value: targetPort, detail: m });
    }
    const nodePort = p?.nodePort || undefined;
    if (nodePort !== undefined && type !== "NodePort") {
      errs.push({ field: `${path}.nodePort`, type: "Forbidden", detail: "may not be used when `type` is 'ClusterIP'" });
    }
    ports.push({ name: p?.name || undefined, protocol, port: p?.port ?? 0, targetPort, nodePort });
  });
  validateLabels(spec.selector, "spec.selector", errs);
  const selector = spec.selector ? stringMap(spec.selector) : undefined;
  const affinity = spec.sessionAffinity ?? "None";
  if (affinity !== "None" && affinity !== "ClientIP") {
    errs.push({ field: "spec.sessionAffinity", type: "Unsupported value", value: affinity, detail: `supported values: "ClientIP", "None"` });
  }
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800;
  if (!Number.isInteger(timeout) || timeout <= 0 || timeout > 86400) {
    errs.push({
      field: "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
      type: "Invalid value",
      value: timeout,
      detail: "must be greater than 0 and less than 86400",
    });
  }
  const itp = spec.internalTrafficPolicy ?? "Cluster";
  if (itp !== "Cluster" && itp !== "Local") {
    errs.push({ field: "spec.internalTrafficPolicy", type: "Unsupported value", value: itp, detail: `supported values: "Cluster", "Local"` });
  }
  return {
    type: type as ServiceType,
    clusterIP: clusterIP || undefined,
    selector: selector && Object.keys(selector).length > 0 ? selector : undefined,
    ports,
    sessionAffinity: affinity as "None" | "ClientIP",
    sessionAffinityTimeout: timeout,
    externalName,
    publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
    internalTrafficPolicy: itp as "Cluster" | "Local",
  };
}
