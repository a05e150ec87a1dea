/**
 * The shell's parser for the command lines `exec` accepts and the scripts of `sh -c`: a lexer that
 * turns the text into words and operators, then the POSIX grammar of lists, AND-OR lists,
 * pipelines and simple commands with redirections. `interpreter.ts` runs the tree.
 *
 * Quoting is POSIX sh's: single quotes keep everything literally; inside double quotes a backslash
 * is removed only before `$`, backquote, `"`, `\` and newline (so `"%{http_code}\n"` keeps its
 * backslash for curl); outside quotes a backslash takes the next character literally. Parameter
 * expansion (`$NAME`, `${NAME}`, `$?`) is kept as a part of the word and expanded when the command
 * runs. What podtalk does not simulate (command substitution, subshells, compound commands,
 * background jobs, here-documents) is refused with a PodtalkError that says so, never passed on
 * as an argument.
 *
 * @see https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import { SHELL } from "./messages.js";

/** A piece of a word: literal text, or a parameter to expand (`quoted`: inside double quotes, so not field-split). */
export type WordPart = { readonly kind: "text"; readonly text: string } | { readonly kind: "param"; readonly name: string; readonly quoted: boolean };

/** A word before expansion. */
export interface Word {
  readonly parts: readonly WordPart[];
}

/** `[n]>file`, `[n]>>file`, `[n]>&m`. */
export interface Redirect {
  readonly fd: number;
  readonly op: ">" | ">>" | ">&";
  readonly target: Word;
}

/** A simple command: assignments, words and redirections, in the order written. */
export interface SimpleCommand {
  readonly assignments: readonly { readonly name: string; readonly value: Word }[];
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
}

/** `[!] cmd | cmd …`. */
export interface Pipeline {
  readonly negated: boolean;
  readonly commands: readonly SimpleCommand[];
}

/** `pipeline && pipeline || …`. */
export interface AndOr {
  readonly first: Pipeline;
  readonly rest: readonly { readonly op: "&&" | "||"; readonly pipeline: Pipeline }[];
}

/** A whole script: AND-OR lists separated by `;` or newlines. */
export interface Script {
  readonly lists: readonly AndOr[];
}

type Token = { readonly kind: "word"; readonly word: Word; readonly raw: string } | { readonly kind: "op"; readonly op: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/** Characters that mean nothing special outside quotes, and inside double quotes. */
const PLAIN = /[^ \t\r\n;|&<>()'"\\$`]+/y;
const QUOTED_PLAIN = /[^"\\$`]+/y;
/** Reserved words that open compound commands podtalk does not run. */
const RESERVED = new Set(["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "{", "}", "function", "select"]);

function unsupported(what: string): PodtalkError {
  return new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(what));
}

/** Reads a command line character by character, producing words and operators. */
class Lexer {
  #pos = 0;
  readonly #line: string;

  constructor(line: string) {
    this.#line = line;
  }

  tokens(): Token[] {
    const out: Token[] = [];
    for (;;) {
      this.#skipBlanks();
      if (this.#atEnd()) return out;
      const ch = this.#peek();
      if (ch === "#") {
        // A comment runs to the end of the line.
        while (!this.#atEnd() && this.#peek() !== "\n") this.#pos++;
        continue;
      }
      const op = this.#operator();
      if (op !== undefined) {
        out.push({ kind: "op", op });
        continue;
      }
      // Fast path: a word of ordinary characters only, the common case.
      PLAIN.lastIndex = this.#pos;
      const simple = ch === "~" ? undefined : PLAIN.exec(this.#line)?.[0];
      if (simple !== undefined && this.#isBoundary(this.#pos + simple.length)) {
        this.#pos += simple.length;
        if (/^\d+$/.test(simple) && (this.#peek() === ">" || this.#peek() === "<")) out.push({ kind: "op", op: `fd:${simple}` });
        else out.push({ kind: "word", word: { parts: [{ kind: "text", text: simple }] }, raw: simple });
        continue;
      }
      const start = this.#pos;
      const word = this.#word();
      const raw = this.#line.slice(start, this.#pos);
      // An IO number: digits directly followed by a redirection operator.
      if (/^\d+$/.test(raw) && (this.#peek() === ">" || this.#peek() === "<")) out.push({ kind: "op", op: `fd:${raw}` });
      else out.push({ kind: "word", word, raw });
    }
  }

  #atEnd(): boolean {
    return this.#pos >= this.#line.length;
  }

  #peek(offset = 0): string {
    return this.#line[this.#pos + offset] ?? "";
  }

  #skipBlanks(): void {
    while (!this.#atEnd() && (this.#peek() === " " || this.#peek() === "\t" || this.#peek() === "\r")) this.#pos++;
  }

  #operator(): string | undefined {
    const two = this.#line.slice(this.#pos, this.#pos + 2);
    const ch = this.#peek();
    if (two === "&&" || two === "||" || two === ">>" || two === ">&" || two === ";;") {
      if (two === ";;") throw unsupported("the case command (;;)");
      this.#pos += 2;
      return two;
    }
    if (two === "<<") throw unsupported("here-documents (<<)");
    if (two === ">|") {
      this.#pos += 2;
      return ">";
    }
    if (ch === ";" || ch === "|" || ch === ">" || ch === "\n") {
      this.#pos++;
      return ch === "\n" ? ";" : ch;
    }
    if (ch === "&") throw unsupported("background jobs (&): run the commands one after the other with ; or &&");
    if (ch === "<") throw unsupported("input redirection (<)");
    if (ch === "(" || ch === ")") throw unsupported("subshells ( … )");
    return undefined;
  }

  /** Whether a word ends at `pos`: the end of the line, a blank or an operator character. */
  #isBoundary(pos: number): boolean {
    return pos >= this.#line.length || " \t\r\n;|&<>()".includes(this.#line[pos]!);
  }

  #isWordEnd(): boolean {
    if (this.#atEnd()) return true;
    return " \t\r\n;|&<>()".includes(this.#peek());
  }

  /** word := (escaped | single-quoted | double-quoted | parameter | plain character)+. */
  #word(): Word {
    const parts: WordPart[] = [];
    const text = (t: string) => {
      const last = parts.at(-1);
      if (last?.kind === "text") parts[parts.length - 1] = { kind: "text", text: last.text + t };
      else parts.push({ kind: "text", text: t });
    };
    const start = this.#pos;
    while (!this.#isWordEnd()) {
      const ch = this.#peek();
      if (ch === "'") text(this.#singleQuoted());
      else if (ch === '"') this.#doubleQuoted(parts, text);
      else if (ch === "\\") {
        this.#pos++;
        // A backslash ending the line stays itself; backslash-newline joins lines.
        if (this.#atEnd()) text("\\");
        else if (this.#peek() === "\n") this.#pos++;
        else text(this.#line[this.#pos++]!);
      } else if (ch === "$") this.#dollar(parts, text, false);
      else if (ch === "`") throw unsupported("command substitution (`…`)");
      else if (ch === "~" && this.#pos === start && (this.#peek(1) === "/" || " \t\n;|&<>".includes(this.#peek(1)) || this.#peek(1) === "")) {
        this.#pos++;
        parts.push({ kind: "param", name: "HOME", quoted: true });
      } else {
        // A run of ordinary characters at once: long lines stay linear.
        PLAIN.lastIndex = this.#pos;
        const run = PLAIN.exec(this.#line)?.[0] ?? ch;
        text(run);
        this.#pos += run.length;
      }
    }
    return { parts };
  }

  /** `'...'`: every character up to the next single quote, literally. */
  #singleQuoted(): string {
    const close = this.#line.indexOf("'", this.#pos + 1);
    if (close < 0) throw this.#unterminated();
    const text = this.#line.slice(this.#pos + 1, close);
    this.#pos = close + 1;
    return text;
  }

  /** `"..."`: a backslash escapes only `$`, backquote, `"`, `\` and newline; `$` expands. */
  #doubleQuoted(parts: WordPart[], text: (t: string) => void): void {
    this.#pos++;
    // An empty pair of quotes still makes a word.
    text("");
    for (;;) {
      if (this.#atEnd()) throw this.#unterminated();
      const ch = this.#peek();
      if (ch === '"') {
        this.#pos++;
        return;
      }
      if (ch === "\\" && '$`"\\\n'.includes(this.#peek(1)) && this.#peek(1) !== "") {
        if (this.#peek(1) !== "\n") text(this.#peek(1));
        this.#pos += 2;
      } else if (ch === "$") this.#dollar(parts, text, true);
      else if (ch === "`") throw unsupported("command substitution (`…`)");
      else {
        QUOTED_PLAIN.lastIndex = this.#pos;
        const run = QUOTED_PLAIN.exec(this.#line)?.[0] ?? ch;
        text(run);
        this.#pos += run.length;
      }
    }
  }

  /** `$NAME`, `${NAME}`, `$?`; `$(…)` and other expansions are refused; a lone `$` is literal. */
  #dollar(parts: WordPart[], text: (t: string) => void, quoted: boolean): void {
    const next = this.#peek(1);
    if (next === "(") throw unsupported(this.#peek(2) === "(" ? "arithmetic expansion ($((…)))" : "command substitution ($(…))");
    if (next === "{") {
      const close = this.#line.indexOf("}", this.#pos);
      const inner = close < 0 ? "" : this.#line.slice(this.#pos + 2, close);
      if (close < 0) throw this.#unterminated();
      if (inner !== "?" && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) throw unsupported(`the parameter expansion \${${inner}}`);
      parts.push({ kind: "param", name: inner, quoted });
      this.#pos = close + 1;
      return;
    }
    if (next === "?") {
      parts.push({ kind: "param", name: "?", quoted });
      this.#pos += 2;
      return;
    }
    const name = NAME.exec(this.#line.slice(this.#pos + 1))?.[0];
    if (name !== undefined) {
      parts.push({ kind: "param", name, quoted });
      this.#pos += 1 + name.length;
      return;
    }
    if (next !== "" && "$#@*!-0123456789".includes(next)) throw unsupported(`the special parameter $${next}`);
    text("$");
    this.#pos++;
  }

  #unterminated(): PodtalkError {
    return new PodtalkError(ErrorCode.BadRequest, SHELL.unterminatedQuote(this.#line));
  }
}

/** The literal text of a word with no expansions (for reserved words and assignments). */
function literal(word: Word): string | undefined {
  const [only] = word.parts;
  if (word.parts.length === 1 && only!.kind === "text") return only!.text;
  return word.parts.every((p) => p.kind === "text") ? word.parts.map((p) => (p.kind === "text" ? p.text : "")).join("") : undefined;
}

/** Recursive descent over the tokens: script := and_or ((';') and_or)*. */
class Parser {
  #pos = 0;

  constructor(
    readonly tokens: readonly Token[],
    readonly line: string,
  ) {}

  script(): Script {
    const lists: AndOr[] = [];
    for (;;) {
      while (this.#isOp(";")) this.#pos++;
      if (this.#pos >= this.tokens.length) return { lists };
      lists.push(this.#andOr());
      if (this.#pos < this.tokens.length && !this.#isOp(";")) throw this.#unexpected();
    }
  }

  #isOp(op: string): boolean {
    const t = this.tokens[this.#pos];
    return t?.kind === "op" && t.op === op;
  }

  #unexpected(): PodtalkError {
    const t = this.tokens[this.#pos];
    const what = t === undefined ? "end of file" : t.kind === "op" ? `"${t.op.replace(/^fd:/, "")}"` : `word`;
    return new PodtalkError(ErrorCode.BadRequest, SHELL.syntaxError(what, this.line));
  }

  #andOr(): AndOr {
    const first = this.#pipeline();
    const rest: { op: "&&" | "||"; pipeline: Pipeline }[] = [];
    while (this.#isOp("&&") || this.#isOp("||")) {
      const op = (this.tokens[this.#pos++] as { op: "&&" | "||" }).op;
      rest.push({ op, pipeline: this.#pipeline() });
    }
    return { first, rest };
  }

  #pipeline(): Pipeline {
    let negated = false;
    const t = this.tokens[this.#pos];
    if (t?.kind === "word" && t.raw === "!") {
      negated = true;
      this.#pos++;
    }
    const commands = [this.#command()];
    while (this.#isOp("|")) {
      this.#pos++;
      commands.push(this.#command());
    }
    return { negated, commands };
  }

  #command(): SimpleCommand {
    const assignments: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const t = this.tokens[this.#pos];
      if (t === undefined) break;
      if (t.kind === "op") {
        const redirect = this.#redirect();
        if (redirect === undefined) break;
        redirects.push(redirect);
        continue;
      }
      this.#pos++;
      if (words.length === 0 && RESERVED.has(t.raw)) throw unsupported(`the shell's compound commands (${t.raw})`);
      const assignment = words.length === 0 ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.raw) : null;
      if (assignment) {
        assignments.push({ name: assignment[1]!, value: dropPrefix(t.word, assignment[0].length) });
        continue;
      }
      words.push(t.word);
    }
    if (words.length === 0 && assignments.length === 0 && redirects.length === 0) throw this.#unexpected();
    return { assignments, words, redirects };
  }

  #redirect(): Redirect | undefined {
    let fd: number | undefined;
    const t = this.tokens[this.#pos];
    if (t?.kind !== "op") return undefined;
    let op = t.op;
    if (op.startsWith("fd:")) {
      fd = Number(op.slice(3));
      this.#pos++;
      const next = this.tokens[this.#pos];
      op = next?.kind === "op" ? next.op : "";
    }
    if (op !== ">" && op !== ">>" && op !== ">&") {
      if (fd !== undefined) throw this.#unexpected();
      return undefined;
    }
    this.#pos++;
    const target = this.tokens[this.#pos];
    if (target?.kind !== "word") throw this.#unexpected();
    this.#pos++;
    return { fd: fd ?? 1, op, target: target.word };
  }
}

/** The word without its first `n` literal characters (the `NAME=` of an assignment). */
function dropPrefix(word: Word, n: number): Word {
  const [first, ...rest] = word.parts;
  if (first?.kind !== "text") return word;
  return { parts: [{ kind: "text", text: first.text.slice(n) }, ...rest] };
}

/**
 * Parses a command line or `sh -c` script.
 *
 * @example parseScript("curl -s http://api/ | head -1 || echo failed").lists.length // 1
 */
export function parseScript(line: string): Script {
  return new Parser(new Lexer(line).tokens(), line).script();
}

/** Whether the script is one simple command with no expansion or redirection (what `kubectl exec -- cmd args` runs without a shell). */
export function plainCommand(script: Script): readonly string[] | undefined {
  if (script.lists.length === 0) return [];
  if (script.lists.length !== 1) return undefined;
  const [list] = script.lists;
  if (list!.rest.length > 0 || list!.first.negated || list!.first.commands.length !== 1) return undefined;
  const cmd = list!.first.commands[0]!;
  if (cmd.assignments.length > 0 || cmd.redirects.length > 0) return undefined;
  const words = cmd.words.map(literal);
  return words.every((w) => w !== undefined) ? (words as string[]) : undefined;
}

/**
 * Splits a command line into words as `sh` would, for lines that are one simple command.
 *
 * @example splitWords(`curl -w '%{http_code}' "a b"`) // ["curl", "-w", "%{http_code}", "a b"]
 */
export function splitWords(line: string): string[] {
  const words = plainCommand(parseScript(line));
  if (words === undefined) throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated("shell syntax in a single command"));
  return [...words];
}

/**
 * The `kubectl exec` command line that runs `line` as exec does: a plain command as its words, any
 * other line inside `sh -c '…'` (kubectl does not run a shell; the reader's own shell would take
 * the pipe or `&&` for itself).
 *
 * @example kubectlArgs("curl -s x | head -1") // "sh -c 'curl -s x | head -1'"
 */
export function kubectlArgs(line: string): string {
  let plain: readonly string[] | undefined;
  try {
    plain = plainCommand(parseScript(line));
  } catch {
    plain = undefined;
  }
  return plain !== undefined ? line : `sh -c '${line.replaceAll("'", `'\\''`)}'`;
}
