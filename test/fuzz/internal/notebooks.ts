/**
 * Random and damaged notebook files for the fuzz suites: a valid nbformat 4.5 notebook with every
 * kind of cell and output, changed in one to three places (a field replaced by a value of another
 * type, removed, or made huge or deeply nested), then possibly damaged as bytes (cut short, a
 * stray byte, bytes that are not UTF-8, another nbformat).
 */
import fc from "fast-check";

/** A valid notebook the mutations start from. */
export const BASE_NOTEBOOK: Readonly<Record<string, unknown>> = {
  cells: [
    { cell_type: "markdown", id: "intro", metadata: {}, source: ["# Pods\n", "Some *text* with $x^2$ and `code`.\n", "![img](attachment:a.png)"] },
    {
      cell_type: "code",
      execution_count: 1,
      id: "code-1",
      metadata: { tags: ["parameters"], collapsed: false },
      outputs: [
        { name: "stdout", output_type: "stream", text: ["NAME   READY\n", "web-1  1/1\n"] },
        { data: { "text/plain": ["3"], "text/html": ["<b>3</b>"] }, execution_count: 1, metadata: {}, output_type: "execute_result" },
        { data: { "image/svg+xml": ["<svg/>"], "application/json": { a: [1, 2] } }, metadata: { isolated: true }, output_type: "display_data" },
        { ename: "PodtalkError", evalue: "not found", output_type: "error", traceback: ["PodtalkError: not found"] },
      ],
      source: "cluster.get('pods')",
    },
    { attachments: { "a.png": { "image/png": "iVBORw0KGgo=" } }, cell_type: "raw", id: "raw", metadata: { format: "text/html" }, source: "<p>raw</p>" },
  ],
  metadata: {
    kernelspec: { display_name: "TypeScript (podtalk)", language: "typescript", name: "podtalk" },
    language_info: { name: "typescript", version: "5" },
    title: "Pods",
  },
  nbformat: 4,
  nbformat_minor: 5,
};

const DELETE = Symbol("delete");

/**
 * The paths inside a JSON value (keys and list indexes), the root excluded; not into a value
 * nested deeper than 8 or with more than 50 entries (an earlier mutation made it huge).
 */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null || prefix.length >= 8) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  if (entries.length > 50) return [];
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

/** A copy of `base` with the value at `path` replaced, or deleted for DELETE. */
function mutate(base: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  // Only the objects on the path are copied: the rest may be too deep to clone.
  const copy = shallow(base) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    at[k] = shallow(at[k]);
    at = at[k] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (replacement === DELETE) delete at[last];
  else at[last] = replacement;
  return copy;
}

function shallow(value: unknown): unknown {
  if (Array.isArray(value)) return [...value];
  return typeof value === "object" && value !== null ? { ...value } : value;
}

/** A value nested `depth` levels deep, as an object or a list. */
function nested(depth: number, asList: boolean): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = asList ? [v] : { a: v };
  return v;
}

/** What a field may wrongly hold: other types, edge numbers, odd strings, huge or deep values. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(DELETE, null, true, 0, -1, 1.5, 3, 5, 1e308, "", "code", "markdown", "stream", "podtalk", "../../etc", [], {}, [null], ["a", 1]),
  },
  { weight: 3, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 4, withNullPrototype: true }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "toString").map((k) => JSON.parse(`{"${k}": {"polluted": 1}}`) as unknown) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).chain((d) => fc.boolean().map((l) => nested(d, l))) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => "x".repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))) },
);

/** A notebook object with one to three fields changed. */
export const mutatedNotebook: fc.Arbitrary<unknown> = fc.array(fc.tuple(fc.nat(), oddValue), { minLength: 0, maxLength: 3 }).map((picks) => {
  let out: unknown = BASE_NOTEBOOK;
  for (const [n, value] of picks) {
    const all = paths(out);
    if (all.length === 0) break;
    out = mutate(out, all[n % all.length]!, value);
  }
  return out;
});

/** Bytes that are not UTF-8: Latin-1 letters, a lone continuation byte, an overlong form, a UTF-16 surrogate, 0xFF. */
const BAD_UTF8: readonly number[][] = [[0xe9], [0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xff], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];

/** Damage done to a notebook's bytes after it is serialised. */
const byteDamage = fc.oneof(
  { weight: 6, arbitrary: fc.constant((b: Buffer) => b) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((f) => (b: Buffer) => b.subarray(0, Math.floor(b.length * f))) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...BAD_UTF8)).map(
      ([f, bad]) =>
        (b: Buffer) =>
          Buffer.concat([b.subarray(0, Math.floor(b.length * f)), Buffer.from(bad), b.subarray(Math.floor(b.length * f))]),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })).map(([f, byte]) => (b: Buffer) => {
      const c = Buffer.from(b);
      if (c.length > 0) c[Math.min(c.length - 1, Math.floor(c.length * f))] = byte;
      return c;
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('"nbformat": 3', '"nbformat": 5', '"nbformat": "4"', '"nbformat": 4.0', '"nbformat_minor": -1', '"nbformat_minor": 99').map(
      (swap) => (b: Buffer) =>
        Buffer.from(
          b
            .toString("latin1")
            .replace(/"nbformat": 4/, swap)
            .replace(/"nbformat_minor": 5/, swap),
          "latin1",
        ),
    ),
  },
  { weight: 1, arbitrary: fc.constant((b: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b])) },
  { weight: 1, arbitrary: fc.constantFrom("", "null", "[]", "{}", "NaN", '{"cells": []}', "\u0000", " ".repeat(100)).map((t) => () => Buffer.from(t)) },
);

/** The bytes of a notebook file: a mutated notebook, serialised, maybe damaged. */
export const notebookBytes: fc.Arbitrary<Buffer> = fc
  .tuple(mutatedNotebook, fc.boolean(), byteDamage)
  .map(([nb, pretty, damage]) => damage(Buffer.from(JSON.stringify(nb, null, pretty ? 1 : undefined) ?? "null")));

/** File names a notebook may have: spaces, Unicode, shell and HTML characters, a leading dash, no extension. */
export const notebookName: fc.Arbitrary<string> = fc.constantFrom(
  "plain.ipynb",
  "with space.ipynb",
  "café-ünïcode.ipynb",
  "日本語.ipynb",
  "-leading-dash.ipynb",
  "javascript:alert(1).ipynb",
  "<b>&amp;'\".ipynb",
  "$(touch x);`y`.ipynb",
  "line\nbreak.ipynb",
  "no-extension",
  ".hidden.ipynb",
  "index.ipynb",
  `${"a".repeat(200)}.ipynb`,
);
