/**
 * Test helpers for running notebooks through Debian's ipykernel (callers check availability
 * with requireInterop first).
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SYSTEM_PYTHON } from "../../internal/interop.js";

/** A temp Jupyter data dir with a kernelspec for Debian's ipykernel, named python3. */
export function ipykernelEnv(dir: string): NodeJS.ProcessEnv {
  const kernels = join(dir, "kernels", "python3");
  mkdirSync(kernels, { recursive: true });
  writeFileSync(
    join(kernels, "kernel.json"),
    JSON.stringify({
      argv: [SYSTEM_PYTHON, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
      display_name: "Python 3",
      language: "python",
    }),
  );
  return { ...process.env, JUPYTER_PATH: dir };
}

/** Writes a notebook with nbformat itself, so the test input is what Jupyter would save. */
export function writePythonNotebook(path: string, cells: { source: string; tags?: string[]; markdown?: boolean }[]): void {
  const script = `
import json, sys, nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell
spec = json.loads(sys.argv[2])
nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
nb.cells = [(new_markdown_cell if c.get("markdown") else new_code_cell)(c["source"], metadata={"tags": c["tags"]} if c.get("tags") else {}) for c in spec]
nbformat.write(nb, sys.argv[1])`;
  const r = spawnSync(SYSTEM_PYTHON, ["-c", script, path, JSON.stringify(cells)], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
}
