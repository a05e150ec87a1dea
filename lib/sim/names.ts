/**
 * Names the way Kubernetes generates them: generateName suffixes and pod-template-hashes.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/rand/rand.go
 */
import { fnv1a32, type Rng } from "./rng.js";

/** apimachinery's `alphanums`: no vowels (no accidental words), no 0, 1 or 3. */
export const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** generateName's limits (apiserver `names/generate.go`). */
const MAX_GENERATED_BASE = 58;
const RANDOM_LENGTH = 5;

/** `<base><5 random chars>`, the base cut to 58 characters, as generateName does. */
export function generateName(base: string, rng: Rng): string {
  let suffix = "";
  for (let i = 0; i < RANDOM_LENGTH; i++) suffix += ALPHANUMS[rng.int(ALPHANUMS.length)];
  return base.slice(0, MAX_GENERATED_BASE) + suffix;
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

/** JSON with object keys sorted, so equal objects hash equally. */
export function canonicalJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJSON(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** A random (version 4 layout) UID from the seeded stream, like metadata.uid. */
export function generateUID(rng: Rng): string {
  const hex = (n: number) => HEX[(n >>> 24) & 255]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
  const a = hex(rng.nextUint32());
  const b = hex(rng.nextUint32());
  const c = hex(rng.nextUint32());
  const d = hex(rng.nextUint32());
  const variant = "89ab"[rng.nextUint32() & 3];
  return `${a}-${b.slice(0, 4)}-4${b.slice(4, 7)}-${variant}${c.slice(0, 3)}-${c.slice(3, 8)}${d.slice(0, 7)}`;
}
