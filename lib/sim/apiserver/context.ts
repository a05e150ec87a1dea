/**
 * What the API server's handlers use: the controllers' context (store, journal, events, clock,
 * random streams, work queues, Pod operations) plus the Service address allocators.
 */
import type { ControllerContext } from "../controllers/context.js";
import type { ServiceAddresses } from "./service-addresses.js";

/** The API server's view of the engine. */
export interface ApiServerContext extends ControllerContext {
  readonly addresses: ServiceAddresses;
}
