/**
 * The API server's ClusterIP allocator.
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import { clusterIPAllocated, clusterIPNotInRange, clusterIPOutsideServiceCIDRs, clusterIPRangeFull } from "../../model/messages.js";
import { contains, formatCIDR, intToIp, type CIDR } from "../ip.js";
import type { Journal } from "../store/journal.js";
import type { Rng } from "../rng.js";
import { pickFree } from "./pick-free.js";

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
    if (!contains(this.range, ip)) {
      throw new PodtalkError(ErrorCode.Invalid, clusterIPOutsideServiceCIDRs(intToIp(ip)));
    }
    if (ip < this.first || ip > this.last) {
      throw new PodtalkError(ErrorCode.Invalid, clusterIPNotInRange(intToIp(ip), formatCIDR(this.range)));
    }
    const holder = this.#used.get(ip);
    if (holder !== undefined && holder !== owner) {
      throw new PodtalkError(ErrorCode.Invalid, clusterIPAllocated(intToIp(ip)));
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
    throw new PodtalkError(ErrorCode.RangeFull, clusterIPRangeFull(formatCIDR(this.range)));
  }

  /** Frees an address. */
  release(ip: number, journal: Journal): void {
    const owner = this.#used.get(ip);
    if (owner === undefined) return;
    this.#used.delete(ip);
    journal.record(() => this.#used.set(ip, owner));
  }
}
