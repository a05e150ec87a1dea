/**
 * The interface every kube-proxy mode implements. A mode builds its whole rule set as plain data
 * from Services and EndpointSlices (compute, then interpret), picks the endpoint of a new
 * connection, and prints its rules the way its own tool does (`iptables-save`, `ipvsadm -Ln`).
 *
 * A new mode is one module implementing {@link ProxyModeImpl}, passed to `registerProxyMode`.
 *
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-modes
 */
import type { Rng } from "../rng.js";
import type { EndpointState, NodeState } from "../state.js";
import type { ProxyState } from "./proxy-state.js";
import type { ProxyView } from "./proxy-view.js";
import type { NodePortSource, ServicePort } from "./service-ports.js";

/** How an endpoint was chosen: the built-in schedulers, affinity, or a registered mode's own word. */
export type ChoiceKind = "random" | "round-robin" | "affinity" | (string & {});

/** The endpoint a new connection goes to, and how it was chosen. */
export interface EndpointChoice {
  /** Its position in the Service port's ready endpoints. */
  readonly index: number;
  readonly endpoint: EndpointState;
  /** `ip:port`. */
  readonly address: string;
  readonly how: ChoiceKind;
}

/** What every mode's rules for one node say at least. */
export interface NodeProxyRules {
  readonly node: NodeState;
  /** The mode's registered name. */
  readonly mode: string;
}

/** Rules as rows for a reader, with the command they stand for as caption. */
export interface RulesTable {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, string>>[];
  readonly caption: string;
}

/** How a mode's rules translated one connection, as a trace hop shows it. */
export interface Translation {
  /** The device the translation happens on, when the mode has one (IPVS: `kube-ipvs0`). */
  readonly device: string | undefined;
  readonly summary: string;
  /** The rules that decided it, as the mode's tool prints them. */
  readonly rule: string;
}

/** Where a connection met the rules: its original destination, and whether it came in on a NodePort. */
export interface TranslationSite {
  /** The destination before translation, `ip:port`. */
  readonly dst: string;
  readonly nodePort: boolean;
  /** The node whose rules translate it (its local endpoints matter under a Local traffic policy). */
  readonly node?: NodeState;
  /** True when the client is outside the Pod network (a hostNetwork Pod), so the rules masquerade it. */
  readonly masquerade?: boolean;
  /** NodePort traffic: where it comes from (a Pod, the node itself, or another host). */
  readonly source?: NodePortSource;
  /** NodePort traffic the node's own process addressed to 127.0.0.1 (a localhost NodePort). */
  readonly localhost?: boolean;
}

/**
 * A mode's own wording and rules for the hops the datapath builds around its translation; each
 * one left out takes iptables mode's.
 */
export interface ProxyModeTexts {
  /** The summary of a refusal because the Service has no ready endpoint. */
  readonly noEndpoints?: (service: string) => string;
  /** The summary of a drop under a Local traffic policy without a local endpoint. */
  readonly noLocalEndpoints?: (service: string, node: string, policy: string) => string;
  /** The summary of a refusal by {@link ProxyModeImpl.vipFilterRule}. */
  readonly vipFiltered?: (dst: string) => string;
  /** What `ping` says when {@link ProxyModeImpl.vipFilterRule} rejects its echo requests. */
  readonly pingFiltered?: (ip: string, node: string) => string;
  /** The summary of masquerading a client outside the Pod network that dialled a ClusterIP. */
  readonly clusterIPMasquerade?: (node: string, snat: string) => string;
  /** The summary of masquerading NodePort traffic. */
  readonly nodePortMasquerade?: (node: string, snat: string) => string;
  /** The rule that masquerades marked traffic. */
  readonly masqueradeRule?: string;
  /**
   * A node's own process dialling a NodePort on 127.0.0.1 that the mode does not accept there
   * (nftables mode): the refusal's summary, reason and fix. Without it, a mode that does not
   * accept them either (IPVS) refuses the connection as any unused local port.
   */
  readonly localhostNodePort?: {
    readonly summary: (port: number) => string;
    readonly reason: (port: number) => string;
    readonly fix: (address: string) => string;
  };
  /** An address of the service range no Service holds: the rule that drops it, and the summary. */
  readonly unallocated?: { readonly rule: (serviceCIDR: string) => string; readonly summary: (dst: string) => string };
}

/**
 * One kube-proxy mode. `Rules` is the mode's own structured rule set for a node.
 *
 * @example
 * registerProxyMode({ name: "first", tool: "first-rules", clusterIPDevice: undefined, build: …, … });
 * new Cluster({ proxyMode: "first" });
 */
export interface ProxyModeImpl<Rules extends NodeProxyRules = NodeProxyRules> {
  /** The name `new Cluster({ proxyMode })` takes. */
  readonly name: string;
  /** The command that prints the rules on a node (`iptables-save`, `ipvsadm -Ln`). */
  readonly tool: string;
  /**
   * The node interface every ClusterIP is bound to (IPVS's `kube-ipvs0`), so that the node itself
   * answers ping to a ClusterIP; undefined when no interface owns ClusterIPs (iptables).
   */
  readonly clusterIPDevice: string | undefined;
  /**
   * The rule that refuses a new connection to a ClusterIP on a port no Service defines, if the
   * mode has one (IPVS's KUBE-IPVS-FILTER); without it such packets go unanswered.
   */
  readonly vipFilterRule?: string;
  /**
   * True when NodePorts also answer on 127.0.0.1 for the node's own processes (iptables mode,
   * whose `--iptables-localhost-nodeports` defaults to true); the IPVS and nftables modes do not.
   */
  readonly localhostNodePorts?: boolean;
  /** True when the mode silently drops ClusterIP traffic under `internalTrafficPolicy: Local` with no local endpoint (iptables); else it refuses it. */
  readonly dropsWithoutLocalEndpoints?: boolean;
  /**
   * Under `externalTrafficPolicy: Local`: whether NodePort traffic from `source` only goes to the
   * node's own endpoints, and whether it is masqueraded (default: iptables mode's rules).
   */
  externalLocalScope?(source: NodePortSource): { readonly local: boolean; readonly masquerade: boolean };
  /**
   * The line kube-proxy logs when it creates this mode's proxier (klog's `file.go:line` and the
   * message), if the mode's start-up log is modelled; the kube-proxy Pod's log is empty otherwise.
   */
  readonly startupLog?: { readonly source: string; readonly message: string };
  /** Texts and rules of the hops around the translation, where they differ from iptables mode's. */
  readonly texts?: ProxyModeTexts;
  /** The rule that lets packets reach kube-proxy's health-check server on a Service's healthCheckNodePort, if the mode writes one. */
  healthCheckRule?(view: ProxyView, port: ServicePort, node: NodeState): string | undefined;
  /** Everything the mode programs on `node`, as data. */
  build(view: ProxyView, node: NodeState): Rules;
  /** The rules as the mode's tool prints them. */
  render(rules: Rules): string;
  /** The rules as table rows, built from the data (never by parsing the text). */
  table(rules: Rules): RulesTable;
  /**
   * The endpoint for a new connection to a Service port with at least one ready endpoint.
   * ClientIP affinity is applied before this, the same way for every mode.
   */
  choose(view: ProxyView, port: ServicePort, state: ProxyState, rng: Rng, node?: NodeState): EndpointChoice;
  /**
   * The rule that answers a Service port without ready endpoints (without local ones when
   * `port.localTo` is set), if the mode shows one.
   */
  rejectRule(view: ProxyView, port: ServicePort, site?: TranslationSite): string | undefined;
  /** The hop text for a connection the mode translated to `choice`. */
  translation(view: ProxyView, port: ServicePort, choice: EndpointChoice, site: TranslationSite): Translation;
}
