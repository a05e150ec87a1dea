/**
 * One kernel session of a compiler (a compiler process's, main.ts, or a LocalCompiler's,
 * local.ts): the cell compiler the kernel configured, and the answers to its requests, in order,
 * each with the files TypeScript read for it.
 */
import type { CellCompiler } from "../tslab/converter.js";
import type { DeclChunk, DeclScope } from "../tslab/decl-chain.js";
import { recordingReads } from "../tslab/typescript-paths.js";
import { type CompilerSettings, createSessionCompiler } from "./backend.js";
import type { CompilerMessage, CompilerRequest, WireScope } from "./protocol.js";

export class CompilerSession {
  /** The frozen chunks' texts the kernel has sent, by id. */
  readonly #chunkTexts = new Map<string, string>();
  #reads = new Set<string>();
  #compiler: CellCompiler | undefined;
  #creationError: string | undefined;

  constructor(private readonly send: (message: CompilerMessage) => void) {}

  handle(req: CompilerRequest): void {
    try {
      if (req.op === "configure") {
        this.#configure(req.settings);
        return;
      }
      if (!this.#compiler) throw new Error(this.#creationError ?? "the compiler was never configured");
      const c = this.#compiler;
      // What the compiler's creation read is reported with its first answer.
      const files = this.#reads;
      this.#reads = new Set();
      const value = recordingReads(files, (): unknown => {
        switch (req.op) {
          case "convert":
            return c.convert(this.#scopeOf(req.scope), req.src);
          case "inspect":
            return c.inspect(this.#scopeOf(req.scope), req.src, req.position);
          case "complete": {
            // TypeScript's own completion info is for debugging; the kernel uses the candidates.
            const { original: _original, ...info } = c.complete(this.#scopeOf(req.scope), req.src, req.position);
            return info;
          }
          case "addModule":
            return c.addModule(req.name, req.content);
        }
      });
      const done = { value, filesRead: [...files] };
      this.send({ kind: "answer", id: req.id, ...done });
    } catch (e) {
      this.send({ kind: "failed", id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  }

  close(): void {
    this.#compiler?.close();
    this.#compiler = undefined;
  }

  /**
   * Creates the compiler the kernel asked for (once), then its first program, and says it is
   * ready. The program is built after the requests that came with this one: a cold kernel's first
   * cell is usually among them (it was sent while this process started), and its compile builds
   * the program with that cell instead (converter.ts, createCellCompiler).
   */
  #configure(settings: CompilerSettings): void {
    if (this.#compiler || this.#creationError) return;
    try {
      this.#compiler = createSessionCompiler(settings, this.#reads);
    } catch (e) {
      this.#failed(e);
      return;
    }
    setImmediate(() => {
      const compiler = this.#compiler;
      if (!compiler) return; // closed meanwhile
      try {
        recordingReads(this.#reads, () => compiler.warm());
        this.send({ kind: "ready" });
      } catch (e) {
        this.#compiler = undefined;
        this.#failed(e);
      }
    });
  }

  #failed(e: unknown): void {
    this.#creationError = `cannot create the TypeScript compiler: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
    this.send({ kind: "ready", error: this.#creationError });
  }

  #scopeOf(wire: WireScope): DeclScope {
    const chunks: DeclChunk[] = [];
    for (const { id, text } of wire.chunks) {
      if (text !== undefined) this.#chunkTexts.set(id, text);
      const known = this.#chunkTexts.get(id);
      if (known === undefined) throw new Error(`the compiler process was never sent declaration chunk ${id}`);
      chunks.push({ id, text: known, parent: chunks[chunks.length - 1] });
    }
    return { chunks, tail: wire.tail };
  }
}
