/**
 * Annotations checked as apimachinery's ValidateAnnotations does, the API server's 3 MiB limit on
 * a request body, and kinds named like Object's own properties.
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../../lib/index.js";
import { ErrorCode, type ManifestInput } from "../../../lib/model/index.js";
import { rejection } from "../internal/rejection.js";

/** Objects as a notebook may pass them, well-formed or not. */
const manifest = (o: Record<string, unknown>) => o as unknown as ManifestInput;
const pod = (metadata: Record<string, unknown>) => manifest({ apiVersion: "v1", kind: "Pod", metadata, spec: { containers: [{ name: "a", image: "nginx" }] } });

describe("metadata.annotations", () => {
  it("refuses a key that is not a qualified name, naming the key", () => {
    const c = new Cluster();
    const e = rejection(() =>
      c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {'a b': x}}\nspec: {containers: [{name: a, image: nginx}]}\n"),
    );
    assert.equal(e.code, ErrorCode.Invalid);
    assert.match(e.message, /^The Pod "p" is invalid: metadata\.annotations: Invalid value: "a b": name part must consist of alphanumeric characters/);
    assert.equal(c.get("pods").rows.length, 0);
  });

  it("refuses a __proto__ key, which YAML keeps as an own key", () => {
    const e = rejection(() =>
      new Cluster().apply("apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {__proto__: x}}\nspec: {containers: [{name: a, image: nginx}]}\n"),
    );
    assert.match(e.message, /metadata\.annotations: Invalid value: "__proto__": name part must/);
  });

  it("accepts upper case in a key's prefix and name (the key is checked in lower case)", () => {
    const c = new Cluster();
    assert.equal(String(c.apply(pod({ name: "p", annotations: { "Example.COM/Owner": "me" } }))), "pod/p created");
  });

  it("refuses more than 256 KiB of keys and values, with the API server's Too long text", () => {
    const c = new Cluster();
    const e = rejection(() => c.apply(pod({ name: "p", annotations: { a: "x".repeat(262144) } })));
    assert.equal(e.message, `The Pod "p" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes`);
    assert.equal(String(c.apply(pod({ name: "q", annotations: { a: "x".repeat(262143) } }))), "pod/q created");
  });

  it("checks a Pod template's annotations too", () => {
    const e = rejection(() =>
      new Cluster().apply(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}, annotations: {'-x': y}}\n    spec: {containers: [{name: a, image: nginx}]}\n",
      ),
    );
    assert.match(e.message, /spec\.template\.metadata\.annotations: Invalid value: "-x"/);
  });

  it("refuses a value that is not a string", () => {
    const e = rejection(() => new Cluster().apply(pod({ name: "p", annotations: { a: 5 } })));
    assert.match(e.message, /metadata\.annotations\[a\]: Invalid value: 5: annotation values must be strings/);
  });
});

describe("the 3 MiB request limit", () => {
  const TOO_LARGE = "Error from server (RequestEntityTooLarge): Request entity too large: limit is 3145728";

  it("refuses a YAML document above 3 MiB as the API server does (HTTP 413), and changes nothing", () => {
    const c = new Cluster();
    const e = rejection(() => c.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: huge}\nx: "${"a".repeat(3 * 1024 * 1024)}"\n`));
    assert.equal(e.code, ErrorCode.RequestEntityTooLarge);
    assert.equal(e.message, TOO_LARGE);
    assert.doesNotMatch(String(c.get("namespaces")), /huge/);
  });

  it("refuses an object whose JSON is above 3 MiB", () => {
    const e = rejection(() => new Cluster().apply(manifest({ apiVersion: "v1", kind: "Namespace", metadata: { name: "h" }, x: "é".repeat(1024 * 1024 * 2) })));
    assert.equal(e.message, TOO_LARGE);
  });

  it("holds each document to the limit, as kubectl sends one request per object", () => {
    // A long status.phase as padding: a declared field (an unknown one is refused) the API server ignores on create.
    const docs = Array.from({ length: 2 }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: n${i}}\nstatus: {phase: "${"a".repeat(1600 * 1024)}"}`);
    assert.equal(String(new Cluster().apply(docs.join("\n---\n"))), "namespace/n0 created\nnamespace/n1 created");
  });
});

describe("kinds named like Object's properties", () => {
  for (const kind of ["constructor", "toString", "__proto__"]) {
    it(`"${kind}" is no kind, and the hint lists the kinds podtalk serves`, () => {
      const e = rejection(() => new Cluster().apply(`apiVersion: v1\nkind: ${kind}\n`));
      assert.match(e.message, /; podtalk simulates DaemonSet, Deployment, Namespace, NetworkPolicy, Pod, ReplicaSet, Service, StatefulSet$/);
    });
  }
});
