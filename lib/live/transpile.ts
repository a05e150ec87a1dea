/**
 * A cell's TypeScript as JavaScript the live runtime can run in one scope shared by every cell,
 * as podtalk's kernel does (kernel/tslab/converter.ts exports each name a cell declares and reads
 * earlier cells' names from that scope):
 *
 * - sucrase strips the types (type errors are the kernel's job; the browser only strips them);
 * - acorn finds the top-level statements: `import { X } from "podtalk"` becomes a `const` bound to
 *   the bundled library; each name a cell declares (`const`, `let`, `var`, `function`, `class`,
 *   imports) stays the cell's own binding, as in the kernel's compiled module, and is shared after
 *   each statement with the cells after it through the scope object they read names from (so
 *   re-running a cell that declares `const cluster` replaces it for the cells below, as in the
 *   kernel); a last expression statement becomes the cell's result.
 *
 * Every edit stays on its line, so an error's line in the JavaScript is its line in the cell.
 */
import { parse, type Node, type Pattern, type Program, type Statement } from "acorn";
import { transform } from "sucrase";

/** A cell ready to run: the body of `async function (__scope, __podtalk)`. */
export interface TranspiledCell {
  /** JavaScript: `with (__scope) { … }` (earlier cells' names are read from the scope), returning `{ value }` when the cell ends with an expression. */
  readonly body: string;
  /** The names the cell declares at its top level, in order. */
  readonly names: readonly string[];
}

/** A cell that cannot be turned into JavaScript: a syntax error (1-based line) or an import the browser cannot satisfy. */
export class CellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
    this.name = "SyntaxError";
  }
}

/** The one module a live article's cells may import: the bundled library. */
export const LIBRARY_MODULE = "podtalk";

/** Strips the types of `source` and rewrites its top level for the shared scope. */
export function transpileCell(source: string): TranspiledCell {
  let js: string;
  try {
    js = transform(source, { transforms: ["typescript"], disableESTransforms: true, keepUnusedImports: true }).code;
  } catch (e) {
    throw syntaxError(e);
  }
  let program: Program;
  try {
    program = parse(js, { ecmaVersion: "latest", sourceType: "module", allowAwaitOutsideFunction: true, locations: true });
  } catch (e) {
    throw syntaxError(e);
  }
  const edits: { at: number; end: number; text: string }[] = [];
  const names: string[] = [];
  const functions: string[] = [];
  const body = program.body as (Statement | Node)[];
  /** Shares every name declared so far (their values now) with the cells after this one. */
  const share = (): string => [...new Set(names)].map((n) => `__scope[${JSON.stringify(n)}] = ${n};`).join(" ");
  for (const [i, statement] of body.entries()) {
    const last = i === body.length - 1;
    const node = statement as unknown as { start: number; end: number };
    switch (statement.type) {
      case "ImportDeclaration": {
        const declaration = statement as unknown as ImportNode;
        if (declaration.importKind === "type") break;
        if (declaration.source.value !== LIBRARY_MODULE) {
          throw new CellSyntaxError(
            `Cannot find module '${String(declaration.source.value)}': a live article runs in the browser, where only "${LIBRARY_MODULE}" can be imported`,
            declaration.loc?.start.line,
          );
        }
        const parts = declaration.specifiers.map((spec) => {
          names.push(spec.local.name);
          if (spec.type !== "ImportSpecifier") return `${spec.local.name} = ${spec.type === "ImportNamespaceSpecifier" ? "__podtalk" : "__podtalk.default"}`;
          const imported = spec.imported.type === "Identifier" ? spec.imported.name : String(spec.imported.value);
          return `${spec.local.name} = __podtalk[${JSON.stringify(imported)}]`;
        });
        edits.push({ at: node.start, end: node.end, text: parts.length ? `const ${parts.join(", ")};` : "" });
        break;
      }
      case "VariableDeclaration": {
        const declaration = statement as unknown as VariableNode;
        // `var` would assign through `with` to a name an earlier cell shares; at a cell's top level `let` is the same.
        if (declaration.kind === "var") edits.push({ at: node.start, end: node.start + 3, text: "let" });
        for (const d of declaration.declarations) patternNames(d.id, names);
        break;
      }
      case "FunctionDeclaration": {
        const name = (statement as unknown as { id: { name: string } }).id.name;
        names.push(name);
        functions.push(name);
        break;
      }
      case "ClassDeclaration":
        names.push((statement as unknown as { id: { name: string } }).id.name);
        break;
      case "ExpressionStatement": {
        if (!last) break;
        const expression = (statement as unknown as { expression: { start: number; end: number } }).expression;
        edits.push(
          { at: node.start, end: expression.start, text: "const __podtalkValue = (" },
          { at: expression.end, end: node.end, text: `); ${share()} return { value: __podtalkValue };` },
        );
        continue;
      }
      default:
        if (statement.type.startsWith("Export")) {
          throw new CellSyntaxError(
            "'export' is not needed in a notebook cell: every name a cell declares is shared with the cells after it",
            lineOf(statement),
          );
        }
    }
    // After each statement, on its line, as TypeScript's CommonJS output updates `exports` (a later
    // statement may have changed a `let`).
    if (names.length > 0) edits.push({ at: node.end, end: node.end, text: `; ${share()}` });
  }
  let out = js;
  for (const edit of edits.sort((a, b) => b.at - a.at || b.end - a.end)) out = out.slice(0, edit.at) + edit.text + out.slice(edit.end);
  // Function declarations are hoisted to the block's start: share them before anything runs.
  const hoisted = functions.map((f) => `__scope[${JSON.stringify(f)}] = ${f};`).join(" ");
  return { body: `with (__scope) { ${hoisted} ${out}\n}`, names: [...new Set(names)] };
}

interface ImportNode {
  readonly start: number;
  readonly end: number;
  readonly importKind?: string;
  readonly loc?: { start: { line: number } };
  readonly source: { value: unknown };
  readonly specifiers: readonly (
    | { type: "ImportSpecifier"; local: { name: string }; imported: { type: "Identifier"; name: string } | { type: "Literal"; value: unknown } }
    | { type: "ImportDefaultSpecifier" | "ImportNamespaceSpecifier"; local: { name: string } }
  )[];
}

interface VariableNode {
  readonly start: number;
  readonly kind: string;
  readonly declarations: readonly { id: Pattern; init: Node | null; end: number }[];
}

/** The names a binding pattern declares. */
function patternNames(pattern: Pattern | Node, into: string[]): void {
  const p = pattern as Pattern;
  switch (p.type) {
    case "Identifier":
      into.push(p.name);
      break;
    case "ObjectPattern":
      for (const prop of p.properties) patternNames(prop.type === "RestElement" ? prop.argument : prop.value, into);
      break;
    case "ArrayPattern":
      for (const e of p.elements) if (e) patternNames(e, into);
      break;
    case "RestElement":
      patternNames(p.argument, into);
      break;
    case "AssignmentPattern":
      patternNames(p.left, into);
      break;
    default:
      break;
  }
}

function lineOf(node: Node): number | undefined {
  return node.loc?.start.line;
}

/** sucrase's and acorn's syntax errors as one kind, with the cell line they name. */
function syntaxError(e: unknown): CellSyntaxError {
  const error = e as { message?: unknown; loc?: { line?: unknown } };
  const message = typeof error.message === "string" ? error.message.replace(/\s*\(\d+:\d+\)$/, "") : String(e);
  const line = typeof error.loc?.line === "number" ? error.loc.line : Number(/\((\d+):\d+\)/.exec(String(error.message))?.[1]) || undefined;
  return new CellSyntaxError(message, line);
}
