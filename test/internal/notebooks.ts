/** Notebooks for tests that run them: code cells for podtalk's kernel, as `podtalk` writes a notebook. */
import { writeFileSync } from "node:fs";

/** The text of a notebook with one code cell per source, for podtalk's kernel. */
export function podtalkNotebookText(sources: readonly string[]): string {
  const cells = sources.map((source, i) => ({ cell_type: "code", execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source }));
  const metadata = { kernelspec: { display_name: "TypeScript (podtalk)", language: "typescript", name: "podtalk" } };
  return `${JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
}

/** Writes podtalkNotebookText(sources) to `path`. */
export function writePodtalkNotebook(path: string, sources: readonly string[]): void {
  writeFileSync(path, podtalkNotebookText(sources));
}
