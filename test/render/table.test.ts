import { strict as assert } from "node:assert";
import { JUPYTER_DISPLAY, Table } from "../../lib/render/index.js";

describe("Table.toText()", () => {
  it("pads each column to max(10, widest cell + 3) and leaves the last column unpadded, like kubectl's tabwriter", () => {
    const t = new Table(
      ["NAME", "STATUS", "NOTE"],
      [
        { NAME: "a", STATUS: "Running", NOTE: "x" },
        { NAME: "a-much-longer-name", STATUS: "CrashLoopBackOff", NOTE: "" },
      ],
    );
    assert.equal(
      t.toText(),
      "NAME                 STATUS             NOTE\n" + "a                    Running            x\n" + "a-much-longer-name   CrashLoopBackOff   \n",
    );
  });

  it("says `No resources found.` for an empty table", () => {
    assert.equal(new Table(["NAME"], []).toText(), "No resources found.\n");
  });
});

describe("Table.toHTML()", () => {
  const t = new Table(["NAME", "SELECTOR"], [{ NAME: "web", SELECTOR: "<none>" }], { caption: "kubectl get services" });

  it("escapes every cell, so <none> shows as text", () => {
    const html = t.toHTML();
    assert.ok(html.includes("<td>&lt;none&gt;</td>"));
    assert.ok(!html.includes("<none>"));
    assert.ok(html.includes("<caption>kubectl get services</caption>"));
  });

  it("offers text/html and text/plain with the same cells", () => {
    const bundle = t[JUPYTER_DISPLAY]();
    assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
    assert.equal(bundle["text/plain"], "NAME   SELECTOR\nweb    <none>");
  });
});

describe("Table.column()", () => {
  const t = new Table(
    ["NAME", "IP"],
    [
      { NAME: "api-1", IP: "10.244.0.2" },
      { NAME: "web", IP: "10.244.1.2" },
    ],
  );
  it("reads one column top to bottom", () => assert.deepEqual(t.column("IP"), ["10.244.0.2", "10.244.1.2"]));
});

describe("Table.row()", () => {
  const t = new Table(
    ["NAME", "IP"],
    [
      { NAME: "api-7c9d8b6f5-2xk4q", IP: "10.244.1.2" },
      { NAME: "web", IP: "10.244.1.3" },
    ],
  );

  it("finds the row whose NAME is exactly the name", () => {
    assert.equal(t.row("web")!["IP"], "10.244.1.3");
    assert.equal(t.row("api-7c9d8b6f5-2xk4q")!["IP"], "10.244.1.2");
  });

  it("does not take a prefix of a NAME for it", () => {
    assert.equal(t.row("api"), undefined);
    assert.equal(t.row("we"), undefined);
  });
});
