/**
 * @module
 * The datapath: a connection as a sequence of steps returning plain data (`connect.ts`), the hop
 * records they produce (`hops.ts`) and the one catalog of hop texts (`hop-messages.ts`). How
 * packets cross between nodes is a network model behind {@link NetworkModelImpl} (flannel VXLAN,
 * flannel host-gw), registered in `registry.ts`.
 */
export { ARP_TIMEOUT_MS, SYN_TIMEOUT_MS, connect } from "./connect.js";
export type { Connection, TrafficRandom } from "./connect.js";
export { FLANNEL_VXLAN, flannelVXLAN } from "./flannel-vxlan.js";
export { flannelHostGW } from "./flannel-host-gw.js";
export { ObservationPoint, Outcome, hop } from "./hops.js";
export type { Hop, HopInit, HopKind, HopNat, HopOuter, ServedBy, TraceRecord, Verdict } from "./hops.js";
export { hostNetworkListener, listener } from "./listeners.js";
export type { CrossingPacket, NetworkModelImpl, Route } from "./network-model.js";
export { bridgeRoute, nodeNetworkRoute, nodeRoutes } from "./node-routes.js";
export { networkModelFor, networkModels, registerNetworkModel } from "./registry.js";
