/**
 * The node IPAM controller's CIDR set: per-node podCIDRs carved out of the cluster CIDR.
 */
import { safeString } from "../../model/messages.js";
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import { formatCIDR, type CIDR } from "../ip.js";
import type { Journal } from "../store/journal.js";

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
  /** Blocks [from, to) that overlap the Service range and are never handed out. */
  readonly #reserved: { readonly from: number; readonly to: number };
  #next = 0;

  /**
   * `serviceRange`: when it lies inside the cluster CIDR, the blocks it covers are left out, as
   * kube-controller-manager's range allocator does (filterOutServiceRange in
   * pkg/controller/nodeipam/ipam/range_allocator.go).
   */
  constructor(cluster: CIDR, nodeMaskSize: number, serviceRange?: CIDR) {
    if (!Number.isInteger(nodeMaskSize) || nodeMaskSize < cluster.prefix || nodeMaskSize > 30) {
      throw new PodtalkError(
        ErrorCode.BadRequest,
        `Invalid nodeCIDRMaskSize ${safeString(nodeMaskSize)}: it must lie between the cluster CIDR's prefix (/${cluster.prefix}) and 30`,
      );
    }
    this.#cluster = cluster;
    this.#maskSize = nodeMaskSize;
    this.#count = 2 ** (nodeMaskSize - cluster.prefix);
    const block = 2 ** (32 - nodeMaskSize);
    const inside = serviceRange !== undefined && serviceRange.base >= cluster.base && serviceRange.base + serviceRange.size <= cluster.base + cluster.size;
    this.#reserved = inside
      ? {
          from: Math.floor((serviceRange.base - cluster.base) / block),
          to: Math.ceil((serviceRange.base + serviceRange.size - cluster.base) / block),
        }
      : { from: 0, to: 0 };
  }

  /** How many node ranges the cluster CIDR holds (leaving out the Service range). */
  get capacity(): number {
    return this.#count - (this.#reserved.to - this.#reserved.from);
  }

  /** Allocates the next free block. */
  allocateNext(journal: Journal): CIDR {
    for (let i = 0; i < this.#count; i++) {
      const index = (this.#next + i) % this.#count;
      if (index >= this.#reserved.from && index < this.#reserved.to) {
        i += this.#reserved.to - index - 1; // skip the Service range in one step
        continue;
      }
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
      `Cannot allocate a podCIDR: cluster CIDR ${formatCIDR(this.#cluster)} is full (${this.capacity} of ${this.capacity} /${this.#maskSize} ranges in use); use a larger clusterCIDR or a larger nodeCIDRMaskSize`,
    );
  }
}
