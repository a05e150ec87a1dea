import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { Verified, check, checks } from "../../lib/index.js";
import { JUPYTER_DISPLAY } from "../../lib/render/mime.js";
import { PodtalkError } from "../../lib/model/errors.js";

/** The message of what `fn` throws, asserting it is a PodtalkError. */
function thrown(fn: () => unknown): PodtalkError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PodtalkError, `a PodtalkError, got ${String(e)}`);
    return e;
  }
  assert.fail("expected an error");
}

describe("check()", () => {
  it("displays one ✔ verified line when the claim holds, as text and HTML", () => {
    const v = check(1 + 1 === 2, "the replacement got a new IP");
    assert.ok(v instanceof Verified);
    const bundle = v[JUPYTER_DISPLAY]();
    assert.equal(bundle["text/plain"], "✔ verified: the replacement got a new IP");
    assert.match(String(bundle["text/html"]), /<div class="podtalk-verified"[^>]*>✔ verified: the replacement got a new IP<\/div>/);
    assert.equal(inspect(v), "✔ verified: the replacement got a new IP", "console.log shows the line, not a dump");
  });

  it("throws ✘ claim no longer holds, with what was seen when given", () => {
    const e = thrown(() => check(false, "the replacement got a new IP", "10.244.1.3"));
    assert.equal(e.code, "CheckFailed");
    assert.equal(e.message, '✘ claim no longer holds: the replacement got a new IP\n  seen:     "10.244.1.3"');
    assert.equal(thrown(() => check(false, "three Pods")).message, "✘ claim no longer holds: three Pods");
  });

  it("check.equal says what was expected and what was seen", () => {
    assert.equal(check.equal({ a: [1, 2] }, { a: [1, 2] }, "same").toString(), "✔ verified: same");
    assert.equal(
      thrown(() => check.equal(["10.244.1.2:80"], ["10.244.1.2:80", "10.244.2.2:80"], "two endpoints")).message,
      '✘ claim no longer holds: two endpoints\n  expected: ["10.244.1.2:80","10.244.2.2:80"]\n  seen:     ["10.244.1.2:80"]',
    );
  });

  it("check.includes reads any value's text", () => {
    const text = { toString: () => "Hostname: api-7d9\nIP: 10.244.1.2" };
    assert.equal(check.includes(text, "Hostname: api-", "the Service answers").toString(), "✔ verified: the Service answers");
    assert.match(
      thrown(() => check.includes(text, "web-", "web answers")).message,
      /^✘ claim no longer holds: web answers\n {2}expected to contain: "web-"\n {2}seen: /,
    );
  });

  it("chains and gathers several checks, one line each", () => {
    const chained = check(true, "one").equal(2, 2, "two").includes("abc", "b", "three");
    assert.equal(chained.toString(), "✔ verified: one\n✔ verified: two\n✔ verified: three");
    assert.equal(checks(check(true, "a"), check(true, "b")).toString(), "✔ verified: a\n✔ verified: b");
  });

  it("refuses a missing claim or a non-boolean condition with podtalk's error", () => {
    assert.match(thrown(() => check(true, "")).message, /check\(\) needs the claim it verifies as a non-empty string/);
    assert.match(thrown(() => check("yes" as unknown as boolean, "x")).message, /check\(\) takes a boolean condition, got "yes"/);
    assert.match(thrown(() => checks("x" as unknown as Verified)).message, /checks\(\) takes the results of check\(\)/);
  });
});
