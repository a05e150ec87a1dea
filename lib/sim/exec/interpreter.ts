/**
 * Runs a parsed script as POSIX sh does: AND-OR lists short-circuit on the exit status, a
 * pipeline feeds each command's stdout to the next and returns the last command's status (no
 * pipefail), `!` negates it, `exit N` ends the script, and redirections send a command's output to
 * /dev/null, to the other stream or to a file of the container.
 *
 * @see https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_09
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import type { Hop, Outcome, ServedBy } from "../datapath/hops.js";
import { programName } from "./image-tools.js";
import { SHELL } from "./messages.js";
import type { ToolResult } from "./result.js";
import type { AndOr, Pipeline, Script, SimpleCommand, Word } from "./shell.js";
import type { Tool, ToolContext } from "./tool.js";

/** Where a file descriptor writes: the command's stdout or stderr stream, nowhere, or a file. */
type Sink = "out" | "err" | "null" | { readonly file: string };

/** Thrown by `exit` to end the script. */
class Exit {
  constructor(readonly status: number) {}
}

/** Programs that real images have but podtalk does not run: they get "podtalk does not simulate", never "not found". */
const NOT_SIMULATED = new Set(
  "ls ps sleep cp mv rm mkdir rmdir touch date id whoami uname df du find sed xargs tee kill mount netstat ss nmap tcpdump traceroute tracepath iptables telnet vi vim less more base64 md5sum sha256sum seq yes test [ printf read cd pwd apk apt apt-get openssl python3 python perl nsenter arp route ifconfig ethtool socat iperf3 mtr nping dd stat chmod chown ln basename dirname uniq tac rev od xxd hexdump timeout watch top free uptime which type command set unset source . eval exec trap wait jobs fg bg".split(
    " ",
  ),
);

/** Whether `program` is one podtalk knows real images have but does not run. */
export function isNotSimulated(program: string): boolean {
  return NOT_SIMULATED.has(program);
}

/** What running a script produced, in the shape of a tool's result. */
export class ShellRun {
  stdout = "";
  stderr = "";
  status = 0;
  readonly hops: Hop[] = [];
  servedBy: ServedBy | undefined;
  /** The outcome of the last command that opened a connection or asked DNS. */
  netOutcome: Outcome | undefined;
  lastOutcome: Outcome = "ok";

  result(): ToolResult {
    const outcome = this.netOutcome ?? (this.status === 0 ? "ok" : this.lastOutcome === "ok" ? "error" : this.lastOutcome);
    return { exitCode: this.status, stdout: this.stdout, stderr: this.stderr, outcome, ...(this.servedBy ? { servedBy: this.servedBy } : {}), hops: this.hops };
  }
}

/** One shell: its variables and the tools it can find. */
export class Shell {
  /** The container's environment, built on first use: most command lines never read it. */
  readonly #initial: () => ReadonlyMap<string, string>;
  #state: { vars: Map<string, string>; exported: Set<string> } | undefined;
  readonly #base: Omit<ToolContext, "stdin" | "env">;
  readonly #tools: Readonly<Record<string, Tool>>;
  readonly #run = new ShellRun();

  constructor(base: Omit<ToolContext, "stdin" | "env">, env: () => ReadonlyMap<string, string>, tools: Readonly<Record<string, Tool>>) {
    this.#base = base;
    this.#initial = env;
    this.#tools = tools;
  }

  get #vars(): Map<string, string> {
    return this.#variables().vars;
  }

  get #exported(): Set<string> {
    return this.#variables().exported;
  }

  #variables(): { vars: Map<string, string>; exported: Set<string> } {
    if (this.#state === undefined) {
      const env = this.#initial();
      this.#state = { vars: new Map(env), exported: new Set(env.keys()) };
    }
    return this.#state;
  }

  /** The environment a command gets: the exported variables and its own assignments. */
  #environment(assigned: readonly (readonly [string, string])[]): Map<string, string> {
    const env = new Map<string, string>();
    for (const key of this.#exported) env.set(key, this.#vars.get(key) ?? "");
    for (const [key, value] of assigned) env.set(key, value);
    return env;
  }

  /** Runs the whole script; `exit` ends it early. */
  run(script: Script): ToolResult {
    try {
      for (const list of script.lists) this.#andOr(list);
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      this.#run.status = e.status;
    }
    return this.#run.result();
  }

  #andOr(list: AndOr): void {
    this.#pipeline(list.first);
    for (const { op, pipeline } of list.rest) {
      if ((op === "&&") === (this.#run.status === 0)) this.#pipeline(pipeline);
    }
  }

  #pipeline(pipeline: Pipeline): void {
    let input = "";
    const n = pipeline.commands.length;
    pipeline.commands.forEach((command, i) => {
      const last = i === n - 1;
      let piped = "";
      try {
        const out = this.#command(command, input, last ? undefined : (text) => (piped += text));
        this.#run.status = out;
      } catch (e) {
        // In a pipeline every command runs in a subshell: its `exit` ends only that command.
        if (!(e instanceof Exit) || n === 1) throw e;
        this.#run.status = e.status;
      }
      input = piped;
    });
    if (pipeline.negated) this.#run.status = this.#run.status === 0 ? 1 : 0;
  }

  #param(name: string): string {
    if (name === "?") return String(this.#run.status);
    return this.#vars.get(name) ?? "";
  }

  /** Parameter expansion, field splitting of unquoted expansions, quote removal. */
  #expand(word: Word): string[] {
    const [only] = word.parts;
    if (word.parts.length === 1 && only!.kind === "text") return [only!.text];
    const fields: string[] = [];
    let current: string | undefined;
    for (const part of word.parts) {
      if (part.kind === "text") current = (current ?? "") + part.text;
      else if (part.quoted) current = (current ?? "") + this.#param(part.name);
      else {
        const value = this.#param(part.name);
        const pieces = value.split(/[ \t\n]+/);
        pieces.forEach((piece, i) => {
          if (i > 0) {
            if (current !== undefined && current !== "") fields.push(current);
            current = undefined;
          }
          if (piece !== "") current = (current ?? "") + piece;
        });
      }
    }
    if (current !== undefined) fields.push(current);
    return fields;
  }

  /** The one word a redirection's target expands to. */
  #target(word: Word): string {
    return this.#expand(word).join(" ");
  }

  /** Runs one simple command; returns its status. `pipe` receives stdout when a pipe follows. */
  #command(command: SimpleCommand, stdin: string, pipe: ((text: string) => void) | undefined): number {
    const dash = this.#base.image.shell === "dash";
    const assigned = command.assignments.map((a) => [a.name, this.#target(a.value)] as const);
    const argv: string[] = [];
    for (const w of command.words) {
      const [only] = w.parts;
      if (w.parts.length === 1 && only!.kind === "text") argv.push(only!.text);
      else argv.push(...this.#expand(w));
    }
    const fds = new Map<number, Sink>([
      [1, "out"],
      [2, "err"],
    ]);
    for (const r of command.redirects) {
      const target = this.#target(r.target);
      if (r.op === ">&") {
        if (target === "-") throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated("closing a file descriptor (>&-)"));
        const from = /^\d+$/.test(target) ? fds.get(Number(target)) : undefined;
        if (from === undefined) {
          this.#write("err", SHELL.badFd(target), pipe);
          return 1;
        }
        fds.set(r.fd, from);
        continue;
      }
      if (r.fd !== 1 && r.fd !== 2) throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`file descriptor ${r.fd}`));
      const sink = this.#openFile(target, r.op === ">>");
      if (sink === undefined) {
        this.#write("err", SHELL.cannotCreate(target, dash), pipe);
        return 2;
      }
      fds.set(r.fd, sink);
    }
    if (argv.length === 0) {
      for (const [name, value] of assigned) this.#vars.set(name, value);
      return 0;
    }
    const result = this.#invoke(argv, assigned, stdin);
    this.#run.hops.push(...result.hops);
    if (result.hops.length > 0) this.#run.netOutcome = result.outcome;
    if (result.servedBy) this.#run.servedBy = result.servedBy;
    this.#run.lastOutcome = result.outcome;
    // With both streams going to one place, the diagnostics come first, as curl writes them.
    this.#write(fds.get(2)!, result.stderr, pipe);
    this.#write(fds.get(1)!, result.stdout, pipe);
    return result.exitCode;
  }

  /** Where `>path` writes; undefined when the path is a directory. */
  #openFile(path: string, append: boolean): Sink | undefined {
    if (path === "/dev/null") return "null";
    if (path === "/dev/stdout") return "out";
    if (path === "/dev/stderr") return "err";
    if (path === "" || path.endsWith("/") || path === "/tmp" || path === "/etc" || path === "/dev") return undefined;
    const full = path.startsWith("/") ? path : `/${path}`;
    if (!append) this.#base.files.write(full, "", false);
    else this.#base.files.write(full, "", true);
    return { file: full };
  }

  #write(sink: Sink, text: string, pipe: ((text: string) => void) | undefined): void {
    if (text === "") return;
    if (sink === "out") {
      if (pipe) pipe(text);
      else this.#run.stdout += text;
    } else if (sink === "err") this.#run.stderr += text;
    else if (sink !== "null") this.#base.files.write(sink.file, text, true);
  }

  /** Builtins first, then the image's programs. */
  #invoke(argv: readonly string[], assigned: readonly (readonly [string, string])[], stdin: string): ToolResult {
    const [name, ...args] = argv as [string, ...string[]];
    const dash = this.#base.image.shell === "dash";
    const status = (code: number, stderr = ""): ToolResult => ({ exitCode: code, stdout: "", stderr, outcome: code === 0 ? "ok" : "error", hops: [] });
    switch (name) {
      case "exit": {
        const arg = args[0];
        if (arg === undefined) throw new Exit(this.#run.status);
        if (!/^\d+$/.test(arg)) {
          this.#run.stderr += SHELL.illegalExit(arg, dash);
          throw new Exit(2);
        }
        throw new Exit(Number(BigInt(arg) % 256n));
      }
      case "true":
      case ":":
        return status(0);
      case "false":
        return status(1);
      case "export":
        for (const a of args) {
          const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(a);
          if (!m) return status(1, `sh: export: bad variable name\n`);
          if (m[2] !== undefined) this.#vars.set(m[1]!, m[2]);
          this.#exported.add(m[1]!);
        }
        return status(0);
    }
    const program = programName(name);
    const tool = program !== undefined && Object.hasOwn(this.#tools, program) ? this.#tools[program] : undefined;
    const shipped = program !== undefined && (this.#base.image.programs.has(program) || program === "echo");
    if (tool === undefined || !shipped) {
      if (program !== undefined && NOT_SIMULATED.has(program) && this.#base.image.shell !== undefined) {
        throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`the program ${program} (exec runs ${this.#simulated().join(", ")})`));
      }
      return status(127, SHELL.notFound(name, dash));
    }
    // The environment is built only if the tool reads it (env, printenv, sh -c).
    let env: Map<string, string> | undefined;
    const environment = () => {
      env ??= this.#environment(assigned);
      return env;
    };
    const ctx: ToolContext = {
      ...this.#base,
      stdin,
      get env() {
        return environment();
      },
    };
    return tool.run(ctx, args);
  }

  /** The programs this image has that podtalk runs. */
  #simulated(): string[] {
    return Object.keys(this.#tools)
      .filter((t) => this.#base.image.programs.has(t))
      .sort();
  }
}
