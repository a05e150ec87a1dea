/**
 * Pod spec checks: containers, ports, probes, restart and DNS policies, node selection.
 */
import type { Container, ContainerPort, EnvVar, PodDNSConfigOption, PodSpec, Probe } from "kubernetes-types/core/v1";
import type { FieldError } from "../errors.js";
import { wrongFieldType } from "../messages.js";
import type { ContainerN, ContainerPortN, DNSConfigN, PodSpecN, ProbeN, Protocol } from "../objects.js";
import { isDNS1123Label, isValidPortName, isValidPortNum, messages, validateLabels } from "./names.js";
import { stringMap } from "./metadata.js";
import { MAX_INT32, hasType, optional, optionalStrings, printable } from "./field-types.js";
import { validateTolerations } from "./tolerations.js";

function validateProbe(raw: unknown, path: string, errs: FieldError[]): ProbeN | undefined {
  const probe = optional<Probe>(raw, "object", path, errs);
  if (!probe) return undefined;
  let handler: ProbeN["handler"] | undefined;
  const httpGet = optional<NonNullable<Probe["httpGet"]>>(probe.httpGet, "object", `${path}.httpGet`, errs);
  const tcpSocket = optional<NonNullable<Probe["tcpSocket"]>>(probe.tcpSocket, "object", `${path}.tcpSocket`, errs);
  const exec = optional<NonNullable<Probe["exec"]>>(probe.exec, "object", `${path}.exec`, errs);
  if (httpGet) {
    const port = probePort(httpGet.port, `${path}.httpGet.port`, errs);
    handler = { type: "httpGet", port, path: optional<string>(httpGet.path, "string", `${path}.httpGet.path`, errs) ?? "/" };
  } else if (tcpSocket) handler = { type: "tcpSocket", port: probePort(tcpSocket.port, `${path}.tcpSocket.port`, errs) };
  else if (exec) handler = { type: "exec", command: optionalStrings(exec.command, `${path}.exec.command`, errs) ?? [] };
  if (!handler) {
    if (probe.httpGet === undefined && probe.tcpSocket === undefined && probe.exec === undefined)
      errs.push({ field: path, type: "Required value", detail: "must specify a handler type" });
    return undefined;
  }
  const num = (v: number | undefined, d: number, field: string, min: number) => {
    const n = v ?? d;
    if (!hasType(n, "integer")) errs.push({ field: `${path}.${field}`, type: "Invalid value", value: printable(n), detail: wrongFieldType("integer") });
    else if (n < min) errs.push({ field: `${path}.${field}`, type: "Invalid value", value: n, detail: `must be greater than or equal to ${min}` });
    else if (n > MAX_INT32)
      errs.push({ field: `${path}.${field}`, type: "Invalid value", value: n, detail: `must be less than or equal to ${MAX_INT32} (an int32)` });
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

/** A probe's port: a port number, or the name of a container port (required). */
function probePort(v: unknown, field: string, errs: FieldError[]): number | string {
  if (v === undefined || v === null || v === "") {
    errs.push({ field, type: "Required value", detail: "" });
    return 0;
  }
  if (!hasType(v, "intOrString")) {
    errs.push({ field, type: "Invalid value", value: printable(v), detail: wrongFieldType("intOrString") });
    return 0;
  }
  if (typeof v === "number" && !isValidPortNum(v)) errs.push({ field, type: "Invalid value", value: v, detail: messages.portRange });
  if (typeof v === "string") for (const m of isValidPortName(v)) errs.push({ field, type: "Invalid value", value: v, detail: m });
  return v as number | string;
}

/** Checks a Pod spec at `path` and returns it defaulted. */
export function validatePodSpec(rawSpec: unknown, path: string, errs: FieldError[], warnings: string[]): PodSpecN {
  const spec = optional<PodSpec>(rawSpec, "object", path, errs);
  const containers: ContainerN[] = [];
  const raw = optional<unknown[]>(spec?.containers, "list", `${path}.containers`, errs);
  const hostNetwork = optional<boolean>(spec?.hostNetwork, "boolean", `${path}.hostNetwork`, errs) === true;
  if (!raw || raw.length === 0) {
    errs.push({ field: `${path}.containers`, type: "Required value", detail: "" });
  } else {
    const names = new Set<string>();
    const portNames = new Set<string>();
    const seenPorts: { key: string; path: string }[] = [];
    const hostPorts = new Set<string>();
    raw.forEach((rawContainer, i) => {
      const cpath = `${path}.containers[${i}]`;
      const c = optional<Container>(rawContainer, "object", cpath, errs);
      if (c?.name !== undefined && c.name !== null && typeof c.name !== "string") {
        errs.push({ field: `${cpath}.name`, type: "Invalid value", value: printable(c.name), detail: wrongFieldType("string") });
      } else if (typeof c?.name !== "string" || c.name === "") {
        errs.push({ field: `${cpath}.name`, type: "Required value", detail: "" });
      } else {
        for (const m of isDNS1123Label(c.name)) errs.push({ field: `${cpath}.name`, type: "Invalid value", value: c.name, detail: m });
        if (names.has(c.name)) errs.push({ field: `${cpath}.name`, type: "Duplicate value", value: c.name, detail: "" });
        names.add(c.name);
      }
      if (c?.image !== undefined && c.image !== null && typeof c.image !== "string") {
        errs.push({ field: `${cpath}.image`, type: "Invalid value", value: printable(c.image), detail: wrongFieldType("string") });
      } else if (typeof c?.image !== "string" || c.image.trim() === "") {
        errs.push({ field: `${cpath}.image`, type: "Required value", detail: "" });
      }
      const ports: ContainerPortN[] = [];
      (optional<unknown[]>(c?.ports, "list", `${cpath}.ports`, errs) ?? []).forEach((rawPort, j) => {
        const ppath = `${cpath}.ports[${j}]`;
        const p = optional<ContainerPort>(rawPort, "object", ppath, errs);
        if (p?.containerPort === undefined || p.containerPort === null || p.containerPort === 0) {
          errs.push({ field: `${ppath}.containerPort`, type: "Required value", detail: "" });
        } else if (!hasType(p.containerPort, "integer")) {
          errs.push({ field: `${ppath}.containerPort`, type: "Invalid value", value: printable(p.containerPort), detail: wrongFieldType("integer") });
        } else if (!isValidPortNum(p.containerPort)) {
          errs.push({ field: `${ppath}.containerPort`, type: "Invalid value", value: p.containerPort, detail: messages.portRange });
        }
        const protocol = validateProtocol(p?.protocol, `${ppath}.protocol`, errs);
        const portName = optional<string>(p?.name, "string", `${ppath}.name`, errs);
        if (portName !== undefined) {
          for (const m of isValidPortName(portName)) errs.push({ field: `${ppath}.name`, type: "Invalid value", value: portName, detail: m });
          if (portNames.has(portName)) errs.push({ field: `${ppath}.name`, type: "Duplicate value", value: portName, detail: "" });
          portNames.add(portName);
        }
        const containerPort = hasType(p?.containerPort, "integer") ? p!.containerPort : undefined;
        // hostNetwork Pods: hostPort must equal containerPort and defaults to it.
        let hostPort = optional<number>(p?.hostPort, "integer", `${ppath}.hostPort`, errs) || undefined;
        if (hostPort !== undefined && !isValidPortNum(hostPort)) {
          errs.push({ field: `${ppath}.hostPort`, type: "Invalid value", value: hostPort, detail: messages.portRange });
        }
        if (hostNetwork && p) {
          if (hostPort !== undefined && hostPort !== containerPort) {
            errs.push({ field: `${ppath}.hostPort`, type: "Invalid value", value: hostPort, detail: "must match `containerPort` when `hostNetwork` is true" });
          }
          hostPort = containerPort;
        }
        if (hostPort !== undefined) {
          const key = `${protocol}//${hostPort}`;
          if (hostPorts.has(key)) errs.push({ field: `${ppath}.hostPort`, type: "Duplicate value", value: key, detail: "" });
          hostPorts.add(key);
        }
        // The API server only warns about two declarations of one port (pkg/api/pod/warnings.go).
        const key = `${protocol}/${containerPort}`;
        const earlier = seenPorts.find((s) => s.key === key);
        if (earlier) warnings.push(`${ppath}: duplicate port definition with ${earlier.path}`);
        else seenPorts.push({ key, path: ppath });
        ports.push({ name: portName, containerPort: containerPort ?? 0, protocol, hostPort });
      });
      const env: { name: string; value: string }[] = [];
      (optional<unknown[]>(c?.env, "list", `${cpath}.env`, errs) ?? []).forEach((rawVar, k) => {
        const epath = `${cpath}.env[${k}]`;
        const e = optional<EnvVar>(rawVar, "object", epath, errs);
        if (!e) return;
        const name = optional<string>(e.name, "string", `${epath}.name`, errs);
        if (name === undefined || name === "") {
          if (e.name === undefined || e.name === null || e.name === "") errs.push({ field: `${epath}.name`, type: "Required value", detail: "" });
          return;
        }
        // Kubernetes v1.35 checks names as apimachinery's IsRelaxedEnvVarName (the
        // RelaxedEnvironmentVariableValidation feature, on by default): printable ASCII but '='.
        if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(name)) {
          errs.push({
            field: `${epath}.name`,
            type: "Invalid value",
            value: name,
            detail: "a valid environment variable name must consist only of printable ASCII characters other than '='",
          });
        }
        env.push({ name, value: optional<string>(e.value, "string", `${epath}.value`, errs) ?? "" });
      });
      const terminationMessagePolicy = c?.terminationMessagePolicy ?? "File";
      if (terminationMessagePolicy !== "File" && terminationMessagePolicy !== "FallbackToLogsOnError") {
        // pkg/apis/core/validation: validateContainerCommon's terminationMessagePolicy check.
        errs.push({
          field: `${cpath}.terminationMessagePolicy`,
          type: "Unsupported value",
          value: printable(terminationMessagePolicy),
          detail: `supported values: "FallbackToLogsOnError", "File"`,
        });
      }
      containers.push({
        name: typeof c?.name === "string" ? c.name : "",
        image: typeof c?.image === "string" ? c.image : "",
        command: optionalStrings(c?.command, `${cpath}.command`, errs),
        args: optionalStrings(c?.args, `${cpath}.args`, errs),
        env,
        ports,
        readinessProbe: validateProbe(c?.readinessProbe, `${cpath}.readinessProbe`, errs),
        terminationMessagePolicy: terminationMessagePolicy === "FallbackToLogsOnError" ? "FallbackToLogsOnError" : undefined,
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

/** A port protocol, `TCP` by default. */
export function validateProtocol(protocol: unknown, path: string, errs: FieldError[]): Protocol {
  if (protocol === undefined) return "TCP";
  if (protocol === "TCP" || protocol === "UDP" || protocol === "SCTP") return protocol;
  errs.push({ field: path, type: "Unsupported value", value: protocol, detail: `supported values: "SCTP", "TCP", "UDP"` });
  return "TCP";
}

/** An IPv4 address in dotted form, or anything IPv6-looking (podtalk's network is IPv4, the API's field is not). */
function isIPAddress(v: string): boolean {
  if (v.includes(":")) return /^[0-9a-fA-F:.]+$/.test(v);
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(v) && v.split(".").every((o) => Number(o) <= 255);
}
