/**
 * The shell's parser for the command lines `exec` accepts and the scripts of `sh -c`: the lexer
 * (`shell-lexer.ts`) turns the text into words and operators, then the POSIX grammar of lists, AND-OR lists,
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
import { Lexer, RESERVED, type Token, unsupported, type Word } from "./shell-lexer.js";
import { SHELL } from "./messages.js";

export type { Word, WordPart } from "./shell-lexer.js";

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
