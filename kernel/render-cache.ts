/**
 * The kernel's cache of rendered figures: the SVG text vega gave for each figure a cell showed,
 * kept in a folder of the cache folder (RENDER_CACHE_FOLDER), so that a notebook run again, in
 * this kernel or a later one, shows its figures without vega compiling and rendering them again.
 *
 * podtalk's renderer (lib/render/svg.ts) asks it through the kernel hook with a key that holds the
 * spec and everything else the SVG depends on (vega's and vega-lite's versions, the config, the
 * renderer's own code); an entry is the file named after the key's SHA-256. Rendering is
 * deterministic, so a hit is exactly what rendering would give: outputs never depend on whether
 * the cache was used. A folder that cannot be written is reported once; figures are rendered, and
 * those it holds are still shown from it.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, utimesSync } from "node:fs";
import { join } from "node:path";
import type { RenderCache } from "podtalk/protocol";
import { prune, writeAtomic } from "./compile-cache.js";

/** Past this many figures the least recently used half is removed when a kernel opens the cache. */
export const MAX_RENDER_CACHE_FILES = 2000;

/** Rendered figures in one folder, shared by every kernel that uses it. */
export class FolderRenderCache implements RenderCache {
  /** False once the folder could not be made, or a figure could not be written to it. */
  #writable = true;
  #warned = false;

  /**
   * @param dir the folder (created when missing; old figures pruned past MAX_RENDER_CACHE_FILES)
   * @param log where a problem with the folder is reported, once
   */
  constructor(
    private readonly dir: string,
    private readonly log: (message: string) => void,
  ) {
    try {
      mkdirSync(dir, { recursive: true });
      prune(dir, MAX_RENDER_CACHE_FILES);
    } catch (e) {
      this.#writable = false;
      this.#warn(e);
    }
  }

  get(key: string): string | undefined {
    const file = this.#file(key);
    let svg: string;
    try {
      svg = readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
    try {
      // Least recently used goes first when the folder is pruned.
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // A read-only cache still serves figures.
    }
    return svg;
  }

  set(key: string, svg: string): void {
    if (!this.#writable) return;
    try {
      writeAtomic(this.#file(key), svg);
    } catch (e) {
      // A read-only cache still serves the figures it has.
      this.#writable = false;
      this.#warn(e);
    }
  }

  #file(key: string): string {
    return join(this.dir, `${createHash("sha256").update(key).digest("hex")}.svg`);
  }

  #warn(e: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    this.log(`podtalk kernel: the figure cache in ${this.dir} is not usable, figures are rendered every time: ${(e as Error).message}`);
  }
}
