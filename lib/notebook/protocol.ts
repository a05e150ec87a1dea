/**
 * @module
 * The light part of `podtalk/notebook`: the Jupyter wire protocol and kernelspecs, without the
 * exporter's markdown, highlighting and math libraries. Published as `podtalk/protocol`; the
 * kernel loads only this, so it starts fast.
 */
export { DELIMITER, PROTOCOL_VERSION, MessageCodec, WireError, createHeader, socketURL } from "./wire.js";
export type { ConnectionInfo, JupyterMessage, MessageHeader } from "./wire.js";
export {
  PODTALK_KERNEL_NAME,
  findKernelSpec,
  installKernelSpec,
  jupyterDataPath,
  jupyterSysPrefix,
  kernelEntryPoint,
  listKernelSpecs,
  packageRoot,
  podtalkKernelSpec,
  uninstallKernelSpec,
  userDataDir,
} from "./kernelspec.js";
export type { InstallOptions, KernelSpec, ResolvedKernelSpec, UninstallOptions } from "./kernelspec.js";
export { CODE_CACHE_FOLDER, CODE_CACHE_PREFIX, COMPILE_CACHE_FOLDER, cacheDir } from "./cache-dir.js";
