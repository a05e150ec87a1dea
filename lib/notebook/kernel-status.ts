/**
 * What podtalk's kernel is doing when a cell is slow, told to the program that started it: a
 * line on the kernel's stderr that begins with KERNEL_STATUS_PREFIX. Jupyter's `status: busy`
 * says only that a cell runs; `podtalk run` shows these lines beside its progress bar, and the
 * kernel client keeps them out of the stderr it quotes when a kernel dies.
 */

/** How a status line of the kernel's stderr begins. */
export const KERNEL_STATUS_PREFIX = "podtalk kernel status: ";

/** The status a kernel reports while it creates TypeScript's compiler for a cell (seconds, once per kernel). */
export const STARTING_TYPESCRIPT = "starting TypeScript…";

const STATUS_LINE = new RegExp(`^${KERNEL_STATUS_PREFIX}(.*)\\n`, "gm");

/** A status line, as the kernel writes it. */
export function kernelStatusLine(status: string): string {
  return `${KERNEL_STATUS_PREFIX}${status}\n`;
}

/** Splits the status lines out of a chunk of a kernel's stderr: the statuses, and the rest of the text. */
export function splitKernelStatus(chunk: string): { readonly statuses: string[]; readonly rest: string } {
  const statuses: string[] = [];
  const rest = chunk.replace(STATUS_LINE, (_, status: string) => {
    statuses.push(status);
    return "";
  });
  return { statuses, rest };
}
