/**
 * Mocha root hooks (loaded through .mocharc's `require`): the whole test run gets a compile cache
 * of its own, so that tests neither read nor fill the cache in the user's home, and a notebook run
 * twice in the run exercises both a cold and a warm cache.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let created: string | undefined;

export const mochaHooks = {
  beforeAll(): void {
    if (process.env["PODTALK_CACHE_DIR"] !== undefined) return;
    created = mkdtempSync(join(tmpdir(), "podtalk-test-cache-"));
    process.env["PODTALK_CACHE_DIR"] = created;
  },
  afterAll(): void {
    if (created === undefined) return;
    rmSync(created, { recursive: true, force: true });
    delete process.env["PODTALK_CACHE_DIR"];
  },
};
