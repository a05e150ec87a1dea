/**
 * The cell compiler in this process, for tests and benchmarks: a CompilerSession (session.ts)
 * asked directly, so that it answers exactly as a compiler process does; each request blocks this
 * process for the time the compile takes.
 */
import type { QuickInfo } from "@tslab/typescript-for-tslab";
import type { CompletionInfo, ConvertResult, Diagnostic } from "tslab/dist/converter";
import type { DeclScope } from "../tslab/decl-chain.js";
import type { Compiled, CompilerBackend, CompilerSettings } from "./backend.js";
import type { CompilerCall, CompilerMessage, CompilerRequest } from "./protocol.js";
import { CompilerSession } from "./session.js";

export class LocalCompiler implements CompilerBackend {
  #session: CompilerSession | undefined;
  #reply: CompilerMessage | undefined;
  #next = 1;

  constructor(private readonly settings: CompilerSettings) {}

  get started(): boolean {
    return this.#session !== undefined;
  }

  get ready(): boolean {
    return this.#session !== undefined;
  }

  start(): void {
    if (this.#session) return;
    this.#session = new CompilerSession((m) => {
      this.#reply = m;
    });
    this.#session.handle({ id: 0, op: "configure", settings: this.settings });
  }

  #request<T>(request: CompilerCall): Promise<Compiled<T>> {
    this.start();
    this.#reply = undefined;
    this.#session!.handle({ ...request, id: this.#next++ } as CompilerRequest);
    const reply = this.#reply as CompilerMessage | undefined;
    if (reply?.kind === "answer") return Promise.resolve({ value: reply.value as T, filesRead: reply.filesRead });
    return Promise.reject(new Error(`TypeScript's compiler failed: ${reply?.kind === "failed" ? reply.error : "no answer"}`));
  }

  convert(scope: DeclScope, src: string): Promise<Compiled<ConvertResult>> {
    return this.#request({ op: "convert", scope, src });
  }

  inspect(scope: DeclScope, src: string, position: number): Promise<Compiled<QuickInfo | undefined>> {
    return this.#request({ op: "inspect", scope, src, position });
  }

  complete(scope: DeclScope, src: string, position: number): Promise<Compiled<CompletionInfo>> {
    return this.#request({ op: "complete", scope, src, position });
  }

  addModule(name: string, content: string): Promise<Compiled<Diagnostic[]>> {
    return this.#request({ op: "addModule", name, content });
  }

  close(): void {
    this.#session?.close();
  }
}
