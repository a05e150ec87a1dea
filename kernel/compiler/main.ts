/**
 * The compiler process of a kernel (see process.ts): `node [--snapshot-blob …] main.js`, started
 * by the kernel with an IPC channel. The kernel's first message says what the compiler is for
 * (sent while this process still starts); it creates the cell compiler then, says so, and answers
 * the kernel's requests in order. It lives as long as that channel: when the kernel goes, however
 * it goes, so does this process.
 */
import type { CellCompiler } from "../tslab/converter.js";
import type { DeclChunk, DeclScope } from "../tslab/decl-chain.js";
import { type CompilerSettings, answer, createSessionCompiler } from "./backend.js";
import type { CompilerMessage, CompilerRequest, WireScope } from "./protocol.js";

const send = (message: CompilerMessage): void => {
  process.send?.(message);
};

if (!process.send) {
  process.stderr.write("podtalk's compiler process is started by the kernel, with an IPC channel\n");
  process.exit(2);
}
process.on("disconnect", () => process.exit(0));
// Jupyter interrupts the kernel's whole process group where it can (jupyter_client's
// provisioning/local_provisioner.py, send_signal: "Prefer process-group over process"): an
// interrupt is for the cell, not for this.
process.on("SIGINT", () => undefined);

/** The frozen chunks' texts the kernel has sent, by id. */
const chunkTexts = new Map<string, string>();
let reads = new Set<string>();
let compiler: CellCompiler | undefined;
let creationError: string | undefined;

function scopeOf(wire: WireScope): DeclScope {
  const chunks: DeclChunk[] = [];
  for (const { id, text } of wire.chunks) {
    if (text !== undefined) chunkTexts.set(id, text);
    const known = chunkTexts.get(id);
    if (known === undefined) throw new Error(`the compiler process was never sent declaration chunk ${id}`);
    chunks.push({ id, text: known, parent: chunks[chunks.length - 1] });
  }
  return { chunks, tail: wire.tail };
}

function handle(req: CompilerRequest): void {
  try {
    if (req.op === "configure") {
      configure(req.settings);
      return;
    }
    if (!compiler) throw new Error(creationError ?? "the compiler was never configured");
    const c = compiler;
    const before = reads;
    reads = new Set();
    let done: { value: unknown; filesRead: readonly string[] };
    switch (req.op) {
      case "convert":
        done = answer(c, (cc) => cc.convert(scopeOf(req.scope), req.src), before);
        break;
      case "inspect":
        done = answer(c, (cc) => cc.inspect(scopeOf(req.scope), req.src, req.position), before);
        break;
      case "complete":
        done = answer(
          c,
          (cc) => {
            // TypeScript's own completion info is for debugging; the kernel uses the candidates.
            const { original: _original, ...info } = cc.complete(scopeOf(req.scope), req.src, req.position);
            return info;
          },
          before,
        );
        break;
      case "addModule":
        done = answer(c, (cc) => cc.addModule(req.name, req.content), before);
        break;
    }
    send({ kind: "answer", id: req.id, ...done });
  } catch (e) {
    send({ kind: "failed", id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

/** Creates the compiler the kernel asked for (once). */
function configure(settings: CompilerSettings): void {
  if (compiler || creationError) return;
  try {
    compiler = createSessionCompiler(settings, reads);
    send({ kind: "ready" });
  } catch (e) {
    creationError = `cannot create the TypeScript compiler: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
    send({ kind: "ready", error: creationError });
  }
}

process.on("message", (req: CompilerRequest) => handle(req));
