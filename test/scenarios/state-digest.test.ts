/**
 * Everything a user can read from a scripted session (tables, descriptions, kube-proxy rules,
 * routes, traces, loads, timelines, topology, diffs, manifests, error messages) under every
 * network model and proxy mode, pinned by digest. A change that alters any of it fails here and
 * names the section that moved; `UPDATE_GOLDEN=1 npm test` rewrites the pinned digests when the
 * change is meant (review the sections it names).
 */
import { strict as assert } from "node:assert";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { smallDigests, type Digest } from "./state-digest.js";

const PINNED = join(__dirname, "..", "..", "..", "test", "scenarios", "state-digests.json");

describe("state digests of a scripted session", () => {
  it("are unchanged under every network model and proxy mode", () => {
    const fresh = smallDigests();
    if (process.env["UPDATE_GOLDEN"] === "1") {
      writeFileSync(PINNED, `${JSON.stringify(fresh, null, 2)}\n`);
      return;
    }
    assert.ok(existsSync(PINNED), "test/scenarios/state-digests.json is missing: run UPDATE_GOLDEN=1 npm test once");
    const pinned = JSON.parse(readFileSync(PINNED, "utf8")) as Record<string, Digest>;
    assert.deepEqual(Object.keys(fresh), Object.keys(pinned), "the scenarios");
    for (const [scenario, digest] of Object.entries(fresh)) {
      const moved = Object.keys({ ...digest.sections, ...pinned[scenario]!.sections }).filter(
        (section) => digest.sections[section] !== pinned[scenario]!.sections[section],
      );
      assert.deepEqual(moved, [], `${scenario}: these sections changed (dump them with node dist/test/scenarios/state-digest.js --dump DIR)`);
      assert.equal(digest.total, pinned[scenario]!.total, `${scenario}: the order of what a user reads changed`);
    }
  });
});
