/**
 * Pod spec checks: containers, ports, probes, restart and DNS policies, node selection.
 */
import type { Container, PodSpec, Probe } from "kubernetes-types/core/v1";
import type { FieldError } from "../errors.js";
import type { ContainerN, ContainerPortN, DNSConfigN, PodSpecN, ProbeN, Protocol } from "../objects.js";
import { isDNS1123Label, isValidPortName, isValidPortNum, messages, validateLabels } from "./names.js";
import { stringMap } from "./metadata.js";

function validateProbe(probe: Probe | undefined, path: string, errs: FieldError[]): ProbeN | undefined {
  if (!probe) return undefined;
  let handler: ProbeN["handler"] | undefined;
  if (probe.httpGet) handler = { type: "httpGet", port: probe.httpGet.port, path: probe.httpGet.path ?? "/" };
  else if (probe.tcpSocket) handler = { type: "tcpSocket", port: probe.tcpSocket.port };
  else if (probe.exec) handler = { type: "exec", command: probe.exec.command ?? [] };
  if (!handler) {
    errs.push({ field: path, type: "Required value", detail: "must specify a handler type" });
    return undefined;
  }
  const num = (v: number | undefined, d: number, field: string, min: number) => {
    const n = v ?? d;
    if (!Number.isInteger(n) || n < min)
      errs.push({ field: `${path}.${field}`, type: "Invalid value", value: n, detail: `must be greater than or equal to ${min}` });
    return n;
  };
  return {
    initialDelaySeconds: num(probe.initialDelaySeconds, 0, "initialDelaySeconds", 0),
    periodSeconds: num(probe.periodSeconds, 10, "periodSeconds", 1),
    failureThreshold: num(probe.failureThreshold, 3, "failureThreshold", 1),
    successThreshold: num(probe.successThreshold, 1, "successThreshold", 1),
    timeoutSeconds: num(probe.timeoutSeconds, 1, "timeoutSeconds", 1),
    handler,
  };
}

/** Checks a Pod spec at `path` and returns it defaulted. */
export function validatePodSpec(spec: PodSpec | undefined, path: string, errs: FieldError[], warnings: string[]): PodSpecN {
  const containers: ContainerN[] = [];
  const raw = spec?.containers;
  const hostNetwork = spec?.hostNetwork === true;
  if (!Array.isArray(raw) || raw.length === 0) {
    errs.push({ field: `${path}.containers`, type: "Required value", detail: "" });
  } else {
    const names = new Set<string>();
    const portNames = new Set<string>();
    const seenPorts: { key: string; path: string }[] = [];
    const hostPorts = new Set<string>();
    raw.forEach((c: Container, i) => {
      const cpath = `${path}.containers[${i}]`;
      if (typeof c?.name !== "string" || c.name === "") {
        errs.push({ field: `${cpath}.name`, type: "Required value", detail: "" });
      } else {
        for (const m of isDNS1123Label(c.name)) errs.push({ field: `${cpath}.name`, type: "Invalid value", value: c.name, detail: m });
        if (names.has(c.name)) errs.push({ field: `${cpath}.name`, type: "Duplicate value", value: c.name, detail: "" });
        names.add(c.name);
      }
      if (typeof c?.image !== "string" || c.image.trim() === "") {
        errs.push({ field: `${cpath}.image`, type: "Required value", detail: "" });
      }
      const ports: ContainerPortN[] = [];
      (Array.isArray(c?.ports) ? c.ports : []).forEach((p, j) => {
        const ppath = `${cpath}.ports[${j}]`;
        if (p?.containerPort === undefined || p.containerPort === 0) {
          errs.push({ field: `${ppath}.containerPort`, type: "Required value", detail: "" });
        } else if (!isValidPortNum(p.containerPort)) {
          errs.push({ field: `${ppath}.containerPort`, type: "Invalid value", value: p.containerPort, detail: messages.portRange });
        }
        const protocol = validateProtocol(p?.protocol, `${ppath}.protocol`, errs);
        if (p?.name !== undefined) {
          for (const m of isValidPortName(p.name)) errs.push({ field: `${ppath}.name`, type: "Invalid value", value: p.name, detail: m });
          if (portNames.has(p.name)) errs.push({ field: `${ppath}.name`, type: "Duplicate value", value: p.name, detail: "" });
          portNames.add(p.name);
        }
        // hostNetwork Pods: hostPort must equal containerPort and defaults to it.
        let hostPort = p?.hostPort || undefined;
        if (hostNetwork) {
          if (hostPort !== undefined && hostPort !== p.containerPort) {
            errs.push({ field: `${ppath}.hostPort`, type: "Invalid value", value: hostPort, detail: "must match `containerPort` when `hostNetwork` is true" });
          }
          hostPort = p?.containerPort;
        }
        if (hostPort !== undefined) {
          const key = `${protocol}//${hostPort}`;
          if (hostPorts.has(key)) errs.push({ field: `${ppath}.hostPort`, type: "Duplicate value", value: key, detail: "" });
          hostPorts.add(key);
        }
        // The API server only warns about two declarations of one port (pkg/api/pod/warnings.go).
        const key = `${protocol}/${p?.containerPort}`;
        const earlier = seenPorts.find((s) => s.key === key);
        if (earlier) warnings.push(`${ppath}: duplicate port definition with ${earlier.path}`);
        else seenPorts.push({ key, path: ppath });
        ports.push({ name: p?.name, containerPort: p?.containerPort ?? 0, protocol, hostPort });
      });
      const env = (Array.isArray(c?.env) ? c.env : []).filter((e) => typeof e?.name === "string").map((e) => ({ name: e.name, value: String(e.value ?? "") }));
      containers.push({
        name: c?.name ?? "",
        image: c?.image ?? "",
        command: Array.isArray(c?.command) ? c.command.map(String) : undefined,
        args: Array.isArray(c?.args) ? c.args.map(String) : undefined,
        env,
        ports,
        readinessProbe: validateProbe(c?.readinessProbe, `${cpath}.readinessProbe`, errs),
      });
    });
  }
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
  if (spec?.dnsConfig) {
    dnsConfig = {
      nameservers: spec.dnsConfig.nameservers ?? [],
      searches: spec.dnsConfig.searches ?? [],
      options: (spec.dnsConfig.options ?? []).map((o) => ({ name: o.name ?? "", value: o.value })),
    };
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
  for (const [field, value] of [
    ["hostname", spec?.hostname],
    ["subdomain", spec?.subdomain],
  ] as const) {
    if (value !== undefined) for (const m of isDNS1123Label(value)) errs.push({ field: `${path}.${field}`, type: "Invalid value", value, detail: m });
  }
  return {
    containers,
    nodeName: spec?.nodeName,
    restartPolicy: restartPolicy as PodSpecN["restartPolicy"],
    terminationGracePeriodSeconds: spec?.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: dnsPolicy as PodSpecN["dnsPolicy"],
    dnsConfig,
    hostNetwork,
    hostname: spec?.hostname,
    subdomain: spec?.subdomain,
    nodeSelector: spec?.nodeSelector && Object.keys(spec.nodeSelector).length ? stringMap(spec.nodeSelector) : undefined,
  };
}

/** A port protocol, `TCP` by default. */
export function validateProtocol(protocol: unknown, path: string, errs: FieldError[]): Protocol {
  if (protocol === undefined) return "TCP";
  if (protocol === "TCP" || protocol === "UDP" || protocol === "SCTP") return protocol;
  errs.push({ field: path, type: "Unsupported value", value: protocol, detail: `supported values: "SCTP", "TCP", "UDP"` });
  return "TCP";
}
