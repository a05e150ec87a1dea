/**
 * Address allocators that behave like the real ones: the node IPAM controller's CIDR set, the
 * host-local CNI plugin, and the API server's ClusterIP allocator.
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { formatCIDR, intToIp, type CIDR } from "./ip.js";
import type { Journal } from "./journal.js";
import type { Rng } from "./rng.js";

/**
 * Carves per-node podCIDRs out of the cluster CIDR: the next free block after a cursor that
 * wraps around, so a freed block is not reused until the cursor comes back to it.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/ipam/cidrset/cidr_set.go
 */
export class NodeCIDRAllocator {
  readonly #cluster: CIDR;
  readonly #maskSize: number;
  readonly #count: number;
  readonly #used = new Set<number>();
  #next = 0;

  constructor(cluster: CIDR, nodeMaskSize: number) {
    if (!Number.isInteger(nodeMaskSize) || nodeMaskSize < cluster.prefix || nodeMaskSize > 30) {
      throw new PodtalkError(
        ErrorCode.BadRequest,
        `Invalid nodeCIDRMaskSize ${nodeMaskSize}: it must lie between the cluster CIDR's prefix (/${cluster.prefix}) and 30`,
      );
    }
    this.#cluster = cluster;
    this.#maskSize = nodeMaskSize;
    this.#count = 2 ** (nodeMaskSize - cluster.prefix);
  }

  /** How many node ranges the cluster CIDR holds. */
  get capacity(): number {
    return this.#count;
  }

  /** Allocates the next free block. */
  allocateNext(journal: Journal): CIDR {
    for (let i = 0; i < this.#count; i++) {
      const index = (this.#next + i) % this.#count;
      if (this.#used.has(index)) continue;
      const prevNext = this.#next;
      this.#used.add(index);
      this.#next = (index + 1) % this.#count;
      journal.record(() => {
        this.#used.delete(index);
        this.#next = prevNext;
      });
      const size = 2 ** (32 - this.#maskSize);
      return { base: (this.#cluster.base + index * size) >>> 0, prefix: this.#maskSize, size };
    }
    throw new PodtalkError(
      ErrorCode.RangeFull,
      `Cannot allocate a podCIDR: cluster CIDR ${formatCIDR(this.#cluster)} is full (${this.#count} of ${this.#count} /${this.#maskSize} ranges in use); use a larger clusterCIDR or a larger nodeCIDRMaskSize`,
    );
  }
}

/**
 * The host-local IPAM plugin on one node: gateway `.1` (owned by the cni0 bridge), addresses from
 * network+2 to broadcast-1, handed out round-robin after the last one reserved.
 *
 * @see https://github.com/containernetworking/plugins/blob/main/plugins/ipam/host-local/backend/allocator/allocator.go
 */
export class HostLocalAllocator {
  readonly subnet: CIDR;
  readonly #node: string;
  readonly #used = new Set<number>();
  #lastReserved: number | undefined;
  /** Takes back one `allocate()`: frees `ip` and restores the last reserved address. */
  readonly #unreserve = (ip: number, last: number | undefined): void => {
    this.#used.delete(ip);
    this.#lastReserved = last;
  };

  constructor(subnet: CIDR, node: string) {
    this.subnet = subnet;
    this.#node = node;
  }

  /** The gateway address, assigned to the node's cni0 bridge. */
  get gateway(): number {
    return this.subnet.base + 1;
  }

  /** How many Pod addresses the range holds. */
  get capacity(): number {
    return Math.max(0, this.subnet.size - 3);
  }

  /** Addresses in use. */
  get inUse(): number {
    return this.#used.size;
  }

  /** Reserves the next free address after the last one reserved, wrapping around. */
  allocate(journal: Journal): number {
    const start = this.subnet.base + 2;
    const end = this.subnet.base + this.subnet.size - 2; // broadcast - 1
    const count = end - start + 1;
    const from = this.#lastReserved === undefined ? start : this.#lastReserved + 1;
    for (let i = 0; i < count; i++) {
      let ip = from + i;
      if (ip > end) ip = start + ((ip - start) % count);
      if (this.#used.has(ip) || ip === this.gateway) continue;
      journal.call(this.#unreserve, ip, this.#lastReserved);
      this.#used.add(ip);
      this.#lastReserved = ip;
      return ip >>> 0;
    }
    throw new PodtalkError(
      ErrorCode.RangeFull,
      `Cannot allocate a Pod IP on node "${this.#node}": podCIDR "${formatCIDR(this.subnet)}" is full (${this.#used.size} of ${this.capacity} in use); add a node or use a larger podCIDR`,
    );
  }

  /** Returns an address to the pool (it is reused only after the range wraps). */
  release(ip: number, journal: Journal): void {
    if (!this.#used.delete(ip)) return;
    journal.record(() => this.#used.add(ip));
  }
}

/**
 * The API server's ClusterIP allocator: dynamic addresses at random from the upper band of the
 * service range, then the lower band; requested addresses anywhere, rejected when taken.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/cluster-ip-allocation/
 */
export class ServiceIPAllocator {
  readonly range: CIDR;
  readonly #used = new Map<number, string>();
  readonly #offset: number;

  constructor(range: CIDR) {
    if (range.size < 8) {
      throw new PodtalkError(ErrorCode.BadRequest, `Invalid serviceCIDR "${formatCIDR(range)}": the range must hold at least 8 addresses`);
    }
    this.range = range;
    this.#offset = Math.min(Math.max(16, Math.floor(range.size / 16)), 256);
  }

  /** The first and last usable addresses (network and broadcast excluded). */
  get first(): number {
    return this.range.base + 1;
  }
  get last(): number {
    return this.range.base + this.range.size - 2;
  }

  /** The Service holding `ip`, if any. */
  owner(ip: number): string | undefined {
    return this.#used.get(ip);
  }

  /** Reserves a specific address for `owner` (a Service's `namespace/name`). */
  allocateSpecific(ip: number, owner: string, journal: Journal): void {
    if (ip < this.first || ip > this.last) {
      throw new PodtalkError(
        ErrorCode.Invalid,
        `spec.clusterIPs: Invalid value: []string{"${intToIp(ip)}"}: failed to allocate IP ${intToIp(ip)}: provided IP is not in the valid range. The range of valid IPs is ${formatCIDR(this.range)}`,
      );
    }
    const holder = this.#used.get(ip);
    if (holder !== undefined && holder !== owner) {
      throw new PodtalkError(
        ErrorCode.Invalid,
        `spec.clusterIPs: Invalid value: []string{"${intToIp(ip)}"}: failed to allocate IP ${intToIp(ip)}: provided IP is already allocated`,
      );
    }
    if (holder === owner) return;
    this.#used.set(ip, owner);
    journal.record(() => this.#used.delete(ip));
  }

  /** Reserves a random free address, from the upper band first. */
  allocateNext(owner: string, rng: Rng, journal: Journal): number {
    const lowEnd = this.range.base + this.#offset; // the static band is first .. base+offset
    const bands: [number, number][] = [
      [lowEnd + 1, this.last],
      [this.first, Math.min(lowEnd, this.last)],
    ];
    const ip = pickFree(bands, this.#used, owner, rng, journal);
    if (ip !== undefined) return ip >>> 0;
    throw new PodtalkError(
      ErrorCode.RangeFull,
      `Cannot allocate a ClusterIP: serviceCIDR "${formatCIDR(this.range)}" is full; use a larger serviceCIDR`,
    );
  }

  /** Frees an address. */
  release(ip: number, journal: Journal): void {
    const owner = this.#used.get(ip);
    if (owner === undefined) return;
    this.#used.delete(ip);
    journal.record(() => this.#used.set(ip, owner));
  }
}

/** The API server's default `--service-node-port-range`. */
export const NODE_PORT_RANGE = { first: 30000, last: 32767 } as const;

/**
 * The API server's NodePort allocator: ports 30000–32767, dynamic picks at random from the upper
 * band first (like ClusterIPs), requested ports anywhere in the range.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
 */
export class PortAllocator {
  readonly first: number;
  readonly last: number;
  readonly #used = new Map<number, string>();
  readonly #offset: number;

  constructor(first: number, last: number) {
    this.first = first;
    this.last = last;
    const size = last - first + 1;
    this.#offset = Math.min(Math.max(16, Math.floor(size / 32)), 128);
  }

  /** The Service (`namespace/name`) holding `port`, if any. */
  owner(port: number): string | undefined {
    return this.#used.get(port);
  }

  /** Reserves a specific port for `owner`. */
  allocateSpecific(port: number, owner: string, journal: Journal): void {
    if (this.#used.get(port) === owner) return;
    this.#used.set(port, owner);
    journal.record(() => this.#used.delete(port));
  }

  /** Reserves a random free port, from the upper band first. */
  allocateNext(owner: string, rng: Rng, journal: Journal): number {
    const bands: [number, number][] = [
      [this.first + this.#offset, this.last],
      [this.first, this.first + this.#offset - 1],
    ];
    const port = pickFree(bands, this.#used, owner, rng, journal);
    if (port !== undefined) return port;
    throw new PodtalkError(ErrorCode.RangeFull, `Cannot allocate a nodePort: the range ${this.first}-${this.last} is full; delete a NodePort Service or use type ClusterIP`);
  }

  /** Frees a port. */
  release(port: number, journal: Journal): void {
    const owner = this.#used.get(port);
    if (owner === undefined) return;
    this.#used.delete(port);
    journal.record(() => this.#used.set(port, owner));
  }
}

/**
 * The API server's random pick, as for ClusterIPs and NodePorts: in each band in turn, from a
 * random start, the first value not in `used`, which is then held by `owner` (journaled).
 * Undefined when every band is full.
 */
function pickFree(bands: readonly (readonly [number, number])[], used: Map<number, string>, owner: string, rng: Rng, journal: Journal): number | undefined {
  for (const [lo, hi] of bands) {
    const count = hi - lo + 1;
    if (count <= 0) continue;
    const start = rng.int(count);
    for (let i = 0; i < count; i++) {
      const value = lo + ((start + i) % count);
      if (used.has(value)) continue;
      used.set(value, owner);
      journal.record(() => used.delete(value));
      return value;
    }
  }
  return undefined;
}
