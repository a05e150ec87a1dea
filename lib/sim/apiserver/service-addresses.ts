/**
 * Service address assignment, as the Service REST storage does it: a ClusterIP (requested, kept,
 * or allocated at random) and a nodePort per port of a NodePort Service. The allocators check
 * their own ranges and conflicts; this module names the field a rejected value came from.
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import { clusterIPNotAnIP, nodePortInvalid, serviceInvalid } from "../../model/messages.js";
import type { ServiceN } from "../../model/objects.js";
import { ipToInt, isIPv4, type CIDR } from "../ip.js";
import { NodePortAllocator } from "../ipam/node-port.js";
import { ServiceIPAllocator } from "../ipam/service-ip.js";
import type { Rng } from "../rng.js";
import type { ServiceState } from "../state.js";
import type { JournalSource } from "../store/journal.js";

/** A Service's addresses: its ClusterIP (none when headless or ExternalName) and one nodePort slot per port. */
export interface ServiceAddressing {
  readonly headless: boolean;
  readonly clusterIP: number | undefined;
  readonly nodePorts: readonly (number | undefined)[];
  /** LoadBalancer Services with externalTrafficPolicy Local: the port load balancers probe. */
  readonly healthCheckNodePort: number | undefined;
}

/** The ClusterIP and nodePort allocators, and who holds what. */
export class ServiceAddresses {
  readonly #serviceIPs: ServiceIPAllocator;
  readonly #nodePorts = new NodePortAllocator();
  readonly #tx: JournalSource;

  constructor(serviceCIDR: CIDR, tx: JournalSource) {
    this.#serviceIPs = new ServiceIPAllocator(serviceCIDR);
    this.#tx = tx;
  }

  /** The key (`namespace/name`) of the Service holding a ClusterIP. */
  clusterIPOwner(ip: number): string | undefined {
    return this.#serviceIPs.owner(ip);
  }

  /** The key of the Service holding a nodePort. */
  nodePortOwner(port: number): string | undefined {
    return this.#nodePorts.owner(port);
  }

  /**
   * The addresses of Service `obj` (key `owner`): those `existing` holds are kept, the rest
   * allocated, the leftovers freed.
   */
  assign(obj: ServiceN, owner: string, existing: ServiceState | undefined, rng: { readonly clusterIPs: Rng; readonly nodePorts: Rng }): ServiceAddressing {
    const j = this.#tx.j;
    const { name } = obj.metadata;
    const spec = obj.spec;
    const headless = spec.clusterIP === "None" || (existing?.headless === true && spec.clusterIP === undefined);
    let clusterIP: number | undefined = existing?.clusterIP;
    if (spec.type === "ExternalName") {
      if (clusterIP !== undefined) this.#serviceIPs.release(clusterIP, j);
      clusterIP = undefined;
    } else if (!headless && clusterIP === undefined) {
      if (spec.clusterIP !== undefined) {
        if (!isIPv4(spec.clusterIP)) throw new PodtalkError(ErrorCode.Invalid, clusterIPNotAnIP(name, spec.clusterIP));
        clusterIP = ipToInt(spec.clusterIP);
        try {
          this.#serviceIPs.allocateSpecific(clusterIP, owner, j);
        } catch (e) {
          throw new PodtalkError(ErrorCode.Invalid, serviceInvalid(name, (e as Error).message));
        }
      } else {
        clusterIP = this.#serviceIPs.allocateNext(owner, rng.clusterIPs, j);
      }
    }
    // nodePorts: keep the ones held for the same port, allocate the rest, free the leftovers.
    const nodePorts: (number | undefined)[] = [];
    const held = new Map<string, number>();
    existing?.ports.forEach((p, i) => {
      const np = existing.nodePorts[i];
      if (np !== undefined) held.set(`${p.port}/${p.protocol}`, np);
    });
    // NodePort Services, and LoadBalancer Services unless allocateLoadBalancerNodePorts is false.
    const wantsNodePorts = spec.type === "NodePort" || (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts);
    spec.ports.forEach((p, i) => {
      if (!wantsNodePorts && p.nodePort === undefined) {
        nodePorts.push(undefined);
        return;
      }
      const keep = held.get(`${p.port}/${p.protocol}`);
      if (p.nodePort !== undefined && p.nodePort !== keep) {
        try {
          this.#nodePorts.allocateSpecific(p.nodePort, owner, j);
        } catch (e) {
          if (!(e instanceof PodtalkError)) throw e;
          throw new PodtalkError(ErrorCode.Invalid, nodePortInvalid(name, i, p.nodePort, e.message));
        }
        nodePorts.push(p.nodePort);
      } else if (keep !== undefined) {
        held.delete(`${p.port}/${p.protocol}`);
        nodePorts.push(keep);
      } else {
        nodePorts.push(this.#nodePorts.allocateNext(owner, rng.nodePorts, j));
      }
    });
    for (const np of held.values()) if (!nodePorts.includes(np)) this.#nodePorts.release(np, j);
    // The health check port comes from the same range (pkg/registry/core/service/storage: allocHealthCheckNodePort).
    let healthCheckNodePort = existing?.healthCheckNodePort;
    const needsHealthCheck = spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local";
    if (!needsHealthCheck && healthCheckNodePort !== undefined) {
      this.#nodePorts.release(healthCheckNodePort, j);
      healthCheckNodePort = undefined;
    } else if (needsHealthCheck && healthCheckNodePort === undefined) {
      if (spec.healthCheckNodePort !== undefined) {
        try {
          this.#nodePorts.allocateSpecific(spec.healthCheckNodePort, owner, j);
        } catch (e) {
          if (!(e instanceof PodtalkError)) throw e;
          throw new PodtalkError(ErrorCode.Invalid, serviceInvalid(name, e.message));
        }
        healthCheckNodePort = spec.healthCheckNodePort;
      } else healthCheckNodePort = this.#nodePorts.allocateNext(owner, rng.nodePorts, j);
    }
    return { headless, clusterIP, nodePorts, healthCheckNodePort };
  }

  /** Frees every address a deleted Service held. */
  release(svc: ServiceState): void {
    const j = this.#tx.j;
    if (svc.clusterIP !== undefined) this.#serviceIPs.release(svc.clusterIP, j);
    for (const np of svc.nodePorts) if (np !== undefined) this.#nodePorts.release(np, j);
    if (svc.healthCheckNodePort !== undefined) this.#nodePorts.release(svc.healthCheckNodePort, j);
  }
}
