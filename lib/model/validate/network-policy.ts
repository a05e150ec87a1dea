/**
 * NetworkPolicy checks and defaults, as the API server's ValidateNetworkPolicySpec
 * (kubernetes/pkg/apis/networking/validation/validation.go) and SetDefaults_NetworkPolicy
 * (pkg/apis/networking/v1/defaults.go) do: the selectors, every rule's ports and peers, the
 * IP blocks and the policy types. Errors come in the API server's order.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { IPBlock, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from "kubernetes-types/networking/v1";
import type { FieldError } from "../errors.js";
import type {
  IPBlockN,
  LabelSelectorN,
  NetworkPolicyPeerN,
  NetworkPolicyPortN,
  NetworkPolicyRuleN,
  NetworkPolicySpecN,
  PolicyType,
  Protocol,
} from "../objects.js";
import { hasType, optional, optionalStrings, printable } from "./field-types.js";
import { isValidPortName, isValidPortNum, messages } from "./names.js";
import { validateLabelSelector } from "./workload.js";
import { checkCIDR, isStrictSubset } from "./cidr.js";

/** Checks a NetworkPolicy spec and returns it defaulted. */
export function validateNetworkPolicySpec(rawSpec: unknown, errs: FieldError[]): NetworkPolicySpecN {
  const spec = optional<NetworkPolicySpec>(rawSpec, "object", "spec", errs) ?? ({} as NetworkPolicySpec);
  // An absent podSelector decodes as the empty selector, which selects every Pod of the namespace.
  const podSelector = selector(spec.podSelector, "spec.podSelector", errs) ?? { matchLabels: {}, matchExpressions: [] };
  const ingress = rules(spec.ingress, "spec.ingress", "from", errs);
  const egress = rules(spec.egress, "spec.egress", "to", errs);
  return { podSelector, ingress, egress, policyTypes: policyTypes(spec.policyTypes, egress.length > 0, errs) };
}

function selector(raw: unknown, path: string, errs: FieldError[]): LabelSelectorN | undefined {
  const s = optional<LabelSelector>(raw, "object", path, errs);
  return s ? validateLabelSelector(s, path, errs).result : undefined;
}

function rules(raw: unknown, path: string, peersField: "from" | "to", errs: FieldError[]): NetworkPolicyRuleN[] {
  const list = optional<unknown[]>(raw, "list", path, errs) ?? [];
  return list.map((rawRule, i) => {
    const rulePath = `${path}[${i}]`;
    const rule = optional<Record<string, unknown>>(rawRule, "object", rulePath, errs) ?? {};
    const ports = (optional<unknown[]>(rule["ports"], "list", `${rulePath}.ports`, errs) ?? []).map((p, j) => port(p, `${rulePath}.ports[${j}]`, errs));
    const peers = (optional<unknown[]>(rule[peersField], "list", `${rulePath}.${peersField}`, errs) ?? []).map((p, j) =>
      peer(p, `${rulePath}.${peersField}[${j}]`, errs),
    );
    return { ports, peers };
  });
}

/** ValidateNetworkPolicyPort; the protocol defaults to TCP. */
function port(raw: unknown, path: string, errs: FieldError[]): NetworkPolicyPortN {
  const p = optional<NetworkPolicyPort>(raw, "object", path, errs) ?? {};
  let protocol: Protocol = "TCP";
  if (p.protocol !== undefined && p.protocol !== null) {
    if (p.protocol === "TCP" || p.protocol === "UDP" || p.protocol === "SCTP") protocol = p.protocol;
    // The API server lists the values in this order here (not sorted as for Pods).
    else errs.push({ field: `${path}.protocol`, type: "Unsupported value", value: printable(p.protocol), detail: `supported values: "TCP", "UDP", "SCTP"` });
  }
  let value = optional<number | string>(p.port, "intOrString", `${path}.port`, errs);
  const endPort = optional<number>(p.endPort, "integer", `${path}.endPort`, errs);
  // An int-or-string holding digits is still a string: a port name, which must contain a letter.
  if (typeof value === "number") {
    if (!isValidPortNum(value)) errs.push({ field: `${path}.port`, type: "Invalid value", value, detail: messages.portRange });
    if (endPort !== undefined) {
      if (endPort < value) errs.push({ field: `${path}.endPort`, type: "Invalid value", value: endPort, detail: "must be greater than or equal to `port`" });
      if (!isValidPortNum(endPort)) errs.push({ field: `${path}.endPort`, type: "Invalid value", value: endPort, detail: messages.portRange });
    }
  } else if (typeof value === "string") {
    if (endPort !== undefined)
      errs.push({ field: `${path}.endPort`, type: "Invalid value", value: endPort, detail: "may not be specified when `port` is non-numeric" });
    for (const m of isValidPortName(value)) errs.push({ field: `${path}.port`, type: "Invalid value", value, detail: m });
  } else if (endPort !== undefined) {
    errs.push({ field: `${path}.endPort`, type: "Invalid value", value: endPort, detail: "may not be specified when `port` is not specified" });
  }
  if (!hasType(value, "intOrString")) value = undefined;
  return { protocol, port: value, endPort };
}

/** ValidateNetworkPolicyPeer: at least one of the three; ipBlock alone. */
function peer(raw: unknown, path: string, errs: FieldError[]): NetworkPolicyPeerN {
  const p = optional<NetworkPolicyPeer>(raw, "object", path, errs) ?? {};
  const podSelector = selector(p.podSelector, `${path}.podSelector`, errs);
  const namespaceSelector = selector(p.namespaceSelector, `${path}.namespaceSelector`, errs);
  const ipBlock = p.ipBlock === undefined || p.ipBlock === null ? undefined : block(p.ipBlock, `${path}.ipBlock`, errs);
  const count = [p.podSelector, p.namespaceSelector, p.ipBlock].filter((v) => v !== undefined && v !== null).length;
  if (count === 0) errs.push({ field: path, type: "Required value", detail: "must specify a peer" });
  else if (count > 1 && ipBlock !== undefined) errs.push({ field: path, type: "Forbidden", detail: "may not specify both ipBlock and another peer" });
  return { podSelector, namespaceSelector, ipBlock };
}

/** ValidateIPBlock: a valid `cidr`, and every `except` a strict subset of it. */
function block(raw: unknown, path: string, errs: FieldError[]): IPBlockN {
  const b = optional<IPBlock>(raw, "object", path, errs) ?? ({} as IPBlock);
  const cidr = optional<string>(b.cidr, "string", `${path}.cidr`, errs) ?? "";
  const except = optionalStrings(b.except, `${path}.except`, errs) ?? [];
  if (cidr === "") {
    if (b.cidr === undefined || b.cidr === null || b.cidr === "") errs.push({ field: `${path}.cidr`, type: "Required value", detail: "" });
    return { cidr, except };
  }
  const outer = checkCIDR(cidr, `${path}.cidr`, errs);
  if (outer === undefined) return { cidr, except };
  except.forEach((e, i) => {
    const inner = checkCIDR(e, `${path}.except[${i}]`, errs);
    if (inner !== undefined && !isStrictSubset(inner, outer)) {
      errs.push({ field: `${path}.except[${i}]`, type: "Invalid value", value: e, detail: "must be a strict subset of `cidr`" });
    }
  });
  return { cidr, except };
}

/** Defaults `policyTypes` (Ingress, plus Egress with egress rules) or checks them. */
function policyTypes(raw: unknown, hasEgress: boolean, errs: FieldError[]): PolicyType[] {
  const list = optionalStrings(raw, "spec.policyTypes", errs);
  if (list === undefined || list.length === 0) return hasEgress ? ["Ingress", "Egress"] : ["Ingress"];
  if (list.length > 2) {
    const literal = `[]networking.PolicyType{${list.map((t) => JSON.stringify(t)).join(", ")}}`;
    errs.push({ field: "spec.policyTypes", type: "Invalid value", value: { goLiteral: literal }, detail: "may not specify more than two policyTypes" });
    return [];
  }
  list.forEach((t, i) => {
    if (t !== "Ingress" && t !== "Egress") {
      errs.push({ field: `spec.policyTypes[${i}]`, type: "Unsupported value", value: t, detail: `supported values: "Ingress", "Egress"` });
    }
  });
  return list.filter((t): t is PolicyType => t === "Ingress" || t === "Egress");
}
