/**
 * The HTML page around an article or the index: a Content-Security-Policy that forbids every
 * fetch, and the stylesheet inlined.
 */
import { readFileSync } from "node:fs";
import { escapeHTML } from "../../render/html.js";
import { BASE_CSS } from "./stylesheet.js";

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

/**
 * The page around a body. The Content-Security-Policy forbids every fetch (the article must
 * never need the network); scripts run only when the article inlines vega-embed or is trusted.
 */
export function page(title: string, body: string, options: { head: string; scripts: boolean; trust: boolean }): string {
  const script = options.trust ? "'unsafe-inline' 'unsafe-eval'" : options.scripts ? "'unsafe-inline' 'unsafe-eval'" : "'none'";
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
