/** The machine's processes as Linux's /proc shows them, for tests that check what is left running. */
import { readFileSync, readdirSync } from "node:fs";

/** One process: its id, its parent's, and its command line. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly argv: readonly string[];
}

/** Every process now (one that ends while it is read is left out). */
export function processes(): ProcessEntry[] {
  const out: ProcessEntry[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      out.push({ pid: Number(name), ppid, argv: readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").slice(0, -1) });
    } catch {
      // Ended while we looked.
    }
  }
  return out;
}

/** The children of `parent` whose command line has an argument ending with `script`. */
export function childrenRunning(parent: number, script: string): ProcessEntry[] {
  return processes().filter((p) => p.ppid === parent && p.argv.some((a) => a.endsWith(script)));
}
