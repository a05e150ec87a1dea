/**
 * @module
 * The light part of podtalk's notebook support: the Jupyter wire protocol, connection files,
 * kernelspecs and cache folders, without the exporter's markdown, highlighting and math
 * libraries. Published as `podtalk/protocol`; the kernel loads only this, so it starts fast. It
 * also carries what the kernel shares with the package entry: the display symbol and the kernel
 * hook, defined once in lib/render/mime.ts and lib/jupyter/kernel-hook.ts.
 *
 * `podtalk/notebook` (index.ts) does not repeat these names: import them from here.
 */
export { JUPYTER_DISPLAY } from "../render/mime.js";
export { KERNEL_HOOK } from "../jupyter/index.js";
export type { ClearOutputOptions, DisplayOptions, KernelHook, RenderCache } from "../jupyter/index.js";
export { DELIMITER, PROTOCOL_VERSION, MessageCodec, WireError, createHeader, socketURL } from "./wire.js";
export type { ConnectionInfo, JupyterMessage, MessageHeader } from "./wire.js";
export { freePorts, writeConnectionFile } from "./connection.js";
export type { ConnectionFile } from "./connection.js";
export {
  PODTALK_KERNEL_NAME,
  findKernelSpec,
  installKernelSpec,
  kernelEntryPoint,
  kernelLauncher,
  podtalkKernelSpec,
  startsThisKernel,
  compilerEnvironment,
  compilerStartupArgs,
  listKernelSpecs,
  packageRoot,
  uninstallKernelSpec,
} from "./kernelspec.js";
export type { InstallOptions, KernelSpec, ResolvedKernelSpec, UninstallOptions } from "./kernelspec.js";
export { cellFirstLine } from "./cell-first-line.js";
export { KERNEL_STATUS_PREFIX, STARTING_TYPESCRIPT, kernelStatusLine, splitKernelStatus } from "./kernel-status.js";
export { CODE_CACHE_FOLDER, CODE_CACHE_PREFIX, COMPILE_CACHE_FOLDER, RENDER_CACHE_FOLDER, cacheDir } from "./cache-dir.js";
