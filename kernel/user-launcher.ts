/**
 * The start script of a user-level kernelspec (`podtalk kernel install`, `--user`).
 *
 * A kernelspec in the user's Jupyter folder serves every notebook of that user, so it must not
 * name one project's `node_modules`. `kernel install` copies this file into the kernelspec folder
 * as `launch.cjs`, and the kernelspec starts `node {resource_dir}/launch.cjs`. Jupyter starts a
 * kernel in the notebook's folder; from there this script looks for podtalk the way Node looks
 * for a package (`node_modules/podtalk` in that folder, then in each folder above it, or a
 * podtalk checkout itself), then for the globally installed podtalk (`npm install -g podtalk`),
 * and starts the kernel of the one it finds. When there is none it says so and exits 1.
 *
 * It is copied out of the package, so it imports nothing but Node's own modules.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";

/** Where the kernel of a podtalk package lives, relative to the package's folder. */
const KERNEL_MAIN = join("dist", "kernel", "main.js");

/** The kernel entry of a podtalk package folder, or undefined when `dir` holds none. */
function kernelIn(dir: string): string | undefined {
  const main = join(dir, KERNEL_MAIN);
  if (!existsSync(main)) return undefined;
  try {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown };
    return pkg.name === "podtalk" ? main : undefined;
  } catch {
    return undefined;
  }
}

/** `node_modules/podtalk` (or a podtalk checkout) in `start` or the nearest folder above it. */
export function findLocalKernel(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const found = kernelIn(join(dir, "node_modules", "podtalk")) ?? kernelIn(dir);
    if (found) return found;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The folders a global `npm install -g` may have used, in the order they are tried: `$NODE_PATH`,
 * `$npm_config_prefix/lib/node_modules`, `<node's prefix>/lib/node_modules` (npm's default).
 */
export function globalRoots(env: NodeJS.ProcessEnv): string[] {
  const roots = (env["NODE_PATH"] ?? "").split(delimiter).filter(Boolean);
  if (env["npm_config_prefix"]) roots.push(join(env["npm_config_prefix"], "lib", "node_modules"));
  roots.push(join(dirname(dirname(process.execPath)), "lib", "node_modules"));
  return [...new Set(roots.map((r) => resolve(r)))];
}

/** What `npm root -g` says, for a global folder set in npm's configuration files. */
function npmRootGlobal(): string | undefined {
  try {
    return execFileSync("npm", ["root", "-g"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The kernel to start for a notebook in `cwd`, or the message that says why there is none.
 * `askNpm` (npm's own answer for its global folder) is called only when nothing else was found.
 */
export function resolveKernel(cwd: string, env: NodeJS.ProcessEnv, askNpm: () => string | undefined = npmRootGlobal): { main: string } | { error: string } {
  const local = findLocalKernel(cwd);
  if (local) return { main: local };
  const roots = globalRoots(env);
  for (const root of roots) {
    const found = kernelIn(join(root, "podtalk"));
    if (found) return { main: found };
  }
  const fromNpm = askNpm();
  if (fromNpm !== undefined && !roots.includes(resolve(fromNpm))) {
    roots.push(resolve(fromNpm));
    const found = kernelIn(join(fromNpm, "podtalk"));
    if (found) return { main: found };
  }
  return {
    error:
      `podtalk kernel: cannot find podtalk for a notebook in ${resolve(cwd)}: there is no node_modules/podtalk ` +
      `in that folder or any folder above it, and no global install in ${roots.join(", ")}. ` +
      "Install podtalk in the notebook's project (npm install podtalk) or globally (npm install -g podtalk).\n",
  };
}

/** Runs the launcher: starts the kernel found, keeping the kernel's own arguments. */
export function launch(): void {
  const found = resolveKernel(process.cwd(), process.env);
  if ("error" in found) {
    process.stderr.write(found.error);
    process.exit(1);
  }
  // main.js reads `--connection-file` from process.argv, which is this script's argv unchanged.
  require(found.main);
}

if (require.main === module) launch();
