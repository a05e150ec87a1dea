/**
 * Redirects TypeScript's file system (`ts.sys` of tslab's bundled TypeScript) so that cells
 * resolve `podtalk` from any folder, and records which files each compile reads (what a cached
 * compile depends on). tslab's converter looks `ts.sys` up at call time, so wrapping its
 * functions is enough.
 */
import type { PodtalkPathMap } from "../podtalk-resolution.js";
import { tsForTslab } from "./load.js";

let tsPathsMapped = false;
/** Where the files TypeScript reads are recorded: the set of the executor whose compiler is at work. */
let filesReadBy: Set<string> | undefined;

/** Runs `fn` (a call into tslab's compiler) recording every file TypeScript reads into `files`. */
export function recordingReads<T>(files: Set<string>, fn: () => T): T {
  const outer = filesReadBy;
  filesReadBy = files;
  try {
    return fn();
  } finally {
    filesReadBy = outer;
  }
}

/** Records `path` as read by the compile at work (for a file TypeScript was given without reading it). */
export function noteRead(path: string): void {
  filesReadBy?.add(path);
}

/** The maps of every compiler of this process (one per notebook folder). */
const pathMaps: PodtalkPathMap[] = [];

/** `path` through the first of the maps that maps it. */
function mapPath(path: string): string {
  for (const paths of pathMaps) {
    const mapped = paths.map(path);
    if (mapped !== path) return mapped;
  }
  return path;
}

/** Makes TypeScript see `<cwd>/node_modules/podtalk` as this package, for each folder a compiler is made for. */
export function mapTypeScriptPaths(paths: PodtalkPathMap): void {
  pathMaps.push(paths);
  if (tsPathsMapped) return;
  tsPathsMapped = true;
  const sys = tsForTslab().sys;
  const { fileExists, readFile, directoryExists, realpath, getDirectories } = sys;
  sys.fileExists = (p) => fileExists.call(sys, mapPath(p));
  sys.readFile = (p, enc) => {
    const mapped = mapPath(p);
    filesReadBy?.add(mapped);
    return readFile.call(sys, mapped, enc);
  };
  sys.directoryExists = (p) => directoryExists.call(sys, mapPath(p));
  sys.getDirectories = (p) => getDirectories.call(sys, mapPath(p));
  // realpath makes relative imports inside podtalk's .d.ts files resolve next to the real files.
  sys.realpath = (p) => {
    const mapped = mapPath(p);
    return realpath ? realpath.call(sys, mapped) : mapped;
  };
}
