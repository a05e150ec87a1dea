import { strict as assert } from "node:assert";
import { injectParameters, parseParameterAssignment, parseParameterValue } from "../../lib/notebook/parameters.js";
import type { Notebook } from "../../lib/notebook/ipynb.js";

function notebook(language: string, cells: { source: string; tags?: string[] }[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "k", display_name: "K", language } },
    cells: cells.map((c, i) => ({
      cell_type: "code",
      id: `c${i}`,
      source: c.source,
      metadata: c.tags ? { tags: c.tags } : {},
      execution_count: null,
      outputs: [],
    })),
  };
}

describe("parseParameterValue()", () => {
  const cases: { text: string; value: unknown }[] = [
    { text: "3", value: 3 },
    { text: "-2.5e3", value: -2500 },
    { text: "true", value: true },
    { text: "False", value: false },
    { text: "None", value: null },
    { text: '["a", 1]', value: ["a", 1] },
    { text: '"80"', value: "80" },
    { text: "flannel-vxlan", value: "flannel-vxlan" },
    { text: "[not json", value: "[not json" },
    { text: "", value: "" },
  ];
  for (const { text, value } of cases) {
    it(`reads ${JSON.stringify(text)} as ${JSON.stringify(value)}`, () => assert.deepEqual(parseParameterValue(text), value));
  }
});

describe("parseParameterAssignment()", () => {
  it("splits at the first = and keeps = in the value", () => assert.deepEqual(parseParameterAssignment("query=a=b"), ["query", "a=b"]));
  for (const bad of ["noequals", "=3", "1x=3", "a-b=1"]) {
    it(`rejects ${JSON.stringify(bad)} (the name must be an identifier)`, () => assert.throws(() => parseParameterAssignment(bad), /name=value/));
  }
  const unfaithful: { text: string; why: string; message: RegExp }[] = [
    { text: "x=1e400", why: "a double cannot hold it: it would arrive as null", message: /too large for a double; quote it/ },
    { text: "x=9007199254740993", why: "beyond 2^53 it would arrive as 9007199254740992", message: /beyond 2\^53 and would lose precision/ },
    { text: "x=[1, 1e999]", why: "a nested number too large", message: /too large for a double/ },
    { text: "class=1", why: "a reserved word cannot be declared", message: /"class" is a reserved word/ },
    { text: "None=1", why: "a reserved word in Python", message: /"None" is a reserved word/ },
  ];
  for (const { text, why, message } of unfaithful) {
    it(`rejects ${JSON.stringify(text)}: ${why}`, () => assert.throws(() => parseParameterAssignment(text), message));
  }
});

describe("injectParameters(): literals that mean what was given", () => {
  it("escapes U+2028 and U+2029, which end a line inside a TypeScript string", () => {
    const nb = notebook("typescript", []);
    injectParameters(nb, { x: "a\u2028b\u2029c" });
    assert.equal(nb.cells[0]!.source, '// Parameters\nconst x = "a\\u2028b\\u2029c";');
  });

  it("writes a __proto__ key as a computed key, so that it is an own property and not the prototype", () => {
    const nb = notebook("typescript", []);
    injectParameters(nb, { x: parseParameterValue('{"__proto__": {"polluted": 1}, "a": [1]}') });
    const literal = nb.cells[0]!.source.split("\n")[1]!;
    assert.equal(literal, 'const x = {["__proto__"]: {"polluted": 1}, "a": [1]};');
    const value = new Function(`return ${literal.slice("const x = ".length, -1)}`)() as Record<string, unknown>;
    assert.ok(Object.hasOwn(value, "__proto__"));
    assert.equal(value["polluted"], undefined);
  });
});

describe("injectParameters()", () => {
  it("puts a cell tagged injected-parameters right after the parameters cell, redeclaring with the same keyword", () => {
    const nb = notebook("typescript", [
      { source: "import x" },
      { source: 'const nodes = 3;\nlet network = "flannel-vxlan";', tags: ["parameters"] },
      { source: "use()" },
    ]);
    assert.equal(injectParameters(nb, { nodes: 5, network: "calico" }), 2);
    const cell = nb.cells[2]!;
    assert.deepEqual(cell.metadata, { tags: ["injected-parameters"] });
    assert.equal(cell.source, '// Parameters\nconst nodes = 5;\nlet network = "calico";');
    assert.equal(nb.cells[3]!.source, "use()");
  });

  it("replaces an earlier injected cell instead of adding a second one, with a stable id", () => {
    const nb = notebook("python", [{ source: "n = 1", tags: ["parameters"] }, { source: "n = 2", tags: ["injected-parameters"] }, { source: "print(n)" }]);
    injectParameters(nb, { n: 3, flag: true, name: null, xs: [1, "a"] });
    assert.equal(nb.cells.length, 3);
    assert.equal(nb.cells[1]!.source, '# Parameters\nn = 3\nflag = True\nname = None\nxs = [1, "a"]');
    const id = nb.cells[1]!.id;
    injectParameters(nb, { n: 3, flag: true, name: null, xs: [1, "a"] });
    assert.equal(nb.cells[1]!.id, id);
  });

  it("goes first when no cell is tagged parameters, and does nothing without parameters", () => {
    const nb = notebook("typescript", [{ source: "a()" }]);
    assert.equal(injectParameters(nb, {}), undefined);
    assert.equal(nb.cells.length, 1);
    assert.equal(injectParameters(nb, { a: 1 }), 0);
    assert.equal(nb.cells[0]!.source, "// Parameters\nconst a = 1;");
  });
});
