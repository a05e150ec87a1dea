/**
 * The declarations of earlier cells as a chain of frozen chunks and a tail.
 *
 * tslab's executor carries one string from cell to cell (the declarations the next cell sees),
 * handing the compiler back what it returned for the last cell that ran. Here that string is the
 * tail (the newest declarations, which the compiler rewrites as cells redeclare names) behind a
 * one-line header naming the newest frozen chunk. When the tail outgrows FREEZE_AT characters it
 * is frozen into a chunk that never changes again, so its text is parsed and bound once per
 * session instead of once per cell.
 *
 * A chunk's id is the SHA-256 of its parent's id and its text, so the carried string names the
 * whole chain by content: the compile cache can key on it, and a cell served from that cache
 * freezes the same chunk that compiling it would have (freezing is a function of the string).
 * A notebook whose declarations never outgrow the tail carries exactly the text tslab carries.
 */
import { createHash } from "node:crypto";

/** Tail size (characters) at which it is frozen into a chunk. */
export const FREEZE_AT = 2048;

const HEADER = "//# podtalk-scope ";

/** One frozen chunk of declarations. */
export interface DeclChunk {
  readonly id: string;
  readonly text: string;
  readonly parent: DeclChunk | undefined;
}

/** What a cell is compiled against: the frozen chunks, oldest first, and the tail. */
export interface DeclScope {
  readonly chunks: readonly DeclChunk[];
  readonly tail: string;
}

/** The chunks a session has frozen, by id, and the scopes named by carried strings. */
export class DeclChain {
  readonly #chunks = new Map<string, { chunk: DeclChunk; path: readonly DeclChunk[] }>();
  readonly #freezeAt: number;

  constructor(freezeAt = FREEZE_AT) {
    this.#freezeAt = freezeAt;
  }

  /** The scope a carried string names, with its tail frozen first when it has outgrown the limit. */
  scope(carried: string): DeclScope {
    let head: { chunk: DeclChunk; path: readonly DeclChunk[] } | undefined;
    let tail = carried;
    if (carried.startsWith(HEADER)) {
      const end = carried.indexOf("\n");
      const id = carried.slice(HEADER.length, end);
      head = this.#chunks.get(id);
      if (!head) throw new Error(`podtalk kernel: the declarations of earlier cells name an unknown chunk ${id}; restart the kernel`);
      tail = carried.slice(end + 1);
    }
    if (tail.length > this.#freezeAt) {
      const parent = head?.chunk;
      const id = createHash("sha256")
        .update(`${parent?.id ?? ""}\0${tail}`)
        .digest("hex");
      head = this.#chunks.get(id);
      if (!head) {
        const chunk: DeclChunk = { id, text: tail, parent };
        head = { chunk, path: [...(parent ? this.#chunks.get(parent.id)!.path : []), chunk] };
        this.#chunks.set(id, head);
      }
      tail = "";
    }
    return { chunks: head?.path ?? [], tail };
  }

  /** The string the executor carries after a cell compiled in `scope` left `tail`. */
  carry(scope: DeclScope, tail: string): string {
    const newest = scope.chunks.at(-1);
    return newest ? `${HEADER}${newest.id}\n${tail}` : tail;
  }
}
