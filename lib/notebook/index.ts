/**
 * @module
 * Notebook I/O for podtalk: the Jupyter wire protocol, kernelspecs, the `.ipynb` reader and
 * writer, the runner that executes notebooks through a kernel, and the HTML exporter.
 *
 * Published as `podtalk/notebook`; the kernel (`kernel/`) and the CLI build on it.
 */
export {
  DELIMITER,
  PODTALK_KERNEL_NAME,
  PROTOCOL_VERSION,
  MessageCodec,
  WireError,
  createHeader,
  findKernelSpec,
  installKernelSpec,
  jupyterDataPath,
  jupyterSysPrefix,
  kernelEntryPoint,
  listKernelSpecs,
  packageRoot,
  podtalkKernelSpec,
  socketURL,
  uninstallKernelSpec,
  userDataDir,
} from "./protocol.js";
export { CODE_CACHE_FOLDER, CODE_CACHE_PREFIX, COMPILE_CACHE_FOLDER, cacheDir } from "./cache-dir.js";
export { freePorts, writeConnectionFile } from "./connection.js";
export type { ConnectionFile } from "./connection.js";
export type { ConnectionInfo, InstallOptions, JupyterMessage, KernelSpec, MessageHeader, ResolvedKernelSpec, UninstallOptions } from "./protocol.js";
export {
  NotebookFormatError,
  cellTags,
  deterministicCellId,
  isJSONMime,
  parseNotebook,
  readNotebook,
  serializeNotebook,
  writeNotebook,
} from "./ipynb.js";
export { writeFileAtomic } from "./write-file-atomic.js";
export type {
  Cell,
  CodeCell,
  DisplayDataOutput,
  ErrorOutput,
  ExecuteResultOutput,
  MarkdownCell,
  Notebook,
  Output,
  OutputData,
  RawCell,
  StreamOutput,
} from "./ipynb.js";
export { CellTimeoutError, KernelClient, KernelError } from "./client.js";
export type { ExecuteOptions, ExecuteResult, StartKernelOptions } from "./client.js";
export { runNotebook, startKernelFor } from "./runner.js";
export { stripANSI } from "./strip-ansi.js";
export {
  INJECTED_PARAMETERS_TAG,
  PARAMETERS_TAG,
  injectParameters,
  parseParameterAssignment,
  parseParameterValue,
} from "./parameters.js";
export type { ParameterValue } from "./parameters.js";
export { IGNORE_OUTPUT_TAG, SKIP_TAG, compareNotebooks, formatDifferences, parseSanitizers, textDifference } from "./compare.js";
export type { CompareOptions, OutputDifference, Sanitizer } from "./compare.js";
export type { KernelLease, RunFailure, RunOptions, RunResult } from "./runner.js";
export { exportIndex, exportNotebook, notebookTitle, sanitizeMarkup } from "./export/index.js";
export type { ArticleLink, ExportOptions, IndexOptions } from "./export/index.js";
