import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { packageRoot } from "podtalk/protocol";
import { CELL_GLOBALS_DECLARATION } from "../../kernel/cell-globals.js";

/** Every interface and type literal of a file, by name (`fn(param)` for a parameter's literal type). */
function shapes(fileName: string, text: string): Map<string, string[]> {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = new Map<string, string[]>();
  const describeMembers = (members: ts.NodeArray<ts.TypeElement>): string[] =>
    members.filter(ts.isPropertySignature).map((m) => {
      const readonly = m.modifiers?.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword) ? "readonly " : "";
      return `${readonly}${m.name.getText(file)}${m.questionToken ? "?" : ""}: ${m.type?.getText(file) ?? "any"}`;
    });
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node)) out.set(node.name.text, describeMembers(node.members));
    if (ts.isFunctionDeclaration(node) && node.name) {
      for (const p of node.parameters) {
        if (p.type && ts.isTypeLiteralNode(p.type)) out.set(`${node.name.text}(${p.name.getText(file)})`, describeMembers(p.type.members));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

describe("CELL_GLOBALS_DECLARATION", () => {
  const hook = shapes("kernel-hook.ts", readFileSync(join(packageRoot(), "lib", "jupyter", "kernel-hook.ts"), "utf8"));
  const cells = shapes("cell-globals.d.ts", CELL_GLOBALS_DECLARATION);

  it("declares PodtalkDisplayOptions with the members of lib/jupyter's DisplayOptions", () => {
    assert.ok(hook.get("DisplayOptions")!.length > 0, "kernel-hook.ts declares DisplayOptions");
    assert.deepEqual(cells.get("PodtalkDisplayOptions"), hook.get("DisplayOptions"));
  });

  it("declares clearOutput's options with the members of lib/jupyter's ClearOutputOptions", () => {
    assert.ok(hook.get("ClearOutputOptions")!.length > 0, "kernel-hook.ts declares ClearOutputOptions");
    assert.deepEqual(cells.get("clearOutput(options)"), hook.get("ClearOutputOptions"));
  });
});
