/**
 * Where podtalk keeps its caches: `PODTALK_CACHE_DIR`, else `$XDG_CACHE_HOME/podtalk`, else
 * `~/.cache/podtalk`. `PODTALK_CACHE_DIR=off` turns caching off.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** The values of PODTALK_CACHE_DIR that turn caching off. */
const OFF = new Set(["off", "0", "false", "no", "none"]);

/**
 * podtalk's cache folder for this environment, or undefined when caching is turned off.
 *
 * @example cacheDir({ PODTALK_CACHE_DIR: "/tmp/c" }) // "/tmp/c"
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env["PODTALK_CACHE_DIR"];
  if (explicit !== undefined) {
    if (OFF.has(explicit.trim().toLowerCase())) return undefined;
    if (explicit.trim() !== "") return resolve(explicit);
  }
  const xdg = env["XDG_CACHE_HOME"];
  return join(xdg ? resolve(xdg) : join(homedir(), ".cache"), "podtalk");
}

/** The folder of the kernel's compiled-cell cache inside cacheDir(). */
export const COMPILE_CACHE_FOLDER = "compile-v1";
/** The folder of the kernel's rendered figures inside cacheDir(). */
export const RENDER_CACHE_FOLDER = "figures-v1";

/** How the folders of V8's code cache inside cacheDir() begin: one per Node version and architecture. */
export const CODE_CACHE_PREFIX = "code-";

/** The folder of V8's code cache for this Node inside cacheDir(). */
export const CODE_CACHE_FOLDER = `${CODE_CACHE_PREFIX}${process.version}-${process.arch}`;
