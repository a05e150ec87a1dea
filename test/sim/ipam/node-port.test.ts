import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../../lib/model/index.js";
import { Rng } from "../../../lib/sim/rng.js";
import { Journal } from "../../../lib/sim/store/journal.js";
import { NODE_PORT_RANGE, NodePortAllocator } from "../../../lib/sim/ipam/node-port.js";

describe("NodePortAllocator.allocateSpecific()", () => {
  it("reserves a requested port in the range for its Service", () => {
    const a = new NodePortAllocator();
    a.allocateSpecific(30080, "default/web", new Journal());
    assert.equal(a.owner(30080), "default/web");
  });

  const cases = [
    { name: "below the range", port: NODE_PORT_RANGE.first - 1 },
    { name: "above the range", port: NODE_PORT_RANGE.last + 1 },
    { name: "a well-known port", port: 80 },
  ];
  for (const c of cases) {
    it(`rejects a port ${c.name} with the allocator's text (no field path)`, () => {
      assert.throws(
        () => new NodePortAllocator().allocateSpecific(c.port, "default/web", new Journal()),
        (e: unknown) =>
          e instanceof PodtalkError &&
          e.code === ErrorCode.Invalid &&
          e.message === "provided port is not in the valid range. The range of valid ports is 30000-32767",
      );
    });
  }

  it("rejects a port another Service holds, and accepts it again for its holder", () => {
    const a = new NodePortAllocator();
    a.allocateSpecific(30080, "default/web", new Journal());
    assert.throws(
      () => a.allocateSpecific(30080, "default/api", new Journal()),
      (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.Invalid && e.message === "provided port is already allocated",
    );
    a.allocateSpecific(30080, "default/web", new Journal());
    assert.equal(a.owner(30080), "default/web");
  });

  it("checks against the range it was given", () => {
    const a = new NodePortAllocator({ first: 31000, last: 31010 });
    assert.throws(() => a.allocateSpecific(30080, "default/web", new Journal()), /The range of valid ports is 31000-31010/);
  });
});

describe("NodePortAllocator.allocateNext()", () => {
  it("picks free ports inside the range, from the upper band first", () => {
    const a = new NodePortAllocator();
    const rng = new Rng(1, "node-ports");
    const ports = Array.from({ length: 20 }, (_, i) => a.allocateNext(`default/s${i}`, rng, new Journal()));
    assert.equal(new Set(ports).size, 20);
    for (const p of ports) assert.ok(p >= NODE_PORT_RANGE.first + 86 && p <= NODE_PORT_RANGE.last, String(p));
  });

  it("says the range is full and how to fix it", () => {
    const a = new NodePortAllocator({ first: 31000, last: 31511 });
    const rng = new Rng(1, "node-ports");
    const j = new Journal();
    const ports = Array.from({ length: 512 }, (_, i) => a.allocateNext(`default/s${i}`, rng, j));
    assert.equal(new Set(ports).size, 512);
    assert.throws(
      () => a.allocateNext("default/one-too-many", rng, j),
      (e: unknown) =>
        e instanceof PodtalkError &&
        e.code === ErrorCode.RangeFull &&
        e.message === "Cannot allocate a nodePort: the range 31000-31511 is full; delete a NodePort Service or use type ClusterIP",
    );
  });

  it("frees ports taken in a journal on rollback", () => {
    const a = new NodePortAllocator();
    const j = new Journal();
    const port = a.allocateNext("default/web", new Rng(1, "node-ports"), j);
    a.allocateSpecific(30080, "default/api", j);
    j.rollback();
    assert.equal(a.owner(port), undefined);
    assert.equal(a.owner(30080), undefined);
  });
});
