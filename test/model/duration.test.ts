import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError, humanDuration, parseDuration } from "../../lib/model/index.js";

describe("parseDuration()", () => {
  const cases = [
    { text: "30s", seconds: 30 },
    { text: "1m30s", seconds: 90 },
    { text: "2h", seconds: 7200 },
    { text: "1h30m", seconds: 5400 },
    { text: "500ms", seconds: 0.5 },
    { text: " 45s ", seconds: 45 },
  ];
  for (const c of cases) {
    it(`reads "${c.text}" as ${c.seconds} s`, () => assert.equal(parseDuration(c.text), c.seconds));
  }
  const bad = [
    { text: "", why: "empty" },
    { text: "30", why: "no unit" },
    { text: "5 minutes", why: "not a Go unit" },
    { text: "-1s", why: "negative" },
    { text: "1m30", why: "trailing number without a unit" },
  ];
  for (const c of bad) {
    it(`rejects "${c.text}" (${c.why}) naming the value and the accepted form`, () => {
      assert.throws(
        () => parseDuration(c.text),
        (e: unknown) =>
          e instanceof PodtalkError &&
          e.code === ErrorCode.BadRequest &&
          e.message === `Invalid duration "${c.text}": use a number with a unit, such as "30s", "5m", "1m30s" or "2h"`,
      );
    });
  }
});

describe("humanDuration()", () => {
  // apimachinery pkg/util/duration.HumanDuration, case by case.
  const m = 60;
  const h = 3600;
  const d = 24 * h;
  const y = 365 * d;
  const cases = [
    { seconds: -5, age: "<invalid>" },
    { seconds: -1, age: "0s" },
    { seconds: 0, age: "0s" },
    { seconds: 59, age: "59s" },
    { seconds: 119, age: "119s" },
    { seconds: 2 * m, age: "2m" },
    { seconds: 2 * m + 30, age: "2m30s" },
    { seconds: 10 * m, age: "10m" },
    { seconds: 10 * m + 30, age: "10m" },
    { seconds: 179 * m, age: "179m" },
    { seconds: 3 * h, age: "3h" },
    { seconds: 3 * h + 20 * m, age: "3h20m" },
    { seconds: 8 * h, age: "8h" },
    { seconds: 47 * h, age: "47h" },
    { seconds: 2 * d, age: "2d" },
    { seconds: 2 * d + 5 * h, age: "2d5h" },
    { seconds: 8 * d, age: "8d" },
    { seconds: 400 * d, age: "400d" },
    { seconds: 2 * y, age: "2y" },
    { seconds: 2 * y + 30 * d, age: "2y30d" },
    { seconds: 8 * y, age: "8y" },
    { seconds: 10 * y + 100 * d, age: "10y" },
  ];
  for (const c of cases) {
    it(`prints ${c.seconds} s as ${c.age}`, () => assert.equal(humanDuration(c.seconds), c.age));
  }
});
