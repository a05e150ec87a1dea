/**
 * The messages between a kernel and its compiler process (process.ts, main.ts), over Node's IPC
 * channel. A frozen chunk of declarations travels once: later requests name it by id.
 */
import type { Compiled, CompilerSettings } from "./backend.js";

/** A scope on the wire: each chunk by id, with its text the first time the compiler is sent it. */
export interface WireScope {
  readonly chunks: readonly { readonly id: string; readonly text?: string }[];
  readonly tail: string;
}

/** A request of the kernel; the first one says what the compiler is for (`configure`). */
export type CompilerRequest = { readonly id: number } & (
  | { readonly op: "configure"; readonly settings: CompilerSettings }
  | { readonly op: "convert"; readonly scope: WireScope; readonly src: string }
  | { readonly op: "inspect" | "complete"; readonly scope: WireScope; readonly src: string; readonly position: number }
  | { readonly op: "addModule"; readonly name: string; readonly content: string }
);

/** A request before it is given its id. */
export type CompilerCall = CompilerRequest extends infer R ? (R extends { readonly id: number } ? Omit<R, "id"> : never) : never;

/** What the compiler process sends: that its compiler exists (or could not be created), or an answer. */
export type CompilerMessage =
  | { readonly kind: "ready"; readonly error?: string }
  | ({ readonly kind: "answer"; readonly id: number } & Compiled<unknown>)
  | { readonly kind: "failed"; readonly id: number; readonly error: string };
