/**
 * Manifests in, validated and defaulted objects out: what the API server does before it stores
 * an object. Validation collects every problem and reports it as kubectl prints a 422.
 */
import type { Deployment, ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import type { Container, Namespace, Pod, PodSpec, PodTemplateSpec, Probe, Service } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import { parseAllDocuments } from "yaml";
import { ErrorCode, PodtalkError, invalidObjectError, type FieldError } from "./errors.js";
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isLabelKey,
  isValidPortName,
  isValidPortNum,
  messages,
  validateLabels,
} from "./validation.js";

/** A manifest podtalk accepts, typed like the Kubernetes API (kubernetes-types). */
export type KubeObject = Pod | Deployment | ReplicaSet | StatefulSet | Service | Namespace;

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

/** One set-based requirement of a workload selector. */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  readonly values: readonly string[];
}

/** A workload's label selector: `matchLabels` and `matchExpressions`, all ANDed. */
export interface LabelSelectorN {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly SelectorRequirement[];
}

/** A container port after defaulting. */
export interface ContainerPortN {
  readonly name: string | undefined;
  readonly containerPort: number;
  readonly protocol: Protocol;
  readonly hostPort: number | undefined;
}

/** A probe after defaulting (the API server's defaults: period 10 s, thresholds 3 and 1). */
export interface ProbeN {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly failureThreshold: number;
  readonly successThreshold: number;
  readonly timeoutSeconds: number;
  readonly handler:
    | { readonly type: "httpGet"; readonly port: number | string; readonly path: string }
    | { readonly type: "tcpSocket"; readonly port: number | string }
    | { readonly type: "exec"; readonly command: readonly string[] };
}

/** A container after defaulting. */
export interface ContainerN {
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[] | undefined;
  readonly args: readonly string[] | undefined;
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly ports: readonly ContainerPortN[];
  readonly readinessProbe: ProbeN | undefined;
}

/** A Pod's DNS settings (`spec.dnsConfig`). */
export interface DNSConfigN {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly { readonly name: string; readonly value: string | undefined }[];
}

/** A Pod spec after defaulting. */
export interface PodSpecN {
  readonly containers: readonly ContainerN[];
  readonly nodeName: string | undefined;
  readonly restartPolicy: "Always" | "OnFailure" | "Never";
  readonly terminationGracePeriodSeconds: number;
  readonly dnsPolicy: "ClusterFirst" | "Default" | "None" | "ClusterFirstWithHostNet";
  readonly dnsConfig: DNSConfigN | undefined;
  readonly hostNetwork: boolean;
  readonly hostname: string | undefined;
  readonly subdomain: string | undefined;
  /** Node labels the Pod must land on (`spec.nodeSelector`); unset when there are none. */
  readonly nodeSelector: Labels | undefined;
}

/** A Pod template: labels and spec. */
export interface PodTemplateN {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly spec: PodSpecN;
}

/** A validated Namespace. */
export interface NamespaceN {
  readonly kind: "Namespace";
  readonly metadata: ObjectMetaN;
  readonly source: Readonly<Record<string, unknown>>;
}

/** A validated Pod. */
export interface PodN {
  readonly kind: "Pod";
  readonly metadata: ObjectMetaN;
  readonly spec: PodSpecN;
  readonly source: Readonly<Record<string, unknown>>;
}

/** A rolling-update budget: a count or a percentage of the replicas. */
export type IntOrPercent = number | `${number}%`;

/** A validated Deployment. */
export interface DeploymentN {
  readonly kind: "Deployment";
  readonly metadata: ObjectMetaN;
  readonly spec: {
    readonly replicas: number;
    readonly selector: LabelSelectorN;
    readonly template: PodTemplateN;
    readonly maxSurge: IntOrPercent;
    readonly maxUnavailable: IntOrPercent;
  };
  readonly source: Readonly<Record<string, unknown>>;
}

/** A validated ReplicaSet. */
export interface ReplicaSetN {
  readonly kind: "ReplicaSet";
  readonly metadata: ObjectMetaN;
  readonly spec: { readonly replicas: number; readonly selector: LabelSelectorN; readonly template: PodTemplateN };
  readonly source: Readonly<Record<string, unknown>>;
}

/** A validated StatefulSet. */
export interface StatefulSetN {
  readonly kind: "StatefulSet";
  readonly metadata: ObjectMetaN;
  readonly spec: {
    readonly replicas: number;
    readonly selector: LabelSelectorN;
    readonly serviceName: string | undefined;
    readonly podManagementPolicy: "OrderedReady" | "Parallel";
    readonly template: PodTemplateN;
  };
  readonly source: Readonly<Record<string, unknown>>;
}

/** A validated Service port. */
export interface ServicePortN {
  readonly name: string | undefined;
  readonly protocol: Protocol;
  readonly port: number;
  /** A number, or the name of a container port looked up per Pod. */
  readonly targetPort: number | string;
  /** A requested nodePort (NodePort Services). */
  readonly nodePort: number | undefined;
}

/** Service types podtalk simulates. */
export type ServiceType = "ClusterIP" | "NodePort" | "ExternalName";

/** A validated Service. */
export interface ServiceN {
  readonly kind: "Service";
  readonly metadata: ObjectMetaN;
  readonly spec: {
    readonly type: ServiceType;
    /** A requested ClusterIP, `"None"` for a headless Service, or undefined. */
    readonly clusterIP: string | undefined;
    /** `undefined` for a Service without a selector. */
    readonly selector: Labels | undefined;
    readonly ports: readonly ServicePortN[];
    readonly sessionAffinity: "None" | "ClientIP";
    /** `sessionAffinityConfig.clientIP.timeoutSeconds` (default 10800). */
    readonly sessionAffinityTimeout: number;
    readonly externalName: string | undefined;
    readonly publishNotReadyAddresses: boolean;
    readonly internalTrafficPolicy: "Cluster" | "Local";
  };
  readonly source: Readonly<Record<string, unknown>>;
}

/** Any validated object. */
export type ObjectN = NamespaceN | PodN | DeploymentN | ReplicaSetN | StatefulSetN | ServiceN;

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
  ReplicaSet: "apps/v1",
  StatefulSet: "apps/v1",
};

/** kubectl's resource name of a kind, as in `deployment.apps/web created`. */
export function resourceOf(kind: ObjectN["kind"]): string {
  return { Namespace: "namespace", Pod: "pod", Service: "service", Deployment: "deployment.apps", ReplicaSet: "replicaset.apps", StatefulSet: "statefulset.apps" }[kind];
}

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
    const hint = KINDS[kind] ? `use apiVersion: ${KINDS[kind]}` : `podtalk simulates ${Object.keys(KINDS).sort().join(", ")}`;
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
  const source = obj;
  let object: ObjectN;
  switch (kind) {
    case "Namespace":
      object = { kind, metadata: { ...metadata, namespace: "" }, source };
      break;
    case "Pod":
      object = { kind, metadata, spec: validatePodSpec(obj["spec"] as PodSpec | undefined, "spec", errs, warnings), source };
      break;
    case "Deployment": {
      const spec = (obj["spec"] ?? {}) as NonNullable<Deployment["spec"]>;
      const { replicas, selector, template } = validateWorkload(spec, "deployment", errs, warnings);
      const ru = spec.strategy?.rollingUpdate;
      object = {
        kind,
        metadata,
        spec: {
          replicas,
          selector,
          template,
          maxSurge: intOrPercent(ru?.maxSurge, "25%", "spec.strategy.rollingUpdate.maxSurge", errs),
          maxUnavailable: intOrPercent(ru?.maxUnavailable, "25%", "spec.strategy.rollingUpdate.maxUnavailable", errs),
        },
        source,
      };
      break;
    }
    case "ReplicaSet":
      object = { kind, metadata, spec: validateWorkload((obj["spec"] ?? {}) as NonNullable<ReplicaSet["spec"]>, "replicaset", errs, warnings), source };
      break;
    case "StatefulSet": {
      const spec = (obj["spec"] ?? {}) as NonNullable<StatefulSet["spec"]>;
      const base = validateWorkload(spec, "statefulset", errs, warnings);
      const policy = spec.podManagementPolicy ?? "OrderedReady";
      if (policy !== "OrderedReady" && policy !== "Parallel") {
        errs.push({ field: "spec.podManagementPolicy", type: "Unsupported value", value: policy, detail: `supported values: "OrderedReady", "Parallel"` });
      }
      if (spec.serviceName !== undefined && spec.serviceName !== "") {
        for (const m of isDNS1123Label(spec.serviceName)) errs.push({ field: "spec.serviceName", type: "Invalid value", value: spec.serviceName, detail: m });
      }
      object = {
        kind,
        metadata,
        spec: { ...base, serviceName: spec.serviceName || undefined, podManagementPolicy: policy as "OrderedReady" | "Parallel" },
        source,
      };
      break;
    }
    case "Service":
      object = { kind, metadata, spec: validateServiceSpec(obj["spec"], errs), source };
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
    // Services and Namespaces become DNS labels; StatefulSet Pods become `<name>-N` hostnames.
    const check = kind === "Service" ? isDNS1035Label : kind === "Namespace" || kind === "StatefulSet" ? isDNS1123Label : isDNS1123Subdomain;
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

function intOrPercent(v: number | string | undefined, dflt: IntOrPercent, field: string, errs: FieldError[]): IntOrPercent {
  if (v === undefined) return dflt;
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === "string" && /^\d+%$/.test(v)) return v as IntOrPercent;
  errs.push({ field, type: "Invalid value", value: v, detail: "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')" });
  return dflt;
}

function validateWorkload(
  spec: { replicas?: number; selector?: LabelSelector; template?: PodTemplateSpec },
  kindLower: string,
  errs: FieldError[],
  warnings: string[],
): { replicas: number; selector: LabelSelectorN; template: PodTemplateN } {
  const replicas = spec.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 0) {
    errs.push({ field: "spec.replicas", type: "Invalid value", value: replicas, detail: "must be greater than or equal to 0" });
  }
  const selector = validateSelector(spec.selector, kindLower, errs);
  const tmeta = (spec.template?.metadata ?? {}) as Record<string, unknown>;
  validateLabels(tmeta["labels"], "spec.template.metadata.labels", errs);
  const labels = stringMap(tmeta["labels"]);
  if (spec.selector && !selectorIsEmpty(selector) && !matchesSelector(selector, labels)) {
    errs.push({
      field: "spec.template.metadata.labels",
      type: "Invalid value",
      value: { goLiteral: goMap(labels) },
      detail: "`selector` does not match template `labels`",
    });
  }
  const podSpec = validatePodSpec(spec.template?.spec, "spec.template.spec", errs, warnings);
  if (podSpec.restartPolicy !== "Always") {
    errs.push({ field: "spec.template.spec.restartPolicy", type: "Unsupported value", value: podSpec.restartPolicy, detail: `supported values: "Always"` });
  }
  return { replicas, selector, template: { labels, annotations: stringMap(tmeta["annotations"]), spec: podSpec } };
}

function validateSelector(selector: LabelSelector | undefined, kindLower: string, errs: FieldError[]): LabelSelectorN {
  if (!selector) {
    errs.push({ field: "spec.selector", type: "Required value", detail: "" });
    return { matchLabels: {}, matchExpressions: [] };
  }
  validateLabels(selector.matchLabels, "spec.selector.matchLabels", errs);
  const expressions: SelectorRequirement[] = [];
  (selector.matchExpressions ?? []).forEach((e, i) => {
    const path = `spec.selector.matchExpressions[${i}]`;
    for (const m of isLabelKey(e?.key ?? "")) errs.push({ field: `${path}.key`, type: "Invalid value", value: e?.key ?? "", detail: m });
    const op = e?.operator;
    if (op !== "In" && op !== "NotIn" && op !== "Exists" && op !== "DoesNotExist") {
      errs.push({ field: `${path}.operator`, type: "Invalid value", value: op ?? "", detail: "not a valid selector operator" });
      return;
    }
    const values = e.values ?? [];
    if ((op === "In" || op === "NotIn") && values.length === 0) {
      errs.push({ field: `${path}.values`, type: "Required value", detail: "must be specified when `operator` is 'In' or 'NotIn'" });
    }
    if ((op === "Exists" || op === "DoesNotExist") && values.length > 0) {
      errs.push({ field: `${path}.values`, type: "Forbidden", detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'" });
    }
    expressions.push({ key: e.key, operator: op, values: [...values].sort() });
  });
  const result = { matchLabels: stringMap(selector.matchLabels), matchExpressions: expressions };
  if (selectorIsEmpty(result)) {
    errs.push({
      field: "spec.selector",
      type: "Invalid value",
      value: { goLiteral: "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}" },
      detail: `empty selector is invalid for ${kindLower}`,
    });
  }
  return result;
}

function selectorIsEmpty(s: LabelSelectorN): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;
}

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
    if (!Number.isInteger(n) || n < min) errs.push({ field: `${path}.${field}`, type: "Invalid value", value: n, detail: `must be greater than or equal to ${min}` });
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

function validatePodSpec(spec: PodSpec | undefined, path: string, errs: FieldError[], warnings: string[]): PodSpecN {
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
      const env = (Array.isArray(c?.env) ? c.env : [])
        .filter((e) => typeof e?.name === "string")
        .map((e) => ({ name: e.name, value: String(e.value ?? "") }));
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
      errs.push({ field: `${path}.dnsConfig.nameservers`, type: "Invalid value", value: dnsConfig.nameservers, detail: "must not have more than 3 nameservers" });
    }
  }
  if (dnsPolicy === "None" && (dnsConfig?.nameservers.length ?? 0) === 0) {
    errs.push({ field: `${path}.dnsConfig.nameservers`, type: "Required value", detail: "must provide at least one DNS nameserver when `dnsPolicy` is None" });
  }
  validateLabels(spec?.nodeSelector, `${path}.nodeSelector`, errs);
  for (const [field, value] of [["hostname", spec?.hostname], ["subdomain", spec?.subdomain]] as const) {
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

function validateServiceSpec(rawSpec: unknown, errs: FieldError[]): ServiceN["spec"] {
  const spec = (rawSpec ?? {}) as NonNullable<Service["spec"]>;
  const type = spec.type ?? "ClusterIP";
  if (type !== "ClusterIP" && type !== "NodePort" && type !== "ExternalName") {
    errs.push({
      field: "spec.type",
      type: "Unsupported value",
      value: type,
      detail: type === "LoadBalancer" ? `podtalk simulates no cloud load balancer; use type NodePort, which a LoadBalancer Service builds on` : `supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`,
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
    else for (const m of isDNS1123Subdomain(externalName.replace(/\.$/, ""))) errs.push({ field: "spec.externalName", type: "Invalid value", value: externalName, detail: m });
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
    errs.push({ field: "spec.sessionAffinityConfig.clientIP.timeoutSeconds", type: "Invalid value", value: timeout, detail: "must be greater than 0 and less than 86400" });
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

/** True when every key of an equality selector is on `labels` with the same value (Services). */
export function selects(selector: Labels, labels: Labels): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

/** True when `labels` satisfy a workload selector: matchLabels and every matchExpression. */
export function matchesSelector(selector: LabelSelectorN, labels: Labels): boolean {
  if (!selects(selector.matchLabels, labels)) return false;
  for (const e of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case "In":
        if (!has || !e.values.includes(value!)) return false;
        break;
      case "NotIn":
        if (has && e.values.includes(value!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
    }
  }
  return true;
}

/** A selector as kubectl prints it: `app=web,tier in (a,b),!legacy`. */
export function formatSelector(selector: LabelSelectorN): string {
  // kubectl converts the selector into requirements and prints them sorted by key.
  const parts: [string, string][] = Object.keys(selector.matchLabels).map((k) => [k, `${k}=${selector.matchLabels[k]}`]);
  for (const e of selector.matchExpressions) {
    if (e.operator === "In") parts.push([e.key, `${e.key} in (${e.values.join(",")})`]);
    else if (e.operator === "NotIn") parts.push([e.key, `${e.key} notin (${e.values.join(",")})`]);
    else if (e.operator === "Exists") parts.push([e.key, e.key]);
    else parts.push([e.key, `!${e.key}`]);
  }
  parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return parts.length ? parts.map(([, t]) => t).join(",") : "<none>";
}
