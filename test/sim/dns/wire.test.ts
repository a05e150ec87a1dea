/**
 * The reply sizes dig prints (`;; MSG SIZE  rcvd:`), checked against published dig outputs from
 * clusters running CoreDNS.
 */
import { strict as assert } from "node:assert";
import { wireSize } from "../../../lib/sim/dns/wire.js";
import type { ResourceRecord } from "../../../lib/sim/dns/records.js";

const rr = (name: string, type: ResourceRecord["type"], data: string): ResourceRecord => ({ name, type, ttl: 5, data });

describe("wireSize()", () => {
  it("is 129 for kubernetes.default.svc.cluster.local A with an echoed 8-byte cookie (names not compressed)", () => {
    const name = "kubernetes.default.svc.cluster.local.";
    assert.equal(wireSize({ question: { name, type: "A" }, answers: [rr(name, "A", "10.96.0.1")], authority: [], additional: [], ednsOptionBytes: 12 }), 129);
  });

  it("is 350 for a two-Pod headless SRV answer with its two additional A records and a bare OPT", () => {
    const name = "kubia.default.svc.cluster.local.";
    const t = (i: number) => `kubia-${i}.kubia.default.svc.cluster.local.`;
    const size = wireSize({
      question: { name, type: "SRV" },
      answers: [0, 1].map((i) => rr(name, "SRV", `0 50 80 ${t(i)}`)),
      authority: [],
      additional: [0, 1].map((i) => rr(t(i), "A", `172.17.0.${5 + i}`)),
      ednsOptionBytes: 0,
    });
    assert.equal(size, 350);
  });

  it("compresses names when the plain reply would not fit the client's UDP size", () => {
    const name = "web.default.svc.cluster.local.";
    const answers = Array.from({ length: 40 }, (_, i) => rr(name, "A", `10.244.0.${i}`));
    const m = { question: { name, type: "A" as const }, answers, authority: [], additional: [], ednsOptionBytes: 12 };
    assert.equal(wireSize(m, 65535), 12 + 31 + 4 + 40 * (31 + 14) + 23);
    assert.equal(wireSize(m), 12 + 31 + 4 + 40 * (2 + 14) + 23);
  });
});
