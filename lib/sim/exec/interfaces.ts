/**
 * A Pod's interfaces as every tool in it sees them: the MAC address of eth0 and the IPv6
 * link-local address the kernel derives from it (modified EUI-64), so that `ip addr` and
 * traefik/whoami's `IP:` lines agree.
 *
 * @see https://www.rfc-editor.org/rfc/rfc4291#appendix-A
 */
import type { PodState } from "../state.js";

/**
 * A stable, locally administered unicast MAC address of the Pod's eth0, derived from its UID; a
 * hostNetwork Pod sees its node's eth0, so every such Pod on a node shows the same one.
 */
export function macAddress(pod: PodState): string {
  const seed = pod.spec.hostNetwork && pod.nodeName !== undefined ? `node/${pod.nodeName}` : pod.uid;
  let h = 0;
  for (const ch of seed) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  const b = [(0x02 | ((h >>> 24) & 0xfc)) & 0xfe, (h >>> 16) & 255, (h >>> 8) & 255, h & 255, (h >>> 4) & 255, (h >>> 12) & 255];
  return b.map((x) => (x & 255).toString(16).padStart(2, "0")).join(":");
}

/** The fe80::/64 address of a MAC: the universal/local bit flipped and ff:fe inserted in the middle. */
export function linkLocal(mac: string): string {
  const b = mac.split(":").map((x) => Number.parseInt(x, 16));
  const bytes = [b[0]! ^ 0x02, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!];
  const groups = [0, 2, 4, 6].map((i) => ((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return `fe80::${groups.join(":")}`;
}
