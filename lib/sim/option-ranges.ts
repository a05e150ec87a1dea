/**
 * Checks of a cluster's address ranges against each other and against the special IPv4 ranges,
 * so that a cluster podtalk builds is one kubeadm, kube-controller-manager and flannel could run.
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { type CIDR, formatCIDR, intToIp } from "./ip.js";

/** The three ranges a cluster's addresses come from, by option name. */
export interface ClusterRanges {
  readonly clusterCIDR: CIDR;
  readonly serviceCIDR: CIDR;
  readonly nodeNetwork: CIDR;
}

/**
 * IPv4 ranges no Pod, Service or node address may come from (RFC 6890). The API server refuses
 * such addresses as endpoints (ValidateNonSpecialIP in pkg/apis/core/validation/validation.go:
 * "may not be in the loopback range", "may not be in the link-local range", ...), so a Service
 * could never reach Pods numbered from them.
 */
const SPECIAL: readonly { readonly range: CIDR; readonly what: string }[] = [
  { range: cidr(0x00000000, 8), what: `"this network" (0.0.0.0/8), which includes the unspecified address 0.0.0.0` },
  { range: cidr(0x7f000000, 8), what: "the loopback range (127.0.0.0/8)" },
  { range: cidr(0xa9fe0000, 16), what: "the link-local range (169.254.0.0/16)" },
  { range: cidr(0xe0000000, 4), what: "the multicast range (224.0.0.0/4)" },
  { range: cidr(0xf0000000, 4), what: "the reserved range (240.0.0.0/4), which includes the broadcast address 255.255.255.255" },
];

/** kubeadm's MaximumBitsForServiceSubnet: a service range of at most 2^20 addresses. */
const MAX_SERVICE_BITS = 20;

/** The defaults, offered in the messages as ranges that work together. */
const DEFAULTS = `clusterCIDR "10.244.0.0/16", serviceCIDR "10.96.0.0/12" and nodeNetwork "172.18.0.0/16"`;

/**
 * Refuses ranges that overlap one another or a special range, a service range larger than kubeadm
 * allows, and one too small to hold the kube-dns Service's address.
 *
 * @throws PodtalkError (BadRequest) naming the option(s) and what to use instead
 */
export function checkClusterRanges(r: ClusterRanges, given: Readonly<Record<keyof ClusterRanges, string>>): void {
  const names = ["clusterCIDR", "serviceCIDR", "nodeNetwork"] as const;
  for (const name of names) {
    const special = SPECIAL.find((s) => overlaps(r[name], s.range));
    if (special) {
      throw new PodtalkError(
        ErrorCode.BadRequest,
        `Invalid ${name} "${given[name]}": it overlaps ${special.what}; addresses from there cannot be Pod, Service or node addresses. Use a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16), such as the defaults ${DEFAULTS}`,
      );
    }
  }
  // kubeadm does not compare the ranges. kube-controller-manager leaves a Service range that lies
  // inside the cluster CIDR out of the node ranges it hands out (NodeCIDRAllocator does the same);
  // any other overlap leaves an address that could be meant for a Pod, for kube-proxy's Service
  // rules or for a node, and the cluster cannot route it.
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const [a, b] = [names[i]!, names[j]!];
      const filtered = a === "clusterCIDR" && b === "serviceCIDR" && r.serviceCIDR.prefix > r.clusterCIDR.prefix;
      if (overlaps(r[a], r[b]) && !filtered) {
        throw new PodtalkError(
          ErrorCode.BadRequest,
          `Invalid ${a} "${given[a]}" and ${b} "${given[b]}": the ranges overlap, so an address in both could be a ${what(a)} or a ${what(b)}; choose ranges that do not overlap, such as the defaults ${DEFAULTS}`,
        );
      }
    }
  }
  // kubeadm's ValidateServiceSubnetSize (cmd/kubeadm/app/apis/kubeadm/validation/validation.go).
  if (32 - r.serviceCIDR.prefix > MAX_SERVICE_BITS) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `Invalid serviceCIDR "${given.serviceCIDR}": specified service subnet is too large; for 32-bit addresses, the mask must be >= ${32 - MAX_SERVICE_BITS}`,
    );
  }
  // kubeadm gives the kube-dns Service the range's 10th address (GetDNSIP in
  // cmd/kubeadm/app/phases/addons/dns/dns.go) and fails with "unable to get tenth IP address".
  if (r.serviceCIDR.size < 12) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `Invalid serviceCIDR "${given.serviceCIDR}": unable to get tenth IP address from service subnet CIDR ${formatCIDR(r.serviceCIDR)} (kubeadm gives it, ${intToIp(r.serviceCIDR.base + 10)}, to the kube-dns Service); use a /28 or larger, such as "10.96.0.0/12"`,
    );
  }
}

function cidr(base: number, prefix: number): CIDR {
  return { base, prefix, size: 2 ** (32 - prefix) };
}

function overlaps(a: CIDR, b: CIDR): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

function what(option: keyof ClusterRanges): string {
  return option === "clusterCIDR" ? "Pod's address" : option === "serviceCIDR" ? "Service's ClusterIP" : "node's address";
}
