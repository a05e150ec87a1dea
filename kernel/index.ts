/**
 * @module
 * podtalk's Jupyter kernel: TypeScript cells compiled and run by tslab's executor, served over
 * ZeroMQ with the framing of `podtalk/protocol`. Adds what tslab lacks: the last expression as an
 * `execute_result` carrying the object's full MIME bundle (`[Symbol.for("Jupyter.display")]()`),
 * `display()` / `clearOutput()` in every cell (display_data, update_display_data, clear_output),
 * iopub `error` messages, a complete `kernel_info_reply`, history, and `import ... from "podtalk"`
 * from any folder, and a cache of compiled cells (compile-cache.ts). TypeScript loads only when a
 * cell needs compiling (or the kernel is idle), so the kernel starts fast. The entry point Jupyter starts is `main.ts`; it imports `podtalk` and
 * `podtalk/protocol` only, never files under `lib/`.
 */
export { PodtalkKernel } from "./kernel.js";
export { kernelInfo, kernelVersion } from "./kernel-info.js";
export type { KernelOptions } from "./kernel.js";
export { KernelServer } from "./server.js";
export { startKernel } from "./start.js";
