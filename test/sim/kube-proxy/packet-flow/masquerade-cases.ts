/**
 * TestInternalExternalMasquerade (pkg/proxy/iptables/proxier_test.go): thirty flows from a Pod,
 * the node, localhost and an outside client to the ClusterIP, NodePort and load-balancer IP of
 * three Services (plain, `externalTrafficPolicy: Local`, `internalTrafficPolicy: Local`), run
 * under four kube-proxy configurations that override some verdicts.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier_test.go
 */
import { EXTERNAL_CLIENT, type FlowCase, NO_LOCALHOST_IN_NFTABLES, NODE_IP, SKIP } from "./scenarios.js";

interface Flow {
  readonly name: string;
  readonly sourceIP: string;
  readonly destIP: string;
  readonly destPort: number;
  readonly output: string;
  readonly masq: boolean;
}

const all = (i: number) => `10.180.0.${i}:80, 10.180.1.${i}:80`;
const LOCALHOST = "127.0.0.1";

/** The base flows (a working local-traffic detector, no --masquerade-all). */
const FLOWS: readonly Flow[] = [
  { name: "pod to ClusterIP", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: all(1), masq: false },
  { name: "pod to NodePort", sourceIP: "10.0.0.2", destIP: NODE_IP, destPort: 3001, output: all(1), masq: true },
  { name: "pod to LB", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: all(1), masq: true },
  { name: "node to ClusterIP", sourceIP: NODE_IP, destIP: "172.30.0.41", destPort: 80, output: all(1), masq: true },
  { name: "node to NodePort", sourceIP: NODE_IP, destIP: NODE_IP, destPort: 3001, output: all(1), masq: true },
  { name: "localhost to NodePort", sourceIP: LOCALHOST, destIP: LOCALHOST, destPort: 3001, output: all(1), masq: true },
  { name: "node to LB", sourceIP: NODE_IP, destIP: "1.2.3.4", destPort: 80, output: all(1), masq: true },
  { name: "external to ClusterIP", sourceIP: EXTERNAL_CLIENT, destIP: "172.30.0.41", destPort: 80, output: all(1), masq: true },
  { name: "external to NodePort", sourceIP: EXTERNAL_CLIENT, destIP: NODE_IP, destPort: 3001, output: all(1), masq: true },
  { name: "external to LB", sourceIP: EXTERNAL_CLIENT, destIP: "1.2.3.4", destPort: 80, output: all(1), masq: true },
  { name: "pod to ClusterIP with eTP:Local", sourceIP: "10.0.0.2", destIP: "172.30.0.42", destPort: 80, output: all(2), masq: false },
  // Pod traffic to an external destination is short-circuited to every endpoint, unmasqueraded.
  { name: "pod to NodePort with eTP:Local", sourceIP: "10.0.0.2", destIP: NODE_IP, destPort: 3002, output: all(2), masq: false },
  { name: "pod to LB with eTP:Local", sourceIP: "10.0.0.2", destIP: "5.6.7.8", destPort: 80, output: all(2), masq: false },
  { name: "node to ClusterIP with eTP:Local", sourceIP: NODE_IP, destIP: "172.30.0.42", destPort: 80, output: all(2), masq: true },
  // Upstream's flow goes to port 3001 (svc1's NodePort), so it expects svc1's endpoints.
  { name: "node to NodePort with eTP:Local", sourceIP: NODE_IP, destIP: NODE_IP, destPort: 3001, output: all(1), masq: true },
  { name: "localhost to NodePort with eTP:Local", sourceIP: LOCALHOST, destIP: LOCALHOST, destPort: 3002, output: all(2), masq: true },
  { name: "node to LB with eTP:Local", sourceIP: NODE_IP, destIP: "5.6.7.8", destPort: 80, output: all(2), masq: true },
  { name: "external to ClusterIP with eTP:Local", sourceIP: EXTERNAL_CLIENT, destIP: "172.30.0.42", destPort: 80, output: all(2), masq: true },
  { name: "external to NodePort with eTP:Local", sourceIP: EXTERNAL_CLIENT, destIP: NODE_IP, destPort: 3002, output: "10.180.0.2:80", masq: false },
  { name: "external to LB with eTP:Local", sourceIP: EXTERNAL_CLIENT, destIP: "5.6.7.8", destPort: 80, output: "10.180.0.2:80", masq: false },
  { name: "pod to ClusterIP with iTP:Local", sourceIP: "10.0.0.2", destIP: "172.30.0.43", destPort: 80, output: "10.180.0.3:80", masq: false },
  { name: "pod to NodePort with iTP:Local", sourceIP: "10.0.0.2", destIP: NODE_IP, destPort: 3003, output: all(3), masq: true },
  { name: "pod to LB with iTP:Local", sourceIP: "10.0.0.2", destIP: "9.10.11.12", destPort: 80, output: all(3), masq: true },
  { name: "node to ClusterIP with iTP:Local", sourceIP: NODE_IP, destIP: "172.30.0.43", destPort: 80, output: "10.180.0.3:80", masq: true },
  { name: "node to NodePort with iTP:Local", sourceIP: NODE_IP, destIP: NODE_IP, destPort: 3003, output: all(3), masq: true },
  { name: "localhost to NodePort with iTP:Local", sourceIP: LOCALHOST, destIP: LOCALHOST, destPort: 3003, output: all(3), masq: true },
  { name: "node to LB with iTP:Local", sourceIP: NODE_IP, destIP: "9.10.11.12", destPort: 80, output: all(3), masq: true },
  { name: "external to ClusterIP with iTP:Local", sourceIP: EXTERNAL_CLIENT, destIP: "172.30.0.43", destPort: 80, output: "10.180.0.3:80", masq: true },
  { name: "external to NodePort with iTP:Local", sourceIP: EXTERNAL_CLIENT, destIP: NODE_IP, destPort: 3003, output: all(3), masq: true },
  { name: "external to LB with iTP:Local", sourceIP: EXTERNAL_CLIENT, destIP: "9.10.11.12", destPort: 80, output: all(3), masq: true },
];

type Override = { readonly output?: string; readonly masq?: boolean };

const noDetector: Readonly<Record<string, Override>> = {
  "node to ClusterIP": { masq: false },
  "node to ClusterIP with eTP:Local": { masq: false },
  "node to ClusterIP with iTP:Local": { masq: false },
  "external to ClusterIP": { masq: false },
  "external to ClusterIP with eTP:Local": { masq: false },
  "external to ClusterIP with iTP:Local": { masq: false },
  "pod to NodePort with eTP:Local": { output: "10.180.0.2:80" },
  "pod to LB with eTP:Local": { output: "10.180.0.2:80" },
};
const masqueradeAll: Readonly<Record<string, Override>> = {
  "pod to ClusterIP": { masq: true },
  "pod to ClusterIP with eTP:Local": { masq: true },
  "pod to ClusterIP with iTP:Local": { masq: true },
};

const CONFIGS: readonly { readonly name: string; readonly overrides: Readonly<Record<string, Override>> }[] = [
  { name: "base", overrides: {} },
  { name: "no LocalTrafficDetector", overrides: noDetector },
  { name: "masqueradeAll", overrides: masqueradeAll },
  {
    name: "masqueradeAll, no LocalTrafficDetector",
    overrides: {
      ...masqueradeAll,
      "pod to NodePort with eTP:Local": noDetector["pod to NodePort with eTP:Local"]!,
      "pod to LB with eTP:Local": noDetector["pod to LB with eTP:Local"]!,
    },
  },
];

const LB_IPS = new Set(["1.2.3.4", "5.6.7.8", "9.10.11.12"]);

/** The 4 × 30 cases; only the base configuration is kubeadm's. */
export function internalExternalMasqueradeCases(): FlowCase[] {
  return CONFIGS.flatMap((config) =>
    FLOWS.map((flow): FlowCase => {
      const skip =
        config.name !== "base"
          ? SKIP.proxyFlags
          : LB_IPS.has(flow.destIP)
            ? SKIP.loadBalancerIP
            : flow.sourceIP === EXTERNAL_CLIENT && flow.destIP.startsWith("172.30.")
              ? SKIP.externalToClusterIP
              : undefined;
      return {
        ...flow,
        ...config.overrides[flow.name],
        upstream: `TestInternalExternalMasquerade / ${config.name}`,
        scenario: "internalExternalMasquerade",
        ...(flow.sourceIP === LOCALHOST ? { modes: NO_LOCALHOST_IN_NFTABLES } : {}),
        ...(skip ? { skip } : {}),
      };
    }),
  );
}
