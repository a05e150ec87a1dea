/**
 * @module
 * Notebook I/O for podtalk: the Jupyter wire protocol, kernelspecs, the `.ipynb` reader and
 * writer, the runner that executes notebooks through a kernel, and the HTML exporter.
 *
 * Published as `podtalk/notebook`; the kernel (`kernel/`) and the CLI build on it.
 */
export {
  DELIMITER,
  PROTOCOL_VERSION,
  MessageCodec,
  WireError,
  createHeader,
  socketURL,
} from "./wire.js";
export type { ConnectionInfo, JupyterMessage, MessageHeader } from "./wire.js";
export {
  PODTALK_KERNEL_NAME,
  findKernelSpec,
  installKernelSpec,
  jupyterDataPath,
  kernelEntryPoint,
  listKernelSpecs,
  packageRoot,
  podtalkKernelSpec,
  userDataDir,
} from "./kernelspec.js";
export type { InstallOptions, KernelSpec, ResolvedKernelSpec } from "./kernelspec.js";
