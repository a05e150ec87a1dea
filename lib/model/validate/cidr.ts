/**
 * CIDR values as the API server checks them in legacy fields such as a NetworkPolicy's
 * `ipBlock` (apimachinery IsValidCIDRForLegacyField with strict validation, the default since
 * the StrictIPCIDRValidation gate): parseable, no leading zeros, no bits beyond the prefix.
 * IPv4 is checked fully; an IPv6 value is only checked for its shape (podtalk is IPv4-only).
 */
import type { FieldError } from "../errors.js";

/** A parsed CIDR: the network's first address (IPv4 as a number) and the prefix length. */
export interface ParsedCIDR {
  readonly family: 4 | 6;
  readonly base: number;
  readonly bits: number;
}

const INVALID = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

/** Checks `value` at `field`; returns it parsed when Go's ParseCIDRSloppy would have parsed it. */
export function checkCIDR(value: string, field: string, errs: FieldError[]): ParsedCIDR | undefined {
  const v6 = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*\/(\d{1,3})$/.exec(value);
  if (v6) {
    const bits = Number(v6[1]);
    if (bits > 128) {
      errs.push({ field, type: "Invalid value", value, detail: INVALID });
      return undefined;
    }
    return { family: 6, base: 0, bits };
  }
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : 0;
  if (!m || octets.some((o) => o > 255) || bits > 32) {
    errs.push({ field, type: "Invalid value", value, detail: INVALID });
    return undefined;
  }
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const base = bits === 0 ? 0 : address - (address % 2 ** (32 - bits));
  if (m.slice(1).some((part) => part.length > 1 && part.startsWith("0"))) {
    errs.push({ field, type: "Invalid value", value, detail: "must not have leading 0s in IP or prefix length" });
  } else if (base !== address) {
    errs.push({ field, type: "Invalid value", value, detail: "must not have bits set beyond the prefix length" });
  }
  return { family: 4, base, bits };
}

/** True when `inner` lies inside `outer` with a longer prefix (ValidateIPBlock's rule for `except`). */
export function isStrictSubset(inner: ParsedCIDR, outer: ParsedCIDR): boolean {
  if (inner.family !== outer.family) return false;
  if (inner.family === 6) return inner.bits > outer.bits;
  const size = 2 ** (32 - outer.bits);
  return inner.base >= outer.base && inner.base < outer.base + size && inner.bits > outer.bits;
}
