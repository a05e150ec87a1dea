/**
 * @module
 * What podtalk shares with Jupyter front ends and its own kernel, kept free of Node APIs: the
 * kernel hook that `display()` and `clearOutput()` reach the running kernel through. The wire
 * protocol and kernelspecs (which need Node) live in lib/notebook; both are published through
 * `podtalk/protocol`.
 */
export { KERNEL_HOOK, installedKernelHook, installedRenderCache } from "./kernel-hook.js";
export type { ClearOutputOptions, DisplayOptions, KernelHook, RenderCache } from "./kernel-hook.js";
