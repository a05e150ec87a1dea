/**
 * Where `podtalk` lives for code typed in a cell.
 *
 * Cells are compiled with classic Node resolution (no `exports` maps, no package
 * self-reference), so `import { Cluster } from "podtalk"` only type-checks when a real
 * `node_modules/podtalk` sits next to the notebook. The kernel maps the missing folder
 * `<cwd>/node_modules/podtalk/` onto this package, and subpath exports such as
 * `podtalk/notebook` onto the folder its `exports` entry names.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** The package name the kernel maps. */
export const PODTALK_PACKAGE = "podtalk";

/** Maps paths under `<cwd>/node_modules/podtalk/` that do not exist on disk onto the package root. */
export class PodtalkPathMap {
  readonly #virtualRoot: string;
  readonly #packageRoot: string;
  /** Subpath folder ("notebook") -> folder in the package ("dist/lib/notebook"). */
  readonly #subpaths: ReadonlyMap<string, string>;

  constructor(cwd: string, packageRoot: string) {
    this.#virtualRoot = join(cwd, "node_modules", PODTALK_PACKAGE);
    this.#packageRoot = packageRoot;
    this.#subpaths = subpathFolders(packageRoot);
  }

  /** True when a real `node_modules/podtalk` exists next to the notebook: then nothing is mapped. */
  get shadowed(): boolean {
    return existsSync(this.#virtualRoot);
  }

  /** The real path for `path`, or `path` itself when it is outside the mapped folder. */
  map(path: string): string {
    const rel = relative(this.#virtualRoot, path);
    if (rel.startsWith("..") || rel.startsWith(sep) || this.shadowed) return path;
    if (rel === "") return this.#packageRoot;
    const [first, ...rest] = rel.split(sep);
    const sub = this.#subpaths.get(first!);
    if (sub !== undefined) return join(this.#packageRoot, sub, ...rest);
    return join(this.#packageRoot, rel);
  }
}

/** Reads `exports` of the package.json: "./notebook" -> "dist/lib/notebook" (the folder of its types). */
function subpathFolders(packageRoot: string): Map<string, string> {
  const out = new Map<string, string>();
  let pkg: { exports?: Record<string, unknown> };
  try {
    pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as typeof pkg;
  } catch {
    return out;
  }
  for (const [key, target] of Object.entries(pkg.exports ?? {})) {
    if (key === "." || !key.startsWith("./") || key.includes("*")) continue;
    const types = typesOf(target);
    if (types === undefined || !types.endsWith("/index.d.ts")) continue;
    out.set(key.slice(2), dirname(types.replace(/^\.\//, "")));
  }
  return out;
}

/**
 * The CommonJS declarations an `exports` target names: its `types`, or those under its
 * `require` condition (`{ import: {...}, require: { types, default } }`). Cells are compiled as
 * CommonJS, so the `require` side is the one they see.
 */
function typesOf(target: unknown): string | undefined {
  if (typeof target !== "object" || target === null) return undefined;
  const conditions = target as Record<string, unknown>;
  if (typeof conditions["types"] === "string") return conditions["types"];
  return typesOf(conditions["require"]);
}
