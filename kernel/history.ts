/**
 * The cells executed in this kernel session, answering `history_request` (tail, range, search).
 *
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html#history
 */

/** One executed cell: its execution count, input and the text of its result (if any). */
interface Entry {
  readonly line: number;
  readonly input: string;
  output: string | null;
}

/** The history session number of the running kernel (history is not persisted across sessions). */
export const HISTORY_SESSION = 1;

/** A row of a history_reply: `[session, line, input]` or `[session, line, [input, output]]`. */
export type HistoryRow = [number, number, string | [string, string | null]];

/** The `content` of a history_request that the kernel reads. */
export interface HistoryQuery {
  readonly output?: boolean;
  readonly hist_access_type?: string;
  readonly session?: number;
  readonly start?: number;
  readonly stop?: number;
  readonly n?: number | null;
  readonly pattern?: unknown;
  readonly unique?: boolean;
}

/** The history of one session, in execution order. */
export class History {
  readonly #entries: Entry[] = [];

  /** Records an executed cell under its execution count. */
  add(line: number, input: string): void {
    this.#entries.push({ line, input, output: null });
  }

  /** Sets the result text of the cell recorded under `line`. */
  setOutput(line: number, output: string): void {
    const entry = this.#entries.find((e) => e.line === line);
    if (entry) entry.output = output;
  }

  /** Answers a history_request. */
  query(q: HistoryQuery): HistoryRow[] {
    let picked: Entry[];
    switch (q.hist_access_type) {
      case "range": {
        if (q.session !== undefined && q.session > 0 && q.session !== HISTORY_SESSION) return [];
        const start = q.start ?? 0;
        const stop = q.stop ?? Number.POSITIVE_INFINITY;
        picked = this.#entries.filter((e) => e.line >= start && e.line < stop);
        break;
      }
      case "search": {
        // A pattern that is not a string matches nothing (and still gets a reply).
        const pattern = q.pattern ?? "*";
        picked = typeof pattern === "string" ? this.#entries.filter((e) => globMatch(pattern, e.input)) : [];
        if (q.unique) {
          // Keep the most recent occurrence of each input, as IPython does.
          const seen = new Set<string>();
          picked = picked
            .reverse()
            .filter((e) => {
              if (seen.has(e.input)) return false;
              seen.add(e.input);
              return true;
            })
            .reverse();
        }
        if (q.n) picked = picked.slice(-q.n);
        break;
      }
      default: {
        // "tail"
        picked = q.n ? this.#entries.slice(-q.n) : [...this.#entries];
      }
    }
    return picked.map((e): HistoryRow => [HISTORY_SESSION, e.line, q.output ? [e.input, e.output] : e.input]);
  }
}

/**
 * Whether `text` matches a glob (`*` any run of characters, `?` one character, as IPython's
 * history search uses), in time proportional to pattern × text length at worst. A regular
 * expression built from the glob backtracks exponentially on patterns such as `*a*a*a*…b`, and
 * a request could then block the kernel for as long as it liked.
 */
export function globMatch(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  // The last `*` seen, and where in the text its match currently ends: on a mismatch, let that
  // star take one more character. Earlier stars never need to change (the classic greedy
  // wildcard match).
  let star = -1;
  let starText = 0;
  while (t < text.length) {
    if (g < glob.length && (glob[g] === "?" || (glob[g] !== "*" && glob[g] === text[t]))) {
      g++;
      t++;
    } else if (g < glob.length && glob[g] === "*") {
      star = g++;
      starText = t;
    } else if (star >= 0) {
      g = star + 1;
      t = ++starText;
    } else return false;
  }
  while (glob[g] === "*") g++;
  return g === glob.length;
}
