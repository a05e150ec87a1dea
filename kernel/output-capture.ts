/**
 * Captures what cells write to `process.stdout` / `process.stderr` (so also `console.log`)
 * and hands it on as Jupyter `stream` text, coalescing consecutive writes to the same stream.
 */

/**
 * The most text one stream message carries: a cell that prints 100 MB in one loop is sent as
 * many messages of this size, so that the client never has to take one 100 MB frame at once
 * (it keeps only the first 10 MiB of a cell's output; see lib/notebook/output-recorder.ts).
 */
export const MAX_STREAM_MESSAGE = 1024 * 1024;

/** A stream name as Jupyter spells it. */
export type StreamName = "stdout" | "stderr";

/** Redirects the process's stdout and stderr to `emit`, keeping the order of writes. */
export class OutputCapture<Owner = undefined> {
  readonly #emit: (name: StreamName, text: string, owner: Owner | undefined) => void;
  readonly #owner: () => Owner | undefined;
  #pending: { name: StreamName; text: string; owner: Owner | undefined } | undefined;
  #timer: NodeJS.Immediate | undefined;
  readonly #decoder = new TextDecoder();
  /** The real stderr, for the kernel's own diagnostics (stdout is never written by the kernel). */
  readonly realStderr: (text: string) => void;

  /**
   * @param emit sends text written to one stream by one owner
   * @param owner whom a write belongs to (the cell whose code is running); writes of different
   *   owners are never merged
   */
  constructor(emit: (name: StreamName, text: string, owner: Owner | undefined) => void, owner: () => Owner | undefined = () => undefined) {
    this.#emit = emit;
    this.#owner = owner;
    const stderrWrite = process.stderr.write.bind(process.stderr);
    this.realStderr = (text) => void stderrWrite(text);
  }

  /** Replaces `write` of process.stdout and process.stderr. */
  install(): void {
    process.stdout.write = this.#writer("stdout");
    process.stderr.write = this.#writer("stderr");
  }

  /** Emits the text written so far. Called before any other output and before each reply. */
  flush(): void {
    if (this.#timer) clearImmediate(this.#timer);
    this.#timer = undefined;
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending?.text) this.#emit(pending.name, pending.text, pending.owner);
  }

  #writer(name: StreamName): typeof process.stdout.write {
    return ((chunk: unknown, encodingOrCb?: unknown, cb?: unknown): boolean => {
      const text = typeof chunk === "string" ? chunk : chunk instanceof Uint8Array ? this.#decoder.decode(chunk) : String(chunk);
      const owner = this.#owner();
      if (this.#pending && (this.#pending.name !== name || this.#pending.owner !== owner)) this.flush();
      if (!this.#pending) this.#pending = { name, text: "", owner };
      this.#pending.text += text;
      if (this.#pending.text.length >= MAX_STREAM_MESSAGE) this.flush();
      else this.#timer ??= setImmediate(() => this.flush());
      const callback = typeof encodingOrCb === "function" ? encodingOrCb : cb;
      if (typeof callback === "function") process.nextTick(callback as () => void);
      return true;
    }) as typeof process.stdout.write;
  }
}
