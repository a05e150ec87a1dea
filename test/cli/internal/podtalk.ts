/** What the CLI tests share: running `podtalk` in-process, and notebooks of markdown cells. */
import { writeFileSync } from "node:fs";
import { main } from "../../../lib/cli/main.js";

/** Runs the CLI in-process and captures what it prints. */
export async function podtalk(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), progress: false, env });
  return { code, stdout, stderr };
}

/** Writes a notebook of markdown cells that asks for `kernel`. */
export function writeMarkdownNotebook(path: string, markdown: string[], kernel = "podtalk"): void {
  const cells = markdown.map((source, i) => ({ cell_type: "markdown", id: `m${i}`, metadata: {}, source }));
  writeFileSync(path, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: kernel, display_name: kernel } }, cells }));
}

/** Math nested deeper than KaTeX can render: the article of a notebook holding it cannot be exported. */
export const DEEP_MATH = `$${"{".repeat(3000)}x${"}".repeat(3000)}$`;
