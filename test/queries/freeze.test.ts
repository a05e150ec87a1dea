import { strict as assert } from "node:assert";
import { deepFreeze } from "../../lib/queries/freeze.js";

describe("deepFreeze()", () => {
  it("freezes nested objects and arrays, and returns the same value", () => {
    const v = { a: { b: [1, { c: 2 }] }, d: undefined };
    assert.equal(deepFreeze(v), v);
    assert.ok(Object.isFrozen(v) && Object.isFrozen(v.a) && Object.isFrozen(v.a.b) && Object.isFrozen(v.a.b[1]));
    assert.throws(() => {
      (v.a.b[1] as { c: number }).c = 3;
    }, TypeError);
  });

  it("leaves numbers, strings and undefined alone", () => {
    assert.equal(deepFreeze(3), 3);
    assert.equal(deepFreeze("x"), "x");
    assert.equal(deepFreeze(undefined), undefined);
  });
});
