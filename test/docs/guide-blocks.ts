/**
 * Runs the TypeScript examples of a markdown guide, so that the guide cannot drift from the
 * library. Conventions:
 *
 * - every ```ts block runs; the blocks of one `## ` section share one scope, in order (as the
 *   cells of one notebook do), and each section starts afresh; a file holding the comment
 *   `<!-- guide: one scope -->` is one section, its blocks sharing one scope from top to bottom;
 * - a section is type-checked as one module, under `strict` (the kernel's default), against the
 *   built declarations of `podtalk` and the kernel's cell globals (`display`, `clearOutput`);
 * - a ```text block that follows a ```ts block (nothing but blank lines between) is what that
 *   block's last expression shows as text: `String(value)` must equal it.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import ts from "typescript";

/** One fenced block of a guide. */
export interface Block {
  readonly lang: string;
  readonly code: string;
  /** The 1-based line of the block's first code line in the guide file. */
  readonly line: number;
}

/** One `## ` section: its TypeScript blocks and the expected text of some of them. */
export interface Section {
  readonly file: string;
  readonly title: string;
  readonly blocks: readonly Block[];
  /** Index into `blocks` → the text that block's last expression shows. */
  readonly expected: ReadonlyMap<number, string>;
}

/** The comment that makes a whole guide file one scope. */
export const ONE_SCOPE = "<!-- guide: one scope -->";

/** Splits a markdown file into `## ` sections holding at least one ```ts block. */
export function sections(file: string, markdown: string): Section[] {
  const lines = markdown.split("\n");
  const oneScope = markdown.includes(ONE_SCOPE);
  const out: Section[] = [];
  let title = oneScope ? (/^# (.*)$/m.exec(markdown)?.[1] ?? file) : "(before the first section)";
  let blocks: Block[] = [];
  let expected = new Map<number, string>();
  let lastWasTs = false;
  const flush = (): void => {
    if (blocks.length > 0) out.push({ file, title, blocks, expected });
    blocks = [];
    expected = new Map();
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("## ") && !oneScope) {
      flush();
      title = line.slice(3).trim();
      lastWasTs = false;
      continue;
    }
    const fence = /^```(\S*)\s*$/.exec(line);
    if (!fence) {
      if (line.trim() !== "") lastWasTs = false;
      continue;
    }
    const body: string[] = [];
    const start = i + 2;
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    const lang = fence[1] ?? "";
    if (lang === "ts" || lang === "typescript") {
      blocks.push({ lang, code: body.join("\n"), line: start });
      lastWasTs = true;
    } else {
      if (lang === "text" && lastWasTs) expected.set(blocks.length - 1, body.join("\n"));
      lastWasTs = false;
    }
  }
  flush();
  return out;
}

/** The name the shown values are kept under while a section runs. */
const SHOWN = "__shown";
/** The name of the object that records which block is running. */
const AT = "__at";

/** A section as one module, each block's last expression kept in `__shown[block]`; and where each block starts. */
export function sectionSource(section: Section): { source: string; starts: number[] } {
  const parts: string[] = [`declare const ${SHOWN}: unknown[]; declare const ${AT}: { block: number };`];
  const starts: number[] = [];
  section.blocks.forEach((block, index) => {
    starts.push(parts.join("\n").split("\n").length + 1);
    parts.push(`${AT}.block = ${index}; ${keepLastExpression(block.code, index)}`);
  });
  return { source: `${parts.join("\n")}\nexport {};\n`, starts };
}

/** Rewrites a block's last statement, when it is an expression, to store its value. */
function keepLastExpression(code: string, index: number): string {
  const file = ts.createSourceFile("block.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const last = file.statements[file.statements.length - 1];
  if (!last || !ts.isExpressionStatement(last)) return code;
  const expr = last.expression;
  const end = code[last.end - 1] === ";" ? last.end - 1 : last.end;
  return `${code.slice(0, expr.getStart(file))}${SHOWN}[${index}] = (${code.slice(expr.getStart(file), expr.end)})${code.slice(expr.end, end)};${code.slice(last.end)}`;
}

/** A type error, placed in the guide. */
export interface GuideDiagnostic {
  readonly section: Section;
  readonly line: number;
  readonly message: string;
}

/**
 * Type-checks every section as its own module in one program, strictly, against the built
 * package (`podtalk` → dist/lib/index.d.ts) and the given extra declarations (cell globals).
 */
export function typeCheck(root: string, list: readonly Section[], globals: string): GuideDiagnostic[] {
  const dir = join(root, "docs", "__guide__");
  const files = new Map<string, { section: Section; source: string; starts: number[] }>();
  list.forEach((section, i) => {
    files.set(join(dir, `section-${i}.ts`), { section, ...sectionSource(section) });
  });
  const globalsFile = join(dir, "cell-globals.d.ts");
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
    typeRoots: [join(root, "node_modules", "@types")],
    paths: { podtalk: [join(root, "dist", "lib", "index.d.ts")] },
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const getSource = host.getSourceFile.bind(host);
  const text = (name: string): string | undefined => (name === globalsFile ? globals : files.get(name)?.source);
  host.readFile = (name) => text(name) ?? read(name);
  host.fileExists = (name) => text(name) !== undefined || ts.sys.fileExists(name);
  host.getSourceFile = (name, version, onError, create) => {
    const own = text(name);
    return own !== undefined ? ts.createSourceFile(name, own, version, true) : getSource(name, version, onError, create);
  };
  const program = ts.createProgram([globalsFile, ...files.keys()], options, host);
  const out: GuideDiagnostic[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const own = d.file ? files.get(d.file.fileName) : undefined;
    if (!own || d.start === undefined || !d.file) {
      out.push({ section: list[0]!, line: 0, message: `${d.file?.fileName ?? "(program)"}: ${message}` });
      continue;
    }
    const at = d.file.getLineAndCharacterOfPosition(d.start).line + 1;
    let block = 0;
    while (block + 1 < own.starts.length && own.starts[block + 1]! <= at) block++;
    out.push({ section: own.section, line: own.section.blocks[block]!.line + (at - own.starts[block]!), message });
  }
  return out;
}

/**
 * Transpiles a section to CommonJS and runs it, `podtalk` being the built package, with
 * `display()` (which records into `displayed`) and `clearOutput()` as the kernel's globals. Returns what each block's last
 * expression gave (by block index).
 */
export function runSection(root: string, section: Section, displayed: unknown[] = []): unknown[] {
  const { source } = sectionSource(section);
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const requireHere = createRequire(join(root, "package.json"));
  const podtalk = requireHere(join(root, "dist", "lib", "index.js")) as Record<string, unknown>;
  const requireInGuide = (id: string): unknown => (id === "podtalk" ? podtalk : requireHere(id));
  const shown: unknown[] = [];
  const module = { exports: {} };
  const run = new Function("require", "module", "exports", SHOWN, AT, "display", "clearOutput", js) as (...args: unknown[]) => void;
  const at = { block: 0 };
  // display() records what it was given (outside a kernel it would print to the test's stdout).
  const display = (value: unknown): Promise<void> => {
    displayed.push(value);
    return Promise.resolve();
  };
  try {
    run(requireInGuide, module, module.exports, shown, at, display, podtalk["clearOutput"]);
  } catch (e) {
    const block = section.blocks[at.block]!;
    throw new Error(`${section.file}:${block.line} (${section.title}): the example threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  return shown;
}

/** Text as a guide shows it: no trailing spaces on a line (editors strip them), no trailing blank lines. */
export function asShown(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trimEnd();
}
