/**
 * A registry of named strategies (proxy modes, network models): the one place each kind is
 * registered and looked up by the name a cluster's options use.
 */

/** Strategies of one kind, by name, in registration order. */
export class Registry<T extends { readonly name: string }> {
  readonly #entries = new Map<string, T>();

  /** @param kind What the entries are, for the error when a name is missing (`proxy mode`). */
  constructor(readonly kind: string) {}

  /** Adds (or replaces) an entry; returns a function that removes this registration again. */
  register(entry: T): () => void {
    this.#entries.set(entry.name, entry);
    return () => {
      if (this.#entries.get(entry.name) === entry) this.#entries.delete(entry.name);
    };
  }

  /** The entry of that name; throws for a name options validation would have refused. */
  get(name: string): T {
    const entry = this.#entries.get(name);
    if (!entry) throw new Error(`${this.kind} "${name}" is not registered`);
    return entry;
  }

  /** True when an entry of that name is registered. */
  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** Registered names, in registration order (built-in ones first). */
  names(): readonly string[] {
    return [...this.#entries.keys()];
  }
}
