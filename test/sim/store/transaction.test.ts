import { strict as assert } from "node:assert";
import { Transaction } from "../../../lib/sim/store/transaction.js";

describe("Transaction.run()", () => {
  it("counts a committed change in `revision`", () => {
    const tx = new Transaction();
    tx.run(() => undefined);
    tx.run(() => undefined);
    assert.equal(tx.revision, 2);
  });

  it("undoes journaled writes, restores snapshots and tells listeners when the change throws", () => {
    const tx = new Transaction();
    const map = new Map<string, number>([["a", 1]]);
    let value = 1;
    tx.enlist({ save: () => value, restore: (v: number) => (value = v) });
    const heard: string[] = [];
    tx.listen({ rolledBack: () => heard.push("rolledBack"), finished: () => heard.push("finished") });
    assert.throws(() =>
      tx.run(() => {
        tx.j.set(map, "a", 2);
        tx.j.set(map, "b", 3);
        value = 9;
        throw new Error("half-way");
      }),
    );
    assert.deepEqual([...map], [["a", 1]]);
    assert.equal(value, 1);
    assert.deepEqual(heard, ["rolledBack", "finished"]);
    assert.equal(tx.revision, 0);
  });

  it("runs a change started inside another as part of it (one journal, one revision)", () => {
    const tx = new Transaction();
    const set = new Set<string>();
    assert.throws(() =>
      tx.run(() => {
        tx.run(() => tx.j.add(set, "inner"));
        throw new Error("outer fails");
      }),
    );
    assert.equal(set.size, 0);
    tx.run(() => tx.run(() => tx.j.add(set, "inner")));
    assert.equal(tx.revision, 1);
  });

  it("refuses a write outside a change", () => {
    assert.throws(() => new Transaction().j, /state changed outside a transaction/);
  });
});
