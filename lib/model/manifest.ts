/**
 * Manifests in, validated and defaulted objects out: what the API server does before it stores
 * an object. Validation collects every problem and reports it as kubectl prints a 422.
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Container, Namespace, Pod, PodSpec, Service } from "kubernetes-types/core/v1";
import { parseAllDocuments } from "yaml";
import { ErrorCode, PodtalkError, invalidObjectError, type FieldError } from "./errors.js";
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  messages,
  validateLabels,
} from "./validation.js";

/** A manifest podtalk accepts, typed like the Kubernetes API (kubernetes-types). */
export type KubeObject = Pod | Deployment | Service | Namespace;

/** What `apply()` accepts: YAML text (one or many `---` documents), one object, or a list. */
export type ManifestInput = string | KubeObject | readonly KubeObject[];

/** Label map. */
export type Labels = Readonly<Record<string, string>>;

/** Protocols a port may use. */
export const Protocol = { TCP: "TCP", UDP: "UDP", SCTP: "SCTP" } as const;
export type Protocol = (typeof Protocol)[keyof typeof Protocol];

/** Metadata after defaulting. */
export interface ObjectMetaN {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** A container port after defaulting. */
export interface ContainerPortN {
  readonly name: string | undefined;
  readonly containerPort: number;
  readonly protocol: Protocol;
}

/** A container after defaulting. */
export interface ContainerN {
  readonly name: string;
  readonly image: string;
  readonly ports: readonly ContainerPortN[];
}

/** A Pod spec after defaulting. */
export interface PodSpecN {
  readonly containers: readonly ContainerN[];
  readonly nodeName: string | undefined;
  readonly restartPolicy: "Always" | "OnFailure" | "Never";
  readonly terminationGracePeriodSeconds: number;
  readonly dnsPolicy: "ClusterFirst" | "Default" | "None" | "ClusterFirstWithHostNet";
}

/** A validated Namespace. */
export interface NamespaceN {
  readonly kind: "Namespace";
  readonly metadata: ObjectMetaN;
}

/** A validated Pod. */
export interface PodN {
  readonly kind: "Pod";
  readonly metadata: ObjectMetaN;
  readonly spec: PodSpecN;
}

/** A validated Deployment. */
export interface DeploymentN {
  readonly kind: "Deployment";
  readonly metadata: ObjectMetaN;
  readonly spec: {
    readonly replicas: number;
    readonly selector: Labels;
    readonly template: { readonly metadata: { readonly labels: Labels }; readonly spec: PodSpecN };
  };
}

/** A validated Service port. */
export interface ServicePortN {
  readonly name: string | undefined;
  readonly protocol: Protocol;
  readonly port: number;
  /** A number, or the name of a container port looked up per Pod. */
  readonly targetPort: number | string;
}

/** A validated Service. */
export interface ServiceN {
  readonly kind: "Service";
  readonly metadata: ObjectMetaN;
  readonly spec: {
    readonly type: "ClusterIP";
    /** A requested ClusterIP, if the manifest asked for one. */
    readonly clusterIP: string | undefined;
    /** `undefined` for a Service without a selector. */
    readonly selector: Labels | undefined;
    readonly ports: readonly ServicePortN[];
    readonly sessionAffinity: "None" | "ClientIP";
  };
}

/** Any validated object. */
export type ObjectN = NamespaceN | PodN | DeploymentN | ServiceN;

/** A validated object plus the warnings the API server would print with it. */
export interface Validated {
  readonly object: ObjectN;
  readonly warnings: readonly string[];
}

const KINDS: Readonly<Record<string, string>> = {
  Namespace: "v1",
  Pod: "v1",
  Service: "v1",
  Deployment: "apps/v1",
};

/**
 * Splits manifest input into plain objects. YAML errors throw like kubectl's decoder does and
 * name the document and line.
 */
export function parseManifests(input: ManifestInput): unknown[] {
  if (typeof input !== "string") return Array.isArray(input) ? [...(input as readonly unknown[])] : [input];
  const docs = parseAllDocuments(input);
  if (!Array.isArray(docs)) return [];
  const out: unknown[] = [];
  docs.forEach((doc, i) => {
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0].line;
      throw new PodtalkError(
        ErrorCode.BadRequest,
        `error parsing manifest: error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ""}` +
          `${err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")} (document ${i + 1}); check the indentation and the ': ' after each key`,
      );
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  });
  return out;
}

/**
 * Validates and defaults one manifest object as the API server would.
 *
 * @throws PodtalkError `Invalid` with every field problem, or `BadRequest` for an unknown kind
 */
export function validateObject(raw: unknown, documentIndex = 0): Validated {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `error: document ${documentIndex + 1} is not an object: a manifest is a mapping with apiVersion, kind, metadata and spec`,
    );
  }
  const obj = raw as Record<string, unknown>;
  const kind = obj["kind"];
  const apiVersion = obj["apiVersion"];
  if (typeof kind !== "string" || kind === "") {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `error: Object 'Kind' is missing in document ${documentIndex + 1}: add a kind such as Pod, Deployment or Service`,
    );
  }
  if (typeof apiVersion !== "string" || apiVersion === "") {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `error: Object 'apiVersion' is missing in document ${documentIndex + 1} (kind ${kind}): add apiVersion: ${KINDS[kind] ?? "v1"}`,
    );
  }
  if (KINDS[kind] !== apiVersion) {
    const hint = KINDS[kind]
      ? `use apiVersion: ${KINDS[kind]}`
      : `podtalk simulates ${Object.keys(KINDS).sort().join(", ")}`;
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `error: resource mapping not found for kind "${kind}" in version "${apiVersion}": no matches for kind "${kind}" in version "${apiVersion}"; ${hint}`,
    );
  }
  const errs: FieldError[] = [];
  const warnings: string[] = [];
  const meta = obj["metadata"] as Record<string, unknown> | undefined;
  const name = typeof meta?.["name"] === "string" ? (meta["name"] as string) : "";
  const metadata = validateMeta(kind, meta, errs);
  let object: ObjectN;
  switch (kind) {
    case "Namespace":
      object = { kind, metadata: { ...metadata, namespace: "" } };
      break;
    case "Pod": {
      const spec = validatePodSpec(obj["spec"] as PodSpec | undefined, "spec", errs, warnings);
      object = { kind, metadata, spec };
      break;
    }
    case "Deployment":
      object = { kind, metadata, spec: validateDeploymentSpec(obj["spec"], errs, warnings) };
      break;
    case "Service":
      object = { kind, metadata, spec: validateServiceSpec(obj["spec"], errs) };
      break;
    default:
      throw new Error(`unreachable kind ${kind}`);
  }
  if (errs.length > 0) throw invalidObjectError(kind, name, errs);
  return { object, warnings };
}

function validateMeta(kind: string, meta: Record<string, unknown> | undefined, errs: FieldError[]): ObjectMetaN {
  const name = meta?.["name"];
  if (typeof name !== "string" || name === "") {
    errs.push({ field: "metadata.name", type: "Required value", detail: "name or generateName is required" });
  } else {
    const check = kind === "Service" ? isDNS1035Label : kind === "Namespace" ? isDNS1123Label : isDNS1123Subdomain;
    for (const m of check(name)) errs.push({ field: "metadata.name", type: "Invalid value", value: name, detail: m });
  }
  const namespace = meta?.["namespace"];
  if (namespace !== undefined && (typeof namespace !== "string" || isDNS1123Label(namespace).length > 0)) {
    for (const m of typeof namespace === "string" ? isDNS1123Label(namespace) : ["must be a string"]) {
      errs.push({ field: "metadata.namespace", type: "Invalid value", value: namespace, detail: m });
    }
  }
  validateLabels(meta?.["labels"], "metadata.labels", errs);
  return {
    name: typeof name === "string" ? name : "",
    namespace: typeof namespace === "string" && namespace !== "" ? namespace : "default",
    labels: stringMap(meta?.["labels"]),
    annotations: stringMap(meta?.["annotations"]),
  };
}

function stringMap(v: unknown): Labels {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const k of Object.keys(v).sort()) {
    const val = (v as Record<string, unknown>)[k];
    if (typeof val === "string") out[k] = val;
  }
  return out;
}

function validatePodSpec(spec: PodSpec | undefined, path: string, errs: FieldError[], warnings: string[]): PodSpecN {
  const containers: ContainerN[] = [];
  const raw = spec?.containers;
  if (!Array.isArray(raw) || raw.length === 0) {
    errs.push({ field: `${path}.containers`, type: "Required value", detail: "" });
  } else {
    const names = new Set<string>();
    const portNames = new Set<string>();
    const seenPorts: { key: string; path: string }[] = [];
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
        // The API server only warns about two containers declaring one port (pkg/api/pod/warnings.go).
        const key = `${protocol}/${p?.containerPort}`;
        const earlier = seenPorts.find((s) => s.key === key);
        if (earlier) warnings.push(`${ppath}: duplicate port definition with ${earlier.path}`);
        else seenPorts.push({ key, path: ppath });
        ports.push({ name: p?.name, containerPort: p?.containerPort ?? 0, protocol });
      });
      containers.push({ name: c?.name ?? "", image: c?.image ?? "", ports });
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
  return {
    containers,
    nodeName: spec?.nodeName,
    restartPolicy: restartPolicy as PodSpecN["restartPolicy"],
    terminationGracePeriodSeconds: spec?.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: dnsPolicy as PodSpecN["dnsPolicy"],
  };
}

function validateProtocol(protocol: unknown, path: string, errs: FieldError[]): Protocol {
  if (protocol === undefined) return "TCP";
  if (protocol === "TCP" || protocol === "UDP" || protocol === "SCTP") return protocol;
  errs.push({ field: path, type: "Unsupported value", value: protocol, detail: `supported values: "SCTP", "TCP", "UDP"` });
  return "TCP";
}

/** Go's `%#v` of a map[string]string, as the API server prints selector mismatches. */
function goMap(m: Labels): string {
  return `map[string]string{${Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`)
    .join(", ")}}`;
}

function validateDeploymentSpec(rawSpec: unknown, errs: FieldError[], warnings: string[]): DeploymentN["spec"] {
  const spec = (rawSpec ?? {}) as NonNullable<Deployment["spec"]>;
  const replicas = spec.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 0) {
    errs.push({ field: "spec.replicas", type: "Invalid value", value: replicas, detail: "must be greater than or equal to 0" });
  }
  const selector = spec.selector;
  let matchLabels: Labels = {};
  if (!selector) {
    errs.push({ field: "spec.selector", type: "Required value", detail: "" });
  } else {
    if (selector.matchExpressions?.length) {
      errs.push({
        field: "spec.selector.matchExpressions",
        type: "Forbidden",
        detail: "podtalk does not simulate matchExpressions yet; use matchLabels",
      });
    }
    validateLabels(selector.matchLabels, "spec.selector.matchLabels", errs);
    matchLabels = stringMap(selector.matchLabels);
    if (Object.keys(matchLabels).length === 0 && !selector.matchExpressions?.length) {
      errs.push({ field: "spec.selector", type: "Invalid value", value: { goLiteral: "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}" }, detail: "empty selector is invalid for deployment" });
    }
  }
  const tmeta = (spec.template?.metadata ?? {}) as Record<string, unknown>;
  validateLabels(tmeta["labels"], "spec.template.metadata.labels", errs);
  const templateLabels = stringMap(tmeta["labels"]);
  if (selector && Object.keys(matchLabels).length > 0 && !selects(matchLabels, templateLabels)) {
    errs.push({
      field: "spec.template.metadata.labels",
      type: "Invalid value",
      value: { goLiteral: goMap(templateLabels) },
      detail: "`selector` does not match template `labels`",
    });
  }
  const podSpec = validatePodSpec(spec.template?.spec, "spec.template.spec", errs, warnings);
  return { replicas, selector: matchLabels, template: { metadata: { labels: templateLabels }, spec: podSpec } };
}

function validateServiceSpec(rawSpec: unknown, errs: FieldError[]): ServiceN["spec"] {
  const spec = (rawSpec ?? {}) as NonNullable<Service["spec"]>;
  const type = spec.type ?? "ClusterIP";
  if (type !== "ClusterIP") {
    errs.push({
      field: "spec.type",
      type: "Unsupported value",
      value: type,
      detail: `podtalk simulates type "ClusterIP" Services so far; NodePort, LoadBalancer and ExternalName are planned`,
    });
  }
  const clusterIP = spec.clusterIP;
  if (clusterIP !== undefined && clusterIP !== "" && !/^\d{1,3}(\.\d{1,3}){3}$/.test(clusterIP)) {
    errs.push({
      field: "spec.clusterIP",
      type: "Invalid value",
      value: clusterIP,
      detail: clusterIP === "None" ? "podtalk does not simulate headless Services yet" : "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
    });
  }
  const ports: ServicePortN[] = [];
  const raw = Array.isArray(spec.ports) ? spec.ports : [];
  if (raw.length === 0) errs.push({ field: "spec.ports", type: "Required value", detail: "" });
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
      for (const m of isValidPortName(targetPort)) {
        errs.push({ field: `${path}.targetPort`, type: "Invalid value", value: targetPort, detail: m });
      }
    }
    ports.push({ name: p?.name || undefined, protocol, port: p?.port ?? 0, targetPort });
  });
  validateLabels(spec.selector, "spec.selector", errs);
  const selector = spec.selector ? stringMap(spec.selector) : undefined;
  const affinity = spec.sessionAffinity ?? "None";
  if (affinity !== "None" && affinity !== "ClientIP") {
    errs.push({ field: "spec.sessionAffinity", type: "Unsupported value", value: affinity, detail: `supported values: "ClientIP", "None"` });
  }
  return {
    type: "ClusterIP",
    clusterIP: clusterIP || undefined,
    selector: selector && Object.keys(selector).length > 0 ? selector : undefined,
    ports,
    sessionAffinity: affinity as "None" | "ClientIP",
  };
}

/** True when every key of an equality selector is on `labels` with the same value. */
export function selects(selector: Labels, labels: Labels): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}
