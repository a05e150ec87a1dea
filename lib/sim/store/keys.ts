/**
 * Object keys: `namespace/name`, made without a new string for the namespace part each time,
 * because a large apply makes hundreds of thousands of them.
 */
import type { OwnerRef } from "../state.js";

const keyPrefixes = new Map<string, string>();

/** `namespace/name`, the key of a namespaced object (the `namespace/` part is made once). */
export function key(namespace: string, name: string): string {
  let prefix = keyPrefixes.get(namespace);
  if (prefix === undefined) {
    prefix = `${namespace}/`;
    keyPrefixes.set(namespace, prefix);
  }
  return prefix + name;
}

const ownerKeys = new WeakMap<OwnerRef, { readonly namespace: string; readonly key: string }>();

/** The key of the object an owner reference points to; the many Pods of one owner share the reference. */
export function ownerKey(owner: OwnerRef, namespace: string): string {
  const known = ownerKeys.get(owner);
  if (known?.namespace === namespace) return known.key;
  const k = key(namespace, owner.name);
  ownerKeys.set(owner, { namespace, key: k });
  return k;
}
