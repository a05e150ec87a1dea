/**
 * The API server's NodePort allocator: it owns the NodePort range and rejects requested ports
 * outside it or held by another Service, as Kubernetes' port allocator does.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/service/portallocator/allocator.go
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import { nodePortAllocated, nodePortNotInRange, nodePortRangeFull } from "../../model/messages.js";
import type { Journal } from "../store/journal.js";
import type { Rng } from "../rng.js";
import { pickFree } from "./pick-free.js";

/** The API server's default `--service-node-port-range`. */
export const NODE_PORT_RANGE = { first: 30000, last: 32767 } as const;

/**
 * The API server's NodePort allocator: ports in `NODE_PORT_RANGE`, dynamic picks at random from the upper
 * band first (like ClusterIPs), requested ports anywhere in the range.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
 */
export class NodePortAllocator {
  readonly first: number;
  readonly last: number;
  readonly #used = new Map<number, string>();
  readonly #offset: number;

  constructor(range: { readonly first: number; readonly last: number } = NODE_PORT_RANGE) {
    const { first, last } = range;
    this.first = first;
    this.last = last;
    const size = last - first + 1;
    this.#offset = Math.min(Math.max(16, Math.floor(size / 32)), 128);
  }

  /** The Service (`namespace/name`) holding `port`, if any. */
  owner(port: number): string | undefined {
    return this.#used.get(port);
  }

  /**
   * Reserves a specific port for `owner`. Throws `Invalid` with the allocator's own text (no field
   * path: the caller names the field) when the port lies outside the range or another owner holds it.
   */
  allocateSpecific(port: number, owner: string, journal: Journal): void {
    if (port < this.first || port > this.last) throw new PodtalkError(ErrorCode.Invalid, nodePortNotInRange(this.first, this.last));
    const holder = this.#used.get(port);
    if (holder !== undefined && holder !== owner) throw new PodtalkError(ErrorCode.Invalid, nodePortAllocated());
    if (holder === owner) return;
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
    throw new PodtalkError(ErrorCode.RangeFull, nodePortRangeFull(this.first, this.last));
  }

  /** Frees a port. */
  release(port: number, journal: Journal): void {
    const owner = this.#used.get(port);
    if (owner === undefined) return;
    this.#used.delete(port);
    journal.record(() => this.#used.set(port, owner));
  }
}
