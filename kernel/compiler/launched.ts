/**
 * The compiler process that the kernel's launcher (kernel/launch.sh) started beside the kernel,
 * and the two FIFOs between them.
 *
 * The launcher opens the FIFOs for both processes before either starts: the kernel inherits the
 * writing end of `requests` as file descriptor 7 and the reading end of `answers` as 8. Inherited
 * descriptors stay open in every process the kernel starts later (a cell's child process, say),
 * and such a process outliving the kernel would keep the compiler from seeing the kernel end. So
 * the kernel opens both FIFOs again by name (Node opens every file close-on-exec), closes 7 and 8,
 * and removes the folder.
 */
import { type Stats, closeSync, constants, fstatSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { Socket } from "node:net";
import { isAbsolute, join } from "node:path";

/** The environment variable through which the launcher names its compiler: "<pid>:<folder>". */
export const LAUNCHED_COMPILER_ENV = "PODTALK_LAUNCHED_COMPILER";

/** The file descriptors the launcher gives the kernel, with the FIFO each is an end of. */
const INHERITED = [
  [7, "requests"],
  [8, "answers"],
] as const;

/** A launched compiler, reached through its FIFOs. */
export interface LaunchedCompiler {
  readonly pid: number;
  /** Where requests go (the writing end of `requests`). */
  readonly requests: Socket;
  /** Where answers come from (the reading end of `answers`); its end is the compiler's. */
  readonly answers: Socket;
  /** The last `max` characters the compiler wrote to its error output. */
  errors(max: number): string;
}

/**
 * Takes over the compiler that `env`'s launcher started, removing its variable from `env` (cells
 * have no use for it). Undefined when there is none, or when it is gone already: `problem` then
 * says why, for the kernel's log.
 */
export function adoptLaunchedCompiler(env: NodeJS.ProcessEnv): { compiler?: LaunchedCompiler; problem?: string } {
  const value = env[LAUNCHED_COMPILER_ENV];
  if (value === undefined) return {};
  delete env[LAUNCHED_COMPILER_ENV];
  const colon = value.indexOf(":");
  const pid = Number(value.slice(0, colon));
  const dir = value.slice(colon + 1);
  if (colon < 0 || !Number.isInteger(pid) || pid <= 0 || !isAbsolute(dir)) {
    return { problem: `${LAUNCHED_COMPILER_ENV} is "${value}", not "<pid>:<folder>"` };
  }
  const opened: number[] = [];
  try {
    closeInherited(dir);
    // Neither open waits: the launcher's ends (the compiler's, and 7 and 8 here) are open. With
    // O_NONBLOCK, opening `requests` to write fails (ENXIO) when no process has it open to read,
    // that is, when the compiler has ended already.
    opened.push(openSync(join(dir, "answers"), constants.O_RDONLY | constants.O_NONBLOCK));
    opened.push(openSync(join(dir, "requests"), constants.O_WRONLY | constants.O_NONBLOCK));
    opened.push(openSync(join(dir, "errors"), "r"));
  } catch (e) {
    for (const fd of opened) closeSync(fd);
    const code = (e as NodeJS.ErrnoException).code;
    return { problem: code === "ENXIO" ? "it ended before the kernel started" : `its pipes cannot be opened (${(e as Error).message})` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [answers, requests, errors] = opened as [number, number, number];
  return {
    compiler: {
      pid,
      answers: new Socket({ fd: answers, readable: true, writable: false }),
      requests: new Socket({ fd: requests, readable: false, writable: true }),
      errors: (max) => tail(errors, max),
    },
  };
}

/**
 * Closes descriptors 7 and 8 where they are the launcher's ends of the FIFOs in `dir` (the same
 * files): with no launcher, they may be any of Node's own.
 */
function closeInherited(dir: string): void {
  const same = (a: Stats, b: Stats): boolean => a.dev === b.dev && a.ino === b.ino;
  for (const [fd, name] of INHERITED) {
    try {
      if (same(fstatSync(fd), statSync(join(dir, name)))) closeSync(fd);
    } catch {
      // Not open, or no such FIFO: nothing of the launcher's to close.
    }
  }
}

/** The last `max` bytes of the file open as `fd`, as text. */
function tail(fd: number, max: number): string {
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, max);
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, size - length);
    return buffer.subarray(0, read).toString("utf8");
  } catch {
    return "";
  }
}
