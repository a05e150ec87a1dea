/**
 * kubectl's `-l` label-selector syntax (`app=api,tier!=db`, `env in (a,b)`, `!legacy`, `release`),
 * parsed as apimachinery's `labels.Parse` does, with its error texts; `gt` and `lt` compare whole
 * numbers as upstream's Gt and Lt requirements do.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/labels/selector.go (Parse, lexer, Parser)
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import { isLabelKey, isLabelValue } from "./validate/names.js";
import type { Labels } from "./objects.js";

/** One requirement of a parsed selector. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";
  readonly values: readonly string[];
}

type Token = "end" | ")" | "," | "!" | "==" | "=" | ">" | "<" | "!=" | "in" | "notin" | "(" | "id" | "error";
interface Item {
  readonly tok: Token;
  readonly lit: string;
}

const SYMBOLS: Readonly<Record<string, Token>> = { ")": ")", ",": ",", "!": "!", "==": "==", "=": "=", ">": ">", "<": "<", "!=": "!=", "(": "(" };
const KEYWORDS: Readonly<Record<string, Token>> = { in: "in", notin: "notin" };
const special = (c: string) => "=!(),><".includes(c);
const space = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";

/** The lexer: identifiers, `in`/`notin`, and the longest operator a run of symbols starts with. */
function scan(s: string): Item[] {
  const out: Item[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && space(s[i]!)) i++;
    if (i >= s.length) {
      out.push({ tok: "end", lit: "" });
      return out;
    }
    if (special(s[i]!)) {
      let buf = "";
      let last: Item | undefined;
      while (i < s.length && special(s[i]!)) {
        buf += s[i]!;
        const t = SYMBOLS[buf];
        if (t) last = { tok: t, lit: buf };
        else if (last) break;
        i++;
      }
      out.push(last ?? { tok: "error", lit: `error expected: keyword found '${buf}'` });
      if (!last) {
        out.push({ tok: "end", lit: "" });
        return out;
      }
      continue;
    }
    let buf = "";
    while (i < s.length && !special(s[i]!) && !space(s[i]!)) buf += s[i++]!;
    out.push({ tok: KEYWORDS[buf] ?? "id", lit: buf });
  }
}

/** apimachinery's binary operators, in its error's order. */
const BINARY = "in, notin, =, ==, !=, gt, lt";

/**
 * Parses a selector; throws an Error with apimachinery's message (`unable to parse requirement:
 * found ',', expected: identifier`), which kubectl prints after `error: `.
 */
export function parseLabelSelector(text: string): LabelRequirement[] {
  const items = scan(text);
  let pos = 0;
  // In a value position `in` and `notin` are plain identifiers (the parser's Values context).
  const look = (values = true): Item => {
    const it = items[Math.min(pos, items.length - 1)]!;
    return values && (it.tok === "in" || it.tok === "notin") ? { tok: "id", lit: it.lit } : it;
  };
  const take = (values = true): Item => {
    const it = look(values);
    pos++;
    return it;
  };
  const fail = (m: string): never => {
    throw new Error(m);
  };
  const values = (): string[] => {
    const open = take();
    if (open.tok !== "(") fail(`found '${open.lit}' expected: '('`);
    const first = look();
    if (first.tok === ")") {
      take();
      return [""];
    }
    if (first.tok !== "id" && first.tok !== ",") fail(`found '${first.lit}', expected: ',', ')' or identifier`);
    const out: string[] = [];
    for (;;) {
      const t = take();
      if (t.tok === "id") {
        out.push(t.lit);
        const n = look();
        if (n.tok === ",") {
          take();
          continue;
        }
        if (n.tok === ")") break;
        fail(`found '${n.lit}', expected: ',' or ')'`);
      } else if (t.tok === ",") {
        out.push("");
        if (look().tok === ")") break;
      } else fail(`found '${t.lit}', expected: ',', or identifier`);
    }
    take();
    return out;
  };
  const requirement = (): LabelRequirement => {
    let t = take();
    let negated = false;
    if (t.tok === "!") {
      negated = true;
      t = take();
    }
    if (t.tok !== "id") fail(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const next = look();
    let req: LabelRequirement;
    if (next.tok === "end" || next.tok === ",") req = { key, operator: negated ? "!" : "exists", values: [] };
    else if (negated) return fail(`found '${next.lit}', expected: ',' or 'end of string'`);
    else {
      const op = take(false);
      const operator = ({ in: "in", notin: "notin", "=": "=", "==": "==", "!=": "!=", ">": "gt", "<": "lt" } as const)[op.tok as "in"];
      if (operator === undefined) fail(`found '${op.lit}', expected: ${BINARY}`);
      let vals: string[];
      if (operator === "in" || operator === "notin") vals = values();
      else if (look().tok === "end" || look().tok === ",") vals = [""];
      else {
        const v = take();
        if (v.tok !== "id") fail(`found '${v.lit}', expected: identifier`);
        vals = [v.lit];
      }
      req = { key, operator, values: vals };
    }
    const keyProblems = isLabelKey(key);
    if (keyProblems.length) fail(`invalid label key "${key}": ${keyProblems.join("; ")}`);
    if (req.operator === "gt" || req.operator === "lt") {
      if (!/^-?\d+$/.test(req.values[0]!)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
    } else {
      for (const v of req.values) {
        const p = isLabelValue(v);
        if (p.length) fail(`invalid label value: "${v}": at key: "${key}": ${p.join("; ")}`);
      }
    }
    return req;
  };
  const out: LabelRequirement[] = [];
  for (;;) {
    const t = look();
    if (t.tok === "end") return out;
    if (t.tok === "error") fail(t.lit);
    if (t.tok !== "id" && t.tok !== "!") fail(`found '${t.lit}', expected: !, identifier, or 'end of string'`);
    try {
      out.push(requirement());
    } catch (e) {
      throw new Error(`unable to parse requirement: ${(e as Error).message}`);
    }
    const after = take();
    if (after.tok === "end") return out;
    if (after.tok !== ",") fail(`found '${after.lit}', expected: ',' or 'end of string'`);
    const n = look();
    if (n.tok !== "id" && n.tok !== "!") fail(`found '${n.lit}', expected: identifier after ','`);
  }
}

/** True when `labels` satisfy every requirement (apimachinery's `Requirement.Matches`). */
export function matchesRequirements(requirements: readonly LabelRequirement[], labels: Labels): boolean {
  return requirements.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const v = labels[r.key];
    switch (r.operator) {
      case "=":
      case "==":
      case "in":
        return has && r.values.includes(v!);
      case "!=":
      case "notin":
        return !has || !r.values.includes(v!);
      case "exists":
        return has;
      case "!":
        return !has;
      default: {
        // gt and lt: the label must hold a whole number.
        if (!has || !/^-?\d+$/.test(v!)) return false;
        return r.operator === "gt" ? Number(v) > Number(r.values[0]) : Number(v) < Number(r.values[0]);
      }
    }
  });
}
