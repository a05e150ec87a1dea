/**
 * The shell's parser for the command lines `exec` accepts and the script of `sh -c`: a lexer that
 * turns the text into words (quote removal included), then a grammar of one simple command.
 *
 * The quoting follows POSIX sh closely enough for tutorials: single quotes keep everything
 * literally; double quotes keep everything but a backslash, which takes the next character
 * literally (sh would do so only before `$`, backquote, `"`, `\` and newline); outside quotes a
 * backslash takes the next character literally, and a trailing backslash stays a backslash. Words
 * are separated by white space. podtalk runs one command per exec, so `;`, `&&`, `||`, `|`, `<` and
 * `>` are ordinary characters of a word: `curl -s x || echo failed` hands `||`, `echo` and
 * `failed` to curl as arguments, as it always has (a list grammar would change what existing
 * sessions print).
 *
 * @see https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_18_02
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import { SHELL } from "./messages.js";

/** A simple command: its words after quote removal (the command name first). */
export interface SimpleCommand {
  readonly argv: readonly string[];
}

/** A token of the command line. Only words exist today; operators would be further kinds. */
interface WordToken {
  readonly kind: "word";
  readonly text: string;
}

/** Reads a command line character by character, producing word tokens. */
class Lexer {
  #pos = 0;

  constructor(readonly line: string) {}

  /** All tokens of the line; throws on an unterminated quote (sh would wait for more input). */
  tokens(): WordToken[] {
    const out: WordToken[] = [];
    this.#skipBlanks();
    while (!this.#atEnd()) {
      out.push({ kind: "word", text: this.#word() });
      this.#skipBlanks();
    }
    return out;
  }

  #atEnd(): boolean {
    return this.#pos >= this.line.length;
  }

  #peek(): string {
    return this.line[this.#pos]!;
  }

  #isBlank(ch: string): boolean {
    return /\s/.test(ch);
  }

  #skipBlanks(): void {
    while (!this.#atEnd() && this.#isBlank(this.#peek())) this.#pos++;
  }

  /** word := (escaped | single-quoted | double-quoted | plain character)+, up to a blank. */
  #word(): string {
    let text = "";
    while (!this.#atEnd() && !this.#isBlank(this.#peek())) {
      const ch = this.#peek();
      if (ch === "'") text += this.#singleQuoted();
      else if (ch === '"') text += this.#doubleQuoted();
      else if (ch === "\\") text += this.#escaped();
      else {
        text += ch;
        this.#pos++;
      }
    }
    return text;
  }

  /** `\c` takes c literally (a blank or a quote too); a backslash ending the line stays itself. */
  #escaped(): string {
    this.#pos++;
    if (this.#atEnd()) return "\\";
    return this.line[this.#pos++]!;
  }

  /** `'...'`: every character up to the next single quote, literally. */
  #singleQuoted(): string {
    const close = this.line.indexOf("'", this.#pos + 1);
    if (close < 0) throw this.#unterminated();
    const text = this.line.slice(this.#pos + 1, close);
    this.#pos = close + 1;
    return text;
  }

  /** `"..."`: characters up to the next unescaped double quote; a backslash takes the next one literally. */
  #doubleQuoted(): string {
    let text = "";
    this.#pos++;
    for (;;) {
      if (this.#atEnd()) throw this.#unterminated();
      const ch = this.line[this.#pos++]!;
      if (ch === '"') return text;
      if (ch === "\\" && !this.#atEnd()) text += this.line[this.#pos++]!;
      else text += ch;
    }
  }

  #unterminated(): PodtalkError {
    return new PodtalkError(ErrorCode.BadRequest, SHELL.unterminatedQuote(this.line));
  }
}

/**
 * Parses a command line as one simple command (command := word*).
 *
 * @example parseCommand(`curl -w '%{http_code}' "a b"`).argv // ["curl", "-w", "%{http_code}", "a b"]
 */
export function parseCommand(line: string): SimpleCommand {
  return { argv: new Lexer(line).tokens().map((t) => t.text) };
}

/** Splits a command line into words as `sh` would (single and double quotes, backslash escapes). */
export function splitWords(line: string): string[] {
  return [...parseCommand(line).argv];
}
