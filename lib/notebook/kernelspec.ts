/**
 * Kernelspecs: podtalk's own, where Jupyter looks for them, and how to install one without Python.
 *
 * @see https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, copyFileSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { makeDirs } from "./internal/make-dirs.js";

/** The contents of a `kernel.json`. */
export interface KernelSpec {
  readonly argv: readonly string[];
  readonly display_name: string;
  readonly language: string;
  readonly interrupt_mode?: "signal" | "message";
  readonly env?: Readonly<Record<string, string>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** A kernelspec found on disk (or podtalk's built-in one), with the folder it lives in. */
export interface ResolvedKernelSpec {
  readonly name: string;
  /** The kernelspec folder; `undefined` for podtalk's built-in spec that is not installed. */
  readonly dir: string | undefined;
  readonly spec: KernelSpec;
}

/** The default name of podtalk's kernel. */
export const PODTALK_KERNEL_NAME = "podtalk";

/** The root of the installed podtalk package (the folder holding its package.json). */
export function packageRoot(): string {
  // This file is compiled to <root>/dist/lib/notebook/kernelspec.js.
  return resolve(__dirname, "..", "..", "..");
}

/** The path of the compiled kernel entry point that a kernelspec starts. */
export function kernelEntryPoint(): string {
  return join(packageRoot(), "dist", "kernel", "main.js");
}

/** The value of PODTALK_KERNEL_SNAPSHOT that starts kernels without the startup snapshot. */
const SNAPSHOT_OFF = "off";

/**
 * `[...flags, "--snapshot-blob", <blob>]` when `npm run build` made the startup snapshot of the
 * kernel's compiler process (kernel/snapshot/entry.ts, kernel/compiler/) with this very Node and
 * NODE_OPTIONS, else `[]`: a blob starts only the Node version that built it, with the same V8
 * flags (the stamp's `flags`, which scripts/ts-startup-snapshot.cjs built it with), and a compiler
 * process without one loads TypeScript itself. PODTALK_KERNEL_SNAPSHOT=off turns it off. `dir`
 * holds `ts-startup.blob` and the stamp `ts-startup.json` beside it.
 */
export function compilerStartupArgs(env: NodeJS.ProcessEnv = process.env, dir = join(packageRoot(), "dist", "kernel")): string[] {
  if (env["PODTALK_KERNEL_SNAPSHOT"]?.trim().toLowerCase() === SNAPSHOT_OFF) return [];
  const blob = join(dir, "ts-startup.blob");
  try {
    const stamp = JSON.parse(readFileSync(join(dir, "ts-startup.json"), "utf8")) as { node?: unknown; arch?: unknown; nodeOptions?: unknown; flags?: unknown };
    // Node refuses a blob under other V8 flags than it was built with (exit code 14): NODE_OPTIONS
    // such as --max-old-space-size must be as at the build.
    const sameFlags = stamp.nodeOptions === (env["NODE_OPTIONS"] ?? "");
    const flags = stamp.flags ?? [];
    const known = Array.isArray(flags) && flags.every((f) => typeof f === "string" && f.startsWith("--"));
    if (stamp.node === process.version && stamp.arch === process.arch && sameFlags && known && existsSync(blob))
      return [...(flags as string[]), "--snapshot-blob", blob];
  } catch {
    // No snapshot was built (or its stamp is unreadable): start without it.
  }
  return [];
}

/**
 * The environment of a kernel's compiler process, from the kernel's `env`: all of it but
 * NODE_EXTRA_CA_CERTS. Node reads and parses that file of certificates before anything else when
 * it starts (30 ms for a system bundle of 144 certificates on a 2-core machine), and the compiler
 * opens no TLS connection: it only runs TypeScript. Cells run in the kernel, which keeps it.
 */
export function compilerEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _certificates, ...rest } = env;
  return rest;
}

/**
 * The kernel's launcher (kernel/launch.sh): a POSIX shell script that starts the kernel and its
 * compiler process at once. Windows has none: its kernelspec starts the kernel entry point.
 */
export function kernelLauncher(): string | undefined {
  return process.platform === "win32" ? undefined : join(packageRoot(), "kernel", "launch.sh");
}

/** How a kernelspec starts this package's kernel: through its launcher, else Node running its entry point. */
function kernelArgv(): string[] {
  const launcher = kernelLauncher();
  return launcher && existsSync(launcher)
    ? ["/bin/sh", launcher, process.execPath, "{connection_file}"]
    : [process.execPath, kernelEntryPoint(), "--connection-file", "{connection_file}"];
}

/** True when `argv` (a kernelspec's) starts this very package's kernel, by its launcher or its entry point. */
export function startsThisKernel(argv: readonly string[]): boolean {
  const launcher = kernelLauncher();
  return argv[1] === kernelEntryPoint() || (launcher !== undefined && argv[0] === "/bin/sh" && argv[1] === launcher);
}

/** podtalk's kernelspec: this package's kernel, started by its launcher where there is one. */
export function podtalkKernelSpec(): KernelSpec {
  return {
    argv: kernelArgv(),
    display_name: "TypeScript (podtalk)",
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { debugger: false },
  };
}

/**
 * The folders Jupyter searches for data (kernelspecs live in `<dir>/kernels/<name>`), in
 * priority order, as jupyter_core's `jupyter_path()` computes them on Linux.
 */
export function jupyterDataPath(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs: string[] = [];
  for (const d of (env["JUPYTER_PATH"] ?? "").split(delimiter)) if (d) dirs.push(d);
  dirs.push(userDataDir(env));
  if (env["VIRTUAL_ENV"]) dirs.push(join(env["VIRTUAL_ENV"], "share", "jupyter"));
  dirs.push("/usr/local/share/jupyter", "/usr/share/jupyter");
  return [...new Set(dirs.map((d) => resolve(d)))];
}

/** The per-user Jupyter data folder (`JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter`). */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env["JUPYTER_DATA_DIR"]) return env["JUPYTER_DATA_DIR"];
  const xdg = env["XDG_DATA_HOME"] || join(homedir(), ".local", "share");
  return join(xdg, "jupyter");
}

/**
 * Finds the kernelspec `name` the way Jupyter does: the first `kernels/<name>/kernel.json` on the
 * data path. podtalk's own kernel is always available, installed or not.
 *
 * @throws Error naming the folders searched when no such kernel exists
 */
export function findKernelSpec(name: string, env: NodeJS.ProcessEnv = process.env): ResolvedKernelSpec {
  for (const base of jupyterDataPath(env)) {
    const dir = join(base, "kernels", name);
    const file = join(dir, "kernel.json");
    if (!existsSync(file)) continue;
    let spec: KernelSpec;
    try {
      spec = JSON.parse(readFileSync(file, "utf8")) as KernelSpec;
    } catch (e) {
      throw new Error(`Kernelspec ${file} is not valid JSON (${(e as Error).message}); reinstall the kernel`);
    }
    if (!Array.isArray(spec.argv) || spec.argv.length === 0) {
      throw new Error(`Kernelspec ${file} has no argv; reinstall the kernel`);
    }
    return { name, dir, spec };
  }
  if (name === PODTALK_KERNEL_NAME) return { name, dir: undefined, spec: podtalkKernelSpec() };
  const available = listKernelSpecs(env).map((k) => k.name);
  throw new Error(
    `No such kernel "${name}". Searched ${jupyterDataPath(env)
      .map((d) => join(d, "kernels"))
      .join(", ")}; ` +
      `available: ${available.length ? available.join(", ") : "none"}. ` +
      `Install podtalk's with \`podtalk kernel install\`.`,
  );
}

/** Every kernelspec on the data path (the first of each name wins), sorted by name. */
export function listKernelSpecs(env: NodeJS.ProcessEnv = process.env): ResolvedKernelSpec[] {
  const found = new Map<string, ResolvedKernelSpec>();
  for (const base of jupyterDataPath(env)) {
    const kernels = join(base, "kernels");
    if (!existsSync(kernels)) continue;
    for (const name of readdirSync(kernels).sort()) {
      if (found.has(name) || !existsSync(join(kernels, name, "kernel.json"))) continue;
      try {
        found.set(name, findKernelSpec(name, { ...env, JUPYTER_PATH: base }));
      } catch {
        // An unreadable kernelspec is skipped here; findKernelSpec reports it when asked by name.
      }
    }
  }
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The `sys.prefix` of the Python that runs the `jupyter` command found on PATH: where
 * `jupyter kernelspec install --sys-prefix` would write (`<prefix>/share/jupyter/kernels`).
 * Node cannot know Jupyter's Python otherwise, so this reads the interpreter from the command's
 * `#!` line and asks it.
 *
 * @throws Error saying what is missing when there is no `jupyter` on PATH or its Python fails
 */
export function jupyterSysPrefix(env: NodeJS.ProcessEnv = process.env): string {
  const jupyter = findOnPath("jupyter", env);
  if (!jupyter) {
    throw new Error(
      "--sys-prefix needs Jupyter's Python, but there is no `jupyter` command on PATH; " +
        "install Jupyter, activate its environment, or use --prefix <dir> or --user",
    );
  }
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(readFileSync(jupyter, "utf8").slice(0, 512));
  // `#!/usr/bin/env python3` names the interpreter in its argument.
  const python = shebang ? (shebang[1]!.endsWith("/env") && shebang[2] ? shebang[2] : shebang[1]!) : "python3";
  const res = spawnSync(python, ["-c", "import sys; print(sys.prefix)"], { env, encoding: "utf8" });
  const prefix = res.status === 0 ? res.stdout.trim() : "";
  if (!prefix) {
    const why = res.error ? res.error.message : (res.stderr || `exit code ${res.status}`).trim();
    throw new Error(`--sys-prefix: cannot ask the Python of ${jupyter} (${python}) for sys.prefix: ${why}; use --prefix <dir> instead`);
  }
  return prefix;
}

/** The first executable `command` on `env.PATH`, or undefined. */
function findOnPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const file = join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Where `installKernelSpec` writes. */
export interface InstallOptions {
  /** Install under `<prefix>/share/jupyter/kernels/<name>` (e.g. a virtualenv or conda env). */
  readonly prefix?: string;
  /** Install under the `sys.prefix` of Jupyter's Python (see {@link jupyterSysPrefix}). @default false */
  readonly sysPrefix?: boolean;
  /** @default "podtalk" */
  readonly name?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Writes podtalk's kernelspec (kernel.json and logos) and returns its folder. Without a prefix it
 * goes to the per-user data folder, as `jupyter kernelspec install --user` does.
 *
 * @example installKernelSpec({ prefix: "/opt/venv" })  // -> /opt/venv/share/jupyter/kernels/podtalk
 */
export function installKernelSpec(options: InstallOptions = {}): string {
  const name = options.name ?? PODTALK_KERNEL_NAME;
  checkKernelName(name);
  if (options.prefix && options.sysPrefix) throw new Error("Choose one of prefix and sysPrefix");
  const env = options.env ?? process.env;
  const prefix = options.sysPrefix ? jupyterSysPrefix(env) : options.prefix;
  const base = prefix ? join(resolve(prefix), "share", "jupyter") : userDataDir(env);
  const dir = join(base, "kernels", name);
  makeDirs(dir);
  let spec: KernelSpec = { ...podtalkKernelSpec(), display_name: name === PODTALK_KERNEL_NAME ? "TypeScript (podtalk)" : `TypeScript (${name})` };
  if (!prefix) {
    // The user's kernelspec serves every project: it starts whichever podtalk the notebook's
    // folder reaches (kernel/user-launcher.ts), not this installation's.
    // Where there is a shell, a shell script beside it finds the notebook's podtalk without
    // starting Node first, and starts that podtalk's kernel and compiler at once
    // (kernel/user-launch.sh); it leaves what it cannot find to the Node script.
    copyFileSync(join(packageRoot(), "dist", "kernel", "user-launcher.js"), join(dir, USER_LAUNCHER));
    const shell = kernelLauncher() !== undefined;
    if (shell) copyFileSync(join(packageRoot(), "kernel", "user-launch.sh"), join(dir, USER_SHELL_LAUNCHER));
    const argv = shell
      ? ["/bin/sh", `{resource_dir}/${USER_SHELL_LAUNCHER}`, process.execPath, "{connection_file}"]
      : [process.execPath, `{resource_dir}/${USER_LAUNCHER}`, "--connection-file", "{connection_file}"];
    spec = { ...spec, argv };
  }
  const tmp = join(dir, `.kernel.json.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(spec, null, 1)}\n`);
  renameSync(tmp, join(dir, "kernel.json"));
  const assets = join(packageRoot(), "kernel", "assets");
  if (existsSync(assets)) {
    for (const logo of readdirSync(assets)
      .filter((f) => f.startsWith("logo-"))
      .sort()) {
      copyFileSync(join(assets, logo), join(dir, logo));
    }
  }
  return dir;
}

/** The start script a user-level kernelspec runs, in the kernelspec's folder. */
export const USER_LAUNCHER = "launch.cjs";
/** The shell script of a user-level kernelspec, beside USER_LAUNCHER (not on Windows). */
export const USER_SHELL_LAUNCHER = "launch.sh";

/** Options of `uninstallKernelSpec`: without `prefix`, `sysPrefix` or `user`, the one Jupyter would use. */
export interface UninstallOptions {
  /** @default "podtalk" */
  readonly name?: string;
  /** Remove `<prefix>/share/jupyter/kernels/<name>` only (what `installKernelSpec({ prefix })` wrote). */
  readonly prefix?: string;
  /** Remove the one under the `sys.prefix` of Jupyter's Python only. @default false */
  readonly sysPrefix?: boolean;
  /** Remove the one in the per-user data folder only. @default false */
  readonly user?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Removes the kernelspec Jupyter would use for `name` (the first `kernels/<name>` on the data
 * path, as `jupyter kernelspec remove` does) and returns the folder removed.
 *
 * @throws Error naming the folders searched when no such kernelspec is installed
 * @example uninstallKernelSpec({ name: "podtalk" })  // -> ~/.local/share/jupyter/kernels/podtalk
 */
export function uninstallKernelSpec(options: UninstallOptions = {}): string {
  const name = options.name ?? PODTALK_KERNEL_NAME;
  checkKernelName(name);
  const env = options.env ?? process.env;
  if ([options.prefix !== undefined, options.sysPrefix, options.user].filter(Boolean).length > 1) {
    throw new Error("Choose one of prefix, sysPrefix and user");
  }
  const prefix = options.sysPrefix ? jupyterSysPrefix(env) : options.prefix;
  const bases = prefix !== undefined ? [join(resolve(prefix), "share", "jupyter")] : options.user ? [userDataDir(env)] : jupyterDataPath(env);
  for (const base of bases) {
    const dir = join(base, "kernels", name);
    // Only a folder that is a kernelspec: never remove anything else under that name.
    if (!existsSync(join(dir, "kernel.json"))) continue;
    rmSync(dir, { recursive: true });
    return dir;
  }
  throw new Error(`No kernelspec "${name}" is installed. Searched ${bases.map((d) => join(d, "kernels")).join(", ")}`);
}

function checkKernelName(name: string): void {
  if (!/^[a-zA-Z0-9._-]+$/.test(name) || name === "." || name === "..") {
    throw new Error(`Invalid kernel name "${name}": use letters, digits, '.', '_' and '-' only`);
  }
}
