import { strict as assert } from "node:assert";
import { ALPHANUMS, canonicalJSON, generateName, podTemplateHash, safeEncodeString } from "../../lib/sim/names.js";
import { Rng, fnv1a32 } from "../../lib/sim/rng.js";

describe("generateName()", () => {
  it("appends 5 characters from apimachinery's alphabet (no vowels, no 0, 1 or 3)", () => {
    assert.equal(ALPHANUMS, "bcdfghjklmnpqrstvwxz2456789");
    const rng = new Rng(1, "names");
    for (let i = 0; i < 500; i++) assert.match(generateName("web-", rng), /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("uses every character of the alphabet over many draws", () => {
    const rng = new Rng(2, "names");
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) for (const ch of generateName("", rng)) seen.add(ch);
    assert.equal(seen.size, ALPHANUMS.length);
  });

  it("cuts the base to 58 characters so the name fits in 63", () => {
    const name = generateName(`${"a".repeat(70)}-`, new Rng(1, "names"));
    assert.equal(name.length, 63);
    assert.ok(name.startsWith("a".repeat(58)));
  });

  it("gives the same names for the same seed and stream", () => {
    const a = new Rng(9, "names");
    const b = new Rng(9, "names");
    assert.deepEqual(
      [1, 2, 3].map(() => generateName("x-", a)),
      [1, 2, 3].map(() => generateName("x-", b)),
    );
  });
});

describe("safeEncodeString()", () => {
  it("maps decimal digits into [4-9bcdf] as apimachinery does", () => {
    assert.equal(safeEncodeString("0123456789"), "456789bcdf");
  });
});

describe("fnv1a32()", () => {
  it("matches the FNV-1a 32-bit reference values", () => {
    assert.equal(fnv1a32(""), 0x811c9dc5);
    assert.equal(fnv1a32("a"), 0xe40c292c);
    assert.equal(fnv1a32("foobar"), 0xbf9cf968);
  });
});

describe("podTemplateHash()", () => {
  const template = { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "api", image: "echo:1" }] } };

  it("uses only [4-9bcdf], 1 to 10 characters", () => {
    for (let i = 0; i < 50; i++) {
      const hash = podTemplateHash({ ...template, spec: { containers: [{ name: "api", image: `echo:${i}` }] } });
      assert.match(hash, /^[4-9bcdf]{1,10}$/);
    }
  });

  it("gives the same hash for the same template, whatever the key order", () => {
    const reordered = { spec: { containers: [{ image: "echo:1", name: "api" }] }, metadata: { labels: { app: "api" } } };
    assert.equal(podTemplateHash(template), podTemplateHash(reordered));
  });

  it("gives a different hash when the template changes", () => {
    const changed = { ...template, spec: { containers: [{ name: "api", image: "echo:2" }] } };
    assert.notEqual(podTemplateHash(template), podTemplateHash(changed));
  });
});

describe("canonicalJSON()", () => {
  it("sorts keys and drops undefined fields", () => {
    assert.equal(canonicalJSON({ b: 1, a: [2, { d: undefined, c: 3 }] }), '{"a":[2,{"c":3}],"b":1}');
  });
});
