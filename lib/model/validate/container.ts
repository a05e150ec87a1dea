/**
 * Container checks, shared by `spec.containers` and `spec.initContainers`: name, image, ports,
 * environment, probes, and the restartPolicy that makes an init container a sidecar (KEP-753).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
 *   (validateContainers, validateInitContainers, validateContainerCommon)
 */
import type { Container, ContainerPort, EnvVar, Probe } from "kubernetes-types/core/v1";
import type { FieldError } from "../errors.js";
import { wrongFieldType } from "../messages.js";
import type { ContainerN, ContainerPortN, ProbeN, Protocol } from "../objects.js";
import { MAX_INT32, hasType, optional, optionalStrings, printable } from "./field-types.js";
import { isDNS1123Label, isValidPortName, isValidPortNum, messages } from "./names.js";

/** What the containers of one Pod share while they are checked. */
export interface ContainerScope {
  /** Names taken so far: unique across init and app containers. */
  readonly names: Set<string>;
  /** Port names taken so far. */
  readonly portNames: Set<string>;
  /** `protocol/port` declared so far, for the API server's duplicate-port warning. */
  readonly seenPorts: { key: string; path: string }[];
  /** `protocol//hostPort` taken so far. */
  readonly hostPorts: Set<string>;
  readonly hostNetwork: boolean;
  /** True for `spec.initContainers`. */
  readonly init: boolean;
  /** Where warnings go (unset: none, as for init containers). */
  readonly warnings: string[] | undefined;
}

/**
 * A container's `restartPolicy`. On an init container only `Always` is accepted (it makes the
 * container a sidecar). On an app container it is left unmodelled: Kubernetes v1.35's
 * ContainerRestartRules (KEP-5307, beta, on by default) accepts it there, and podtalk keeps the
 * Pod's restartPolicy for app containers.
 */
function containerRestartPolicy(v: unknown, field: string, init: boolean, errs: FieldError[]): "Always" | undefined {
  if (v === undefined || v === null || !init) return undefined;
  if (v === "Always") return "Always";
  errs.push({ field, type: "Unsupported value", value: printable(v), detail: `supported values: "Always"` });
  return undefined;
}

export function validateProbe(raw: unknown, path: string, errs: FieldError[]): ProbeN | undefined {
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

/** Checks one container at `cpath` and returns it defaulted. */
export function validateContainer(rawContainer: unknown, cpath: string, scope: ContainerScope, errs: FieldError[]): ContainerN {
  const c = optional<Container>(rawContainer, "object", cpath, errs);
  if (c?.name !== undefined && c.name !== null && typeof c.name !== "string") {
    errs.push({ field: `${cpath}.name`, type: "Invalid value", value: printable(c.name), detail: wrongFieldType("string") });
  } else if (typeof c?.name !== "string" || c.name === "") {
    errs.push({ field: `${cpath}.name`, type: "Required value", detail: "" });
  } else {
    for (const m of isDNS1123Label(c.name)) errs.push({ field: `${cpath}.name`, type: "Invalid value", value: c.name, detail: m });
    if (scope.names.has(c.name)) errs.push({ field: `${cpath}.name`, type: "Duplicate value", value: c.name, detail: "" });
    scope.names.add(c.name);
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
      if (scope.portNames.has(portName)) errs.push({ field: `${ppath}.name`, type: "Duplicate value", value: portName, detail: "" });
      scope.portNames.add(portName);
    }
    const containerPort = hasType(p?.containerPort, "integer") ? p!.containerPort : undefined;
    // hostNetwork Pods: hostPort must equal containerPort and defaults to it.
    let hostPort = optional<number>(p?.hostPort, "integer", `${ppath}.hostPort`, errs) || undefined;
    if (hostPort !== undefined && !isValidPortNum(hostPort)) {
      errs.push({ field: `${ppath}.hostPort`, type: "Invalid value", value: hostPort, detail: messages.portRange });
    }
    if (scope.hostNetwork && p) {
      if (hostPort !== undefined && hostPort !== containerPort) {
        errs.push({ field: `${ppath}.hostPort`, type: "Invalid value", value: hostPort, detail: "must match `containerPort` when `hostNetwork` is true" });
      }
      hostPort = containerPort;
    }
    if (hostPort !== undefined) {
      const key = `${protocol}//${hostPort}`;
      if (scope.hostPorts.has(key)) errs.push({ field: `${ppath}.hostPort`, type: "Duplicate value", value: key, detail: "" });
      scope.hostPorts.add(key);
    }
    // The API server only warns about two declarations of one port (pkg/api/pod/warnings.go).
    const key = `${protocol}/${containerPort}`;
    const earlier = scope.seenPorts.find((s) => s.key === key);
    if (earlier) scope.warnings?.push(`${ppath}: duplicate port definition with ${earlier.path}`);
    else scope.seenPorts.push({ key, path: ppath });
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
  const restartPolicy = containerRestartPolicy(c?.restartPolicy, `${cpath}.restartPolicy`, scope.init, errs);
  const probe = (field: "readinessProbe" | "startupProbe" | "livenessProbe"): ProbeN | undefined => {
    const raw = c?.[field];
    if (raw === undefined || raw === null) return undefined;
    // validateInitContainers: an init container that is not a sidecar may have no probes.
    if (scope.init && restartPolicy === undefined) {
      errs.push({ field: `${cpath}.${field}`, type: "Forbidden", detail: "may not be set for init containers without restartPolicy=Always" });
      return undefined;
    }
    return validateProbe(raw, `${cpath}.${field}`, errs);
  };
  // validateInitContainers checks lifecycle, then the liveness, readiness and startup probes.
  if (scope.init && restartPolicy === undefined && c?.lifecycle !== undefined && c.lifecycle !== null) {
    errs.push({ field: `${cpath}.lifecycle`, type: "Forbidden", detail: "may not be set for init containers without restartPolicy=Always" });
  }
  // A liveness probe is checked like the others; podtalk's processes never hang, so it never fails.
  probe("livenessProbe");
  const readinessProbe = probe("readinessProbe");
  const startupProbe = probe("startupProbe");
  return {
    name: typeof c?.name === "string" ? c.name : "",
    image: typeof c?.image === "string" ? c.image : "",
    command: optionalStrings(c?.command, `${cpath}.command`, errs),
    args: optionalStrings(c?.args, `${cpath}.args`, errs),
    env,
    ports,
    readinessProbe,
    ...(startupProbe ? { startupProbe } : {}),
    ...(restartPolicy ? { restartPolicy } : {}),
    terminationMessagePolicy: terminationMessagePolicy === "FallbackToLogsOnError" ? "FallbackToLogsOnError" : undefined,
  };
}

/** A port protocol, `TCP` by default. */
export function validateProtocol(protocol: unknown, path: string, errs: FieldError[]): Protocol {
  if (protocol === undefined) return "TCP";
  if (protocol === "TCP" || protocol === "UDP" || protocol === "SCTP") return protocol;
  errs.push({ field: path, type: "Unsupported value", value: protocol, detail: `supported values: "SCTP", "TCP", "UDP"` });
  return "TCP";
}
