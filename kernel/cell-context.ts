/**
 * Which cell a piece of work belongs to. Each execute_request runs inside an AsyncLocalStorage
 * context, which Node carries through timers, immediates and promises, so output written (or an
 * error thrown) by a timer belongs to the cell that started the timer, wherever it fires: in
 * that cell, during a later cell, or after the last one. IPython instead sends such output to the
 * cell running at that moment, which makes where it lands depend on timing.
 *
 * The timers and immediates a cell starts are counted (the global timer functions are wrapped),
 * so that a shutdown can wait, for a bounded time, until the cells' work is done and its output
 * has been sent.
 *
 * @see https://nodejs.org/api/async_context.html#class-asynclocalstorage
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** How long a shutdown waits for timers that cells started: 5 s. */
export const SETTLE_LIMIT_MS = 5000;

type TimerFunction = (callback: unknown, ...rest: unknown[]) => unknown;

export class CellContext<Owner extends object> {
  readonly #storage = new AsyncLocalStorage<Owner>();
  /** The timers and immediates started by cells and not yet done, with their cell. */
  readonly #pending = new Map<unknown, Owner>();

  /**
   * Wraps the global timer functions, so that the timers a cell starts are counted until they
   * fire or are cleared. (An async_hooks hook would see them too, but slows every promise down
   * many times over.)
   */
  constructor() {
    const global = globalThis as unknown as Record<string, TimerFunction>;
    for (const [start, clear, repeats] of [
      ["setTimeout", "clearTimeout", false],
      ["setInterval", "clearInterval", true],
      ["setImmediate", "clearImmediate", false],
    ] as const) {
      const original = global[start]!;
      const originalClear = global[clear]!;
      const pending = this.#pending;
      const storage = this.#storage;
      const wrapped = function (this: unknown, callback: unknown, ...rest: unknown[]): unknown {
        const owner = storage.getStore();
        if (owner === undefined || typeof callback !== "function") return original.call(this, callback, ...rest);
        let handle: unknown;
        const run = function (this: unknown, ...args: unknown[]): unknown {
          if (!repeats) pending.delete(handle);
          return (callback as (...a: unknown[]) => unknown).apply(this, args);
        };
        handle = original.call(this, run, ...rest);
        pending.set(handle, owner);
        return handle;
      };
      // util.promisify(setTimeout) and friends keep working.
      for (const key of Reflect.ownKeys(original)) {
        if (key !== "length" && key !== "name" && key !== "prototype") Reflect.defineProperty(wrapped, key, Reflect.getOwnPropertyDescriptor(original, key)!);
      }
      global[start] = wrapped;
      global[clear] = function (this: unknown, handle: unknown): unknown {
        pending.delete(handle);
        return originalClear.call(this, handle);
      };
    }
  }

  /** Runs `work` (a cell) as `owner`'s: what it starts belongs to `owner` too. */
  run<T>(owner: Owner, work: () => T): T {
    return this.#storage.run(owner, work);
  }

  /** The cell the running code belongs to, if any. */
  current(): Owner | undefined {
    return this.#storage.getStore();
  }

  /** The cells whose timers or immediates are still to run, each once. */
  unfinished(): Owner[] {
    return [...new Set(this.#pending.values())];
  }

  /**
   * Resolves once no timer or immediate started by a cell is left, or after `limitMs`.
   *
   * @returns whether everything the cells started is done
   */
  async settle(limitMs = SETTLE_LIMIT_MS): Promise<boolean> {
    const deadline = Date.now() + limitMs;
    // Outside every cell's context, so that these checks are not counted themselves.
    return this.#storage.exit(async () => {
      while (this.#pending.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      return this.#pending.size === 0;
    });
  }
}
