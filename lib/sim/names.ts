/**
 * Names the way Kubernetes generates them: generateName suffixes and pod-template-hashes.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/rand/rand.go
 */
import { fnv1a32, type Rng } from "./rng.js";

/** apimachinery's `alphanums`: no vowels (no accidental words), no 0, 1 or 3. */
export const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** generateName's limit on the base (apiserver `names/generate.go`); the suffix has 5 characters. */
const MAX_GENERATED_BASE = 58;

/**
 * `<base><5 random chars>`, the base cut to 58 characters, as generateName does. The name is made
 * as one flat string: a simulation keeps, compares and sorts many of them.
 */
export function generateName(base: string, rng: Rng): string {
  const length = Math.min(base.length, MAX_GENERATED_BASE);
  const codes: number[] = [];
  for (let i = 0; i < length; i++) codes.push(base.charCodeAt(i));
  for (let i = 0; i < 5; i++) codes.push(ALPHANUMS.charCodeAt(rng.int(ALPHANUMS.length)));
  return String.fromCharCode(...codes);
}

/** apimachinery's `SafeEncodeString`: each character mapped into `alphanums` by its code. */
export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/**
 * The pod-template-hash of a Deployment's template: `SafeEncodeString(decimal(FNV-32a))`.
 *
 * Kubernetes hashes the Go struct as printed by its deep-hash printer; podtalk hashes the
 * template's canonical JSON instead, so the hash has the real shape (`[4-9bcdf]`, usually 9–10
 * characters) and changes exactly when the template does, but differs from a real cluster's.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/controller_utils.go (ComputeHash)
 */
export function podTemplateHash(template: unknown): string {
  return safeEncodeString(String(fnv1a32(canonicalJSON(template))));
}

/** `keys.sort()`: objects have few keys, and an insertion sort orders a few fastest. */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

const quotedKeys = new Map<string, string>();

/** `JSON.stringify(k)` for an object key; manifests use few distinct keys, so each is quoted once. */
function quotedKey(k: string): string {
  let quoted = quotedKeys.get(k);
  if (quoted === undefined) {
    quoted = JSON.stringify(k);
    if (quotedKeys.size < 10000) quotedKeys.set(k, quoted);
  }
  return quoted;
}

/** JSON with object keys sorted, so equal objects hash equally. */
export function canonicalJSON(value: unknown): string {
  const parts: string[] = [];
  writeCanonical(value, parts);
  return parts.join("");
}

/** Appends the pieces of `canonicalJSON(value)`: joined once, they make one flat string. */
function writeCanonical(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    // As `[${value.map(canonicalJSON).join(",")}]`: a hole stays empty.
    out.push("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(",");
      if (i in value) writeCanonical(value[i], out);
    }
    out.push("]");
    return;
  }
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    out.push("{");
    let first = true;
    for (const k of sortKeys(Object.keys(o))) {
      const v = o[k];
      if (v === undefined) continue;
      if (!first) out.push(",");
      first = false;
      out.push(quotedKey(k), ":");
      writeCanonical(v, out);
    }
    out.push("}");
    return;
  }
  out.push(JSON.stringify(value) ?? "null");
}

const HEX_DIGITS = "0123456789abcdef";
const DASH = 45;
const FOUR = 52;

/** Character codes of the UID being built: the UID is made as one flat string at the end. */
const uidCodes: number[] = new Array<number>(36).fill(0);
/** Character codes of a veth name: `veth` and eight hex digits. */
const vethCodes: number[] = [..."veth"].map((c) => c.charCodeAt(0)).concat(new Array<number>(8).fill(0));

/** Writes hex digits `from`..`to` (0 = most significant) of a 32-bit word into `codes` from `at`; returns the next position. */
function putHex(codes: number[], word: number, from: number, to: number, at: number): number {
  for (let i = from; i < to; i++) codes[at++] = HEX_DIGITS.charCodeAt((word >>> (28 - 4 * i)) & 15);
  return at;
}

/** The host side of a Pod's veth pair as the CNI bridge plugin names it: `veth` and 8 random hex digits. */
export function generateVethName(rng: Rng): string {
  putHex(vethCodes, rng.nextUint32(), 0, 8, 4);
  return String.fromCharCode(...vethCodes);
}

/**
 * A random (version 4 layout) UID from the seeded stream, like metadata.uid: with a, b, c and d
 * as eight hex digits each, `a-b[0:4]-4b[4:7]-Vc[0:3]-c[3:8]d[0:7]`, V one of `89ab`.
 */
export function generateUID(rng: Rng): string {
  const a = rng.nextUint32();
  const b = rng.nextUint32();
  const c = rng.nextUint32();
  const d = rng.nextUint32();
  const variant = "89ab".charCodeAt(rng.nextUint32() & 3);
  let at = putHex(uidCodes, a, 0, 8, 0);
  uidCodes[at++] = DASH;
  at = putHex(uidCodes, b, 0, 4, at);
  uidCodes[at++] = DASH;
  uidCodes[at++] = FOUR;
  at = putHex(uidCodes, b, 4, 7, at);
  uidCodes[at++] = DASH;
  uidCodes[at++] = variant;
  at = putHex(uidCodes, c, 0, 3, at);
  uidCodes[at++] = DASH;
  at = putHex(uidCodes, c, 3, 8, at);
  putHex(uidCodes, d, 0, 7, at);
  return String.fromCharCode(...uidCodes);
}
