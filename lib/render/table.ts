/**
 * Table: the view model of every `kubectl get`-like listing, rendered as aligned text (as kubectl
 * prints it) and as an HTML table, from the same cells so the two never disagree.
 */
import { escapeHTML } from "./html.js";
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { GET_TABWRITER, tabwriteCells } from "./tabwriter.js";

/** One row: column name to cell text. */
export type Row = Readonly<Record<string, string>>;

/**
 * A table with kubectl's columns and cell formats.
 *
 * @example
 * const pods = cluster.get("pods");
 * pods.columns;            // ["NAME", "READY", "STATUS", ...]
 * pods.rows[0]!["IP"];     // "10.244.1.2"
 */
export class Table {
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  /** A caption shown above the HTML table (the command it stands for). */
  readonly caption: string | undefined;
  /** What kubectl prints on stderr before the table (`Warning: …`). */
  readonly warnings: readonly string[];
  /** What kubectl prints when there is nothing to list. */
  readonly emptyMessage: string;

  constructor(columns: readonly string[], rows: readonly Row[], options: { caption?: string; warnings?: readonly string[]; emptyMessage?: string } = {}) {
    this.columns = columns;
    this.rows = rows;
    this.caption = options.caption;
    this.warnings = options.warnings ?? [];
    this.emptyMessage = options.emptyMessage ?? "No resources found.";
  }

  /** The cells of one column, top to bottom. */
  column(name: string): string[] {
    return this.rows.map((r) => r[name] ?? "");
  }

  /**
   * The row whose `NAME` cell is exactly `name`, or `undefined`. A Deployment's Pods have
   * generated names (`api-7c9d8b6f5-2xk4q`): find them with `cluster.pods({ selector })` or
   * `rows.filter((r) => r["NAME"]?.startsWith("api-"))`. Shown alone in a notebook, the row
   * displays as a one-row table with this table's columns (a non-enumerable display method on a
   * copy of the row, so `row["IP"]`, spreading and comparing it work as on the plain record).
   *
   * @example cluster.get("services").row("my-api")?.["CLUSTER-IP"]
   */
  row(name: string): Row | undefined {
    const found = this.rows.find((r) => r["NAME"] === name);
    return found && displayableRow(this.columns, found);
  }

  /** Aligned text, byte for byte as kubectl's tabwriter prints it. */
  toText(): string {
    const warnings = this.warnings.map((w) => `Warning: ${w}\n`).join("");
    if (this.rows.length === 0) return `${warnings}${this.emptyMessage}\n`;
    const lines = [this.columns, ...this.rows.map((r) => this.columns.map((c) => r[c] ?? ""))];
    return `${warnings + tabwriteCells(lines, GET_TABWRITER).join("\n")}\n`;
  }

  /** An HTML table with the same cells. */
  toHTML(): string {
    const head = this.columns.map((c) => `<th>${escapeHTML(c)}</th>`).join("");
    const body = this.rows.map((r) => `<tr>${this.columns.map((c) => `<td>${escapeHTML(r[c] ?? "")}</td>`).join("")}</tr>`).join("\n");
    const caption = this.caption ? `<caption>${escapeHTML(this.caption)}</caption>` : "";
    const warnings = this.warnings.map((w) => `<p class="podtalk-warning">Warning: ${escapeHTML(w)}</p>`).join("");
    if (this.rows.length === 0)
      return `${warnings}<p class="podtalk-empty">${caption ? `${escapeHTML(this.caption!)}: ` : ""}${escapeHTML(this.emptyMessage)}</p>`;
    return `${warnings}<table class="podtalk-table">${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
  }

  toString(): string {
    return this.toText();
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/html": this.toHTML(), "text/plain": this.toText().replace(/\n$/, "") };
  }
}

/** A copy of `row` that displays as a one-row table with `columns`. */
function displayableRow(columns: readonly string[], row: Row): Row {
  const table = new Table(columns, [row]);
  return Object.defineProperty({ ...row }, JUPYTER_DISPLAY, { value: () => table[JUPYTER_DISPLAY](), enumerable: false });
}
