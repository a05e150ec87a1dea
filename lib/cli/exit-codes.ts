/** The process exit codes of the podtalk command. */
export const EXIT_CODES = { ok: 0, failed: 1, usage: 2 } as const;
/** One of EXIT_CODES. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
