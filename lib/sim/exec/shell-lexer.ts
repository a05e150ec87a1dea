/**
 * The shell's lexer: turns a command line into words (with their quoting and parameter
 * expansions kept apart) and operators, following POSIX sh's token recognition. Parsing the
 * tokens into lists and pipelines is `shell.ts`'s.
 *
 * @see https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_03
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import { SHELL } from "./messages.js";

/** A piece of a word: literal text, or a parameter to expand (`quoted`: inside double quotes, so not field-split). */
export type WordPart = { readonly kind: "text"; readonly text: string } | { readonly kind: "param"; readonly name: string; readonly quoted: boolean };

/** A word before expansion. */
export interface Word {
  readonly parts: readonly WordPart[];
}

/** A token: a word (with its raw text, for reserved words and assignments), or an operator. */
export type Token = { readonly kind: "word"; readonly word: Word; readonly raw: string } | { readonly kind: "op"; readonly op: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/** Characters that mean nothing special outside quotes, and inside double quotes. */
const PLAIN = /[^ \t\r\n;|&<>()'"\\$`]+/y;
const QUOTED_PLAIN = /[^"\\$`]+/y;
/** Reserved words that open compound commands podtalk does not run. */
export const RESERVED = new Set(["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "{", "}", "function", "select"]);

export function unsupported(what: string): PodtalkError {
  return new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(what));
}

/** Reads a command line character by character, producing words and operators. */
export class Lexer {
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
