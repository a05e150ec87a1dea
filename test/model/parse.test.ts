import { strict as assert } from "node:assert";
import { rejection } from "./internal/rejection.js";
import { ErrorCode, PodtalkError, parseManifests } from "../../lib/model/index.js";

describe("parseManifests()", () => {
  it("splits `---` documents and skips empty ones", () => {
    const docs = parseManifests("a: 1\n---\n---\nb: 2\n");
    assert.deepEqual(docs, [{ a: 1 }, { b: 2 }]);
  });

  it("answers a YAML syntax error with BadRequest worded like kubectl's decoder", () => {
    const e = rejection(() => parseManifests("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   foo: bar\n"));
    assert.equal(e.code, ErrorCode.BadRequest);
    assert.match(e.message, /^error parsing manifest: error converting YAML to JSON: yaml: /);
    assert.match(e.message, /\(document 1\)/);
  });

  it("names the line of a YAML syntax error", () => {
    const e = rejection(() => parseManifests("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   foo: bar\n"));
    assert.match(e.message, /yaml: line \d+: /);
  });
});

describe("parseManifests(), YAML aliases", () => {
  it("answers an alias bomb with the parse-error wording, naming the document", () => {
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let prev = "a";
    for (let i = 0; i < 9; i++) {
      bomb += `b${i}: &b${i} [${Array(9).fill(`*${prev}`).join(",")}]\n`;
      prev = `b${i}`;
    }
    assert.throws(
      () => parseManifests(`apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\n${bomb}`),
      (e: unknown) =>
        e instanceof PodtalkError &&
        e.code === ErrorCode.BadRequest &&
        e.message.startsWith("error parsing manifest: error converting YAML to JSON: yaml: Excessive alias count") &&
        e.message.includes("(document 2)"),
    );
  });

  it("answers an alias to an anchor that does not exist with the parse-error wording", () => {
    assert.throws(
      () => parseManifests("apiVersion: v1\nkind: Pod\nmetadata: *nope\n"),
      (e: unknown) => e instanceof PodtalkError && /^error parsing manifest: .*yaml: Unresolved alias.*nope.*\(document 1\)/.test(e.message),
    );
  });
});
