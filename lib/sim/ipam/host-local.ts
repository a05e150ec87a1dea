/**
 * The host-local CNI IPAM plugin: Pod addresses within one node's podCIDR.
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import { formatCIDR, type CIDR } from "../ip.js";
import type { Journal } from "../store/journal.js";

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
