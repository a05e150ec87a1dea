/**
 * The HTML page around an article or the index: a Content-Security-Policy that forbids every
 * fetch, and the stylesheet inlined.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { escapeHTML } from "../../render/html.js";
import { BASE_CSS } from "./stylesheet.js";

/** The shared runtime file of a live article: its URL relative to the page. */
export interface LiveRuntimeFile {
  readonly src: string;
}

let cachedCSS: string | undefined;

function stylesheet(): string {
  if (cachedCSS !== undefined) return cachedCSS;
  const theme = (name: string): string => {
    try {
      return readFileSync(require.resolve(`highlight.js/styles/${name}`), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
    } catch {
      return "";
    }
  };
  cachedCSS = `${BASE_CSS}\n${theme("github.min.css")}\n@media (prefers-color-scheme: dark) {\n${theme("github-dark.min.css")}\n}`;
  return cachedCSS;
}

/** A CSP hash-source for a script's exact text (CSP Level 3): `'sha256-<base64>'`. */
function scriptHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * The page around a body. The Content-Security-Policy forbids every fetch (the article must
 * never need the network). Scripts: a trusted export allows any inline script (the notebook's
 * own outputs may carry some); otherwise only the exporter's own inline scripts run (the packet
 * stepper, the vega-embed bundle with `interactive`), each allowed by its hash, and `eval` only
 * for vega-embed (Vega compiles its expressions with `Function`). `inline` holds the texts of
 * those scripts, `scripts` says that vega-embed is among them.
 */
export function page(
  title: string,
  body: string,
  options: { head: string; scripts: boolean; trust: boolean; inline?: readonly string[]; live?: true | LiveRuntimeFile },
): string {
  // The exporter's own scripts go last in the body; only they get a hash (never anything an output holds).
  const inline = options.inline ?? [];
  if (inline.length) body += inline.map((text) => `\n<script>${text}</script>`).join("");
  const external = typeof options.live === "object" ? options.live : undefined;
  if (external) body += `\n<script src="${escapeHTML(external.src)}"></script>`;
  // The shared runtime is allowed as 'self': a hash would need the element's integrity attribute,
  // which chromium cannot check for a file:// script (SRI needs CORS) and so refuses to run it.
  const hashes = options.trust ? [] : [...new Set(inline.map(scriptHash)), ...(external ? ["'self'"] : [])];
  // A live article runs its cells' code, which the runtime compiles with \`Function\` (as vega-embed's
  // charts compile their expressions): 'unsafe-eval' is what that needs, and all it allows. Every
  // script element still needs its hash: nothing an output holds (sanitised anyway) can run, and
  // default-src 'none' still forbids every fetch, so the code a cell runs cannot reach the network.
  const evaluates = options.scripts || options.live !== undefined;
  const script = options.trust ? "'unsafe-inline' 'unsafe-eval'" : hashes.length ? `${hashes.join(" ")}${evaluates ? " 'unsafe-eval'" : ""}` : "'none'";
  const csp = `default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; script-src ${script}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="podtalk">
<title>${escapeHTML(title)}</title>${options.head ? `\n${options.head}` : ""}
<style>
${stylesheet()}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
