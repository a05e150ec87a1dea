import { strict as assert } from "node:assert";
import { formatDigDate, formatHTTPDate, formatRFC1123Z } from "../../lib/model/time-format.js";

describe("time formats", () => {
  const at = Date.UTC(2025, 0, 6, 9, 5, 7);
  const cases = [
    { name: "formatRFC1123Z() prints kubectl's RFC 1123 with a numeric zone", format: formatRFC1123Z, expected: "Mon, 06 Jan 2025 09:05:07 +0000" },
    { name: "formatHTTPDate() prints an HTTP Date header", format: formatHTTPDate, expected: "Mon, 06 Jan 2025 09:05:07 GMT" },
    { name: "formatDigDate() prints dig's WHEN line", format: formatDigDate, expected: "Mon Jan 06 09:05:07 UTC 2025" },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(c.format(at), c.expected));
    it(`${c.name.split(" ")[0]} reads a Date as its epoch milliseconds`, () => assert.equal(c.format(new Date(at)), c.expected));
  }
  it("formatHTTPDate() agrees with Date.prototype.toUTCString()", () => {
    for (const ms of [0, at, Date.UTC(2025, 11, 31, 23, 59, 59), Date.UTC(2028, 1, 29, 12, 0, 0)]) {
      assert.equal(formatHTTPDate(ms), new Date(ms).toUTCString());
    }
  });
});
