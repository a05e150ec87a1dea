/**
 * IPv4 arithmetic on 32-bit integers, with ipaddr.js doing the parsing and printing.
 */
import { safeString } from "../model/messages.js";
import ipaddr from "ipaddr.js";
import { ErrorCode, PodtalkError } from "../model/errors.js";

/** An IPv4 network: its first address as an integer and its prefix length. */
export interface CIDR {
  readonly base: number;
  readonly prefix: number;
  /** Number of addresses, including network and broadcast. */
  readonly size: number;
}

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const DOTTED_QUAD = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** Parses dotted-quad text into an unsigned 32-bit integer (ipaddr.js parses anything looser). */
export function ipToInt(ip: string): number {
  const m = DOTTED_QUAD.exec(ip);
  const b = m ? [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] : ipaddr.IPv4.parse(ip).toByteArray();
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

/** Prints an unsigned 32-bit integer as dotted-quad text. */
export function intToIp(n: number): string {
  // The hottest function of a trace: plain arithmetic, same text as ipaddr.js prints.
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** True when `text` is a valid dotted-quad IPv4 address. */
export function isIPv4(text: string): boolean {
  return DOTTED_QUAD.test(text);
}

/**
 * Parses `a.b.c.d/n` for an option named `what`.
 *
 * @throws PodtalkError (BadRequest) saying what is wrong and giving an example
 */
export function parseCIDR(text: string, what: string): CIDR {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    // Go's net.ParseCIDR (kubeadm, kube-controller-manager) takes only dotted decimal: no "010.x"
    // (octal to ipaddr.js) or "0x0a.x" (hex).
    const address = typeof text === "string" ? text.split("/")[0]! : "";
    if (!address.includes(":") && !DOTTED_QUAD.test(address)) throw new Error("not dotted decimal");
    parsed = ipaddr.parseCIDR(text);
  } catch {
    throw new PodtalkError(ErrorCode.BadRequest, `Invalid ${what} "${safeString(text)}": expected an IPv4 CIDR such as "10.244.0.0/16"`);
  }
  const [addr, prefix] = parsed;
  if (addr.kind() !== "ipv4") {
    throw new PodtalkError(ErrorCode.BadRequest, `Invalid ${what} "${text}": podtalk simulates IPv4 only; use a CIDR such as "10.244.0.0/16"`);
  }
  const ip = ipToInt(addr.toString());
  const size = 2 ** (32 - prefix);
  const base = prefix === 0 ? 0 : (ip & ~(size - 1)) >>> 0;
  if (base !== ip) {
    throw new PodtalkError(ErrorCode.BadRequest, `Invalid ${what} "${text}": the address has host bits set; the network is ${intToIp(base)}/${prefix}`);
  }
  return { base, prefix, size };
}

/** Prints a CIDR as `a.b.c.d/n`. */
export function formatCIDR(c: CIDR): string {
  return `${intToIp(c.base)}/${c.prefix}`;
}

/** True when integer address `ip` lies in `c`. */
export function contains(c: CIDR, ip: number): boolean {
  return ip >= c.base && ip < c.base + c.size;
}
