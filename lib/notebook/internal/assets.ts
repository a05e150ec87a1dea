/**
 * Files from installed packages that articles inline: KaTeX's stylesheet with its fonts as data:
 * URIs, and the vega, vega-lite and vega-embed browser bundles. Read once per process.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The folder of an installed package (works for packages whose `exports` hide their files). */
export function packageDir(name: string): string {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  throw new Error(`Cannot find the installed package ${name}; run \`npm install\``);
}

let katexCSS: string | undefined;

/** katex.min.css with every font as an inline WOFF2 data: URI (no woff/ttf fallbacks needed). */
export function katexStylesheet(): string {
  if (katexCSS !== undefined) return katexCSS;
  const dist = join(packageDir("katex"), "dist");
  katexCSS = readFileSync(join(dist, "katex.min.css"), "utf8").replace(
    /src:url\(fonts\/([A-Za-z0-9_-]+)\.woff2\) format\("woff2"\)[^;}]*/g,
    (_, font: string) => `src:url(data:font/woff2;base64,${readFileSync(join(dist, "fonts", `${font}.woff2`)).toString("base64")}) format("woff2")`,
  );
  return katexCSS;
}

let vegaBundles: string | undefined;

/** vega, vega-lite and vega-embed as one script body, safe inside a `<script>` element. */
export function vegaEmbedBundle(): string {
  if (vegaBundles !== undefined) return vegaBundles;
  const files = [
    join(packageDir("vega"), "build", "vega.min.js"),
    join(packageDir("vega-lite"), "build", "vega-lite.min.js"),
    join(packageDir("vega-embed"), "build", "vega-embed.min.js"),
  ];
  // Source maps are not shipped with the page; a sourceMappingURL would make devtools fetch one.
  vegaBundles = files
    .map((f) =>
      readFileSync(f, "utf8")
        .replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n")
        .replace(/<\/(script)/gi, "<\\/$1"),
    )
    .join("\n;\n");
  return vegaBundles;
}
