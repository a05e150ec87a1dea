/**
 * `check()`: claims a notebook verifies about the cluster, for course authors. A claim that holds
 * displays as one short line (`✔ verified: …`); one that no longer holds throws, so `podtalk run`
 * and `podtalk check` fail at that cell, naming it. Cells that only verify carry the cell tag
 * `verify`, which the exporter leaves out of articles (see docs/checks.md).
 */
import { escapeHTML } from "./html.js";
import { INSPECT_CUSTOM, JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { ErrorCode, PodtalkError } from "../model/errors.js";

/** The cell tag of cells that verify claims: run and compared, left out of exported articles. */
export const VERIFY_TAG = "verify";

/** Claims that held: displays as one `✔ verified: …` line each, and chains further checks. */
export class Verified {
  /** The claims that held, in order. */
  readonly claims: readonly string[];

  constructor(claims: readonly string[]) {
    this.claims = claims;
  }

  /** `check(condition, claim, seen?)` after this one: the result displays both lines. */
  check(condition: boolean, claim: string, ...seen: [seen?: unknown]): Verified {
    return new Verified([...this.claims, ...check(condition, claim, ...seen).claims]);
  }

  /** `check.equal(actual, expected, claim)` after this one. */
  equal<T>(actual: T, expected: T, claim: string): Verified {
    return new Verified([...this.claims, ...check.equal(actual, expected, claim).claims]);
  }

  /** `check.includes(text, part, claim)` after this one. */
  includes(text: unknown, part: string, claim: string): Verified {
    return new Verified([...this.claims, ...check.includes(text, part, claim).claims]);
  }

  toString(): string {
    return this.claims.map((c) => `✔ verified: ${c}`).join("\n");
  }

  [INSPECT_CUSTOM](): string {
    return this.toString();
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    const lines = this.claims.map((c) => `<div class="podtalk-verified" style="color:#1a7f37">✔ verified: ${escapeHTML(c)}</div>`);
    return { "text/html": lines.join("\n"), "text/plain": this.toString() };
  }
}

/** The functions hung on {@link check}. */
export interface Check {
  /**
   * Verifies that `condition` is true; `claim` says, in the notebook's words, what that means.
   * Returns a {@link Verified} line; throws `✘ claim no longer holds: <claim>` (with `seen:` when
   * given) when it is false.
   *
   * @example check(after.ip !== before.ip, "the replacement got a new IP", after.ip)
   */
  (condition: boolean, claim: string, seen?: unknown): Verified;
  /**
   * Verifies that `actual` equals `expected` (deeply, for arrays and plain objects); a failure
   * says what was expected and what was seen.
   *
   * @example check.equal(cluster.get("pods").rows.length, 3, "the Deployment runs three Pods")
   */
  equal<T>(actual: T, expected: T, claim: string): Verified;
  /**
   * Verifies that `text` (a string, or anything whose `String()` is the text: a Trace, a Table,
   * manifests) contains `part`.
   *
   * @example check.includes(cluster.exec("client", "curl -s http://api"), "Hostname: api-", "the Service answers")
   */
  includes(text: unknown, part: string, claim: string): Verified;
}

/**
 * Verifies a claim about the cluster. See {@link Check} for `check.equal` and `check.includes`;
 * chain further checks on the result (`check(a, "…").check(b, "…")`) or gather several with
 * {@link checks}.
 *
 * @example
 * const before = cluster.get("pods").row("api-")!;
 * cluster.deletePod(before["NAME"]!); cluster.advance("30s");
 * check(cluster.get("pods").row("api-")!["IP"] !== before["IP"], "the replacement got a new IP")
 */
export const check: Check = Object.assign(
  (condition: boolean, claim: string, ...seen: [seen?: unknown]): Verified => {
    checkClaim("check()", claim);
    if (typeof condition !== "boolean") {
      throw new PodtalkError(
        ErrorCode.BadRequest,
        `check() takes a boolean condition, got ${describeValue(condition)}: compare explicitly, e.g. check(value !== undefined, ${JSON.stringify(claim)})`,
      );
    }
    if (!condition) throw failed(claim, seen.length > 0 ? [`seen:     ${describeValue(seen[0])}`] : []);
    return new Verified([claim]);
  },
  {
    equal<T>(actual: T, expected: T, claim: string): Verified {
      checkClaim("check.equal()", claim);
      if (!deepEqual(actual, expected)) throw failed(claim, [`expected: ${describeValue(expected)}`, `seen:     ${describeValue(actual)}`]);
      return new Verified([claim]);
    },
    includes(text: unknown, part: string, claim: string): Verified {
      checkClaim("check.includes()", claim);
      if (typeof part !== "string")
        throw new PodtalkError(ErrorCode.BadRequest, `check.includes() takes the text to look for as a string, got ${describeValue(part)}`);
      const whole = String(text);
      if (!whole.includes(part)) throw failed(claim, [`expected to contain: ${JSON.stringify(part)}`, `seen:     ${describeValue(cut(whole))}`]);
      return new Verified([claim]);
    },
  },
);

/**
 * Several checks in one cell, shown as one line each.
 *
 * @example checks(check(a === b, "same IP"), check.equal(n, 3, "three endpoints"))
 */
export function checks(...results: Verified[]): Verified {
  for (const r of results) {
    if (!(r instanceof Verified)) throw new PodtalkError(ErrorCode.BadRequest, `checks() takes the results of check(), got ${describeValue(r)}`);
  }
  return new Verified(results.flatMap((r) => r.claims));
}

function checkClaim(fn: string, claim: unknown): void {
  if (typeof claim !== "string" || claim.trim() === "") {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `${fn} needs the claim it verifies as a non-empty string, e.g. ${fn.replace("()", "")}(…, "the replacement got a new IP"); got ${describeValue(claim)}`,
    );
  }
}

function failed(claim: string, details: readonly string[]): PodtalkError {
  return new PodtalkError(ErrorCode.CheckFailed, [`✘ claim no longer holds: ${claim}`, ...details.map((d) => `  ${d}`)].join("\n"));
}

/** At most 200 characters of a long text, so a failure stays readable. */
function cut(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** A value as a reader recognises it: strings quoted, plain data as JSON, objects by their text. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value !== "object" || value === null) return String(value);
  if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
    try {
      return cut(JSON.stringify(value) ?? String(value));
    } catch {
      return "an object that cannot be shown (it refers to itself)";
    }
  }
  return cut(String(value));
}

/** Equality of primitives (Object.is), arrays and plain objects (own enumerable keys). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
