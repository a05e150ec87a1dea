/**
 * @module
 * The `podtalk` command line: argv to the notebook runner, the HTML exporter and kernelspec
 * installation, with exit codes 0 (ok), 1 (a notebook failed) and 2 (usage error). One file per
 * command under `commands/`; `main.ts` only wires them.
 *
 * It builds on `lib/notebook` only; nothing here is imported by the library. bin/podtalk.js and
 * the tests call `main`.
 */
export { EXIT_CODES, main } from "./main.js";
export type { ExitCode, MainOptions } from "./main.js";
