import { strict as assert } from "node:assert";
import { PodtalkError } from "../../../lib/model/index.js";

/** Runs `fn`, expecting a PodtalkError, and returns it. */
export function rejection(fn: () => unknown): PodtalkError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PodtalkError, `expected a PodtalkError, got ${String(e)}`);
    return e;
  }
  assert.fail("expected an error");
}
