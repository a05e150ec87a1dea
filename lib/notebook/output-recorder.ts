/**
 * nbformat outputs from a kernel's iopub messages, as nbclient records them: streams merged,
 * clear_output (with wait) honoured, and display_id outputs updated in every cell that shows them.
 *
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html#messages-on-the-iopub-pub-sub-channel
 */
import type { Output, OutputData } from "./ipynb.js";

/** The fields of iopub message contents that outputs are made of (absent ones are simply missing). */
interface IopubContent {
  readonly name?: unknown;
  readonly text?: unknown;
  readonly wait?: unknown;
  readonly ename?: unknown;
  readonly evalue?: unknown;
  readonly traceback?: unknown;
  readonly data?: OutputData;
  readonly metadata?: Record<string, unknown>;
  readonly execution_count?: number | null;
  readonly transient?: { readonly display_id?: unknown };
}

/**
 * How much stream text (stdout and stderr together, in UTF-8 bytes) one cell keeps: 10 MiB. What
 * follows is counted and dropped as it arrives, so a cell that prints without end neither grows
 * the notebook nor the runner's memory, and a note says how much was cut. Jupyter itself does not
 * cap outputs (only the notebook server's `iopub_data_rate_limit` throttles them); VS Code and
 * JupyterLab cut long text only when showing it.
 */
export const MAX_STREAM_BYTES = 10 * 1024 * 1024;

/** An execute_request waiting for its reply and for the kernel to go idle. */
export interface PendingRequest {
  readonly msgId: string;
  readonly outputs: Output[];
  /** Stream bytes kept so far (see MAX_STREAM_BYTES). */
  streamBytes?: number;
  /** Once the limit was reached: the note saying how much was cut, and that count. */
  cut?: { readonly note: Output & { output_type: "stream" }; bytes: number };
  clearPending: boolean;
  idle: boolean;
  reply: Record<string, unknown> | undefined;
  resolve(): void;
  reject(error: Error): void;
}

/** The outputs of a kernel session's requests. */
export class OutputRecorder {
  /** Outputs shown with a display_id, so update_display_data can change them in any cell. */
  readonly #displays = new Map<string, Output[]>();
  readonly #maxStreamBytes: number;

  /** @param maxStreamBytes stream text kept per request (tests use a small one) */
  constructor(maxStreamBytes = MAX_STREAM_BYTES) {
    this.#maxStreamBytes = maxStreamBytes;
  }

  /**
   * Applies one iopub message (of type `type`, other than status) to the outputs of the request
   * it answers, `pending`, or to earlier displays for `update_display_data`.
   */
  record(pending: PendingRequest | undefined, type: string, messageContent: Readonly<Record<string, unknown>>): void {
    const content = messageContent as IopubContent;
    if (type === "update_display_data") {
      const id = content.transient?.display_id;
      for (const output of (typeof id === "string" && this.#displays.get(id)) || []) {
        Object.assign(output, { data: content.data ?? {}, metadata: content.metadata ?? {} });
      }
      return;
    }
    if (!pending) return;
    switch (type) {
      case "clear_output":
        if (content.wait) pending.clearPending = true;
        else clear(pending);
        return;
      case "stream":
      case "display_data":
      case "execute_result":
      case "error":
        break;
      default:
        return; // execute_input, comm messages and the like are not outputs.
    }
    if (pending.clearPending) {
      clear(pending);
      pending.clearPending = false;
    }
    const outputs = pending.outputs;
    if (type === "stream") this.#stream(pending, String(content.name), String(content.text ?? ""));
    else if (type === "error") {
      outputs.push({
        output_type: "error",
        ename: String(content.ename ?? ""),
        evalue: String(content.evalue ?? ""),
        traceback: Array.isArray(content.traceback) ? content.traceback.map(String) : [],
      });
    } else {
      const output: Output =
        type === "execute_result"
          ? { output_type: "execute_result", data: content.data ?? {}, metadata: content.metadata ?? {}, execution_count: content.execution_count ?? null }
          : { output_type: "display_data", data: content.data ?? {}, metadata: content.metadata ?? {} };
      const id = content.transient?.display_id;
      if (typeof id === "string") {
        // A new display with a known id updates the earlier ones too, as front ends do.
        for (const earlier of this.#displays.get(id) ?? []) Object.assign(earlier, { data: output.data, metadata: output.metadata });
        this.#displays.set(id, [...(this.#displays.get(id) ?? []), output]);
      }
      outputs.push(output);
    }
  }

  /**
   * Appends a stream chunk, merged with the previous one of the same stream. Past the request's
   * limit the rest is only counted, in a note placed after the kept text.
   */
  #stream(pending: PendingRequest, name: string, text: string): void {
    if (pending.cut) {
      pending.cut.bytes += Buffer.byteLength(text);
      pending.cut.note.text = cutNote(pending.cut.bytes, this.#maxStreamBytes);
      return;
    }
    const kept = pending.streamBytes ?? 0;
    const bytes = Buffer.byteLength(text);
    if (kept + bytes <= this.#maxStreamBytes) {
      pending.streamBytes = kept + bytes;
      appendStream(pending.outputs, name, text);
      return;
    }
    const encoded = Buffer.from(text);
    let end = Math.max(this.#maxStreamBytes - kept, 0);
    while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end--; // Never inside a UTF-8 sequence.
    if (end > 0) appendStream(pending.outputs, name, encoded.subarray(0, end).toString());
    pending.streamBytes = kept + end;
    const note = { output_type: "stream" as const, name: "stderr", text: cutNote(bytes - end, this.#maxStreamBytes) };
    pending.cut = { note, bytes: bytes - end };
    pending.outputs.push(note);
  }
}

function appendStream(outputs: Output[], name: string, text: string): void {
  const last = outputs[outputs.length - 1];
  if (last?.output_type === "stream" && last.name === name) last.text += text;
  else outputs.push({ output_type: "stream", name, text });
}

/** The note after a cut stream: how much was left out, and the limit. */
export function cutNote(bytes: number, limit: number): string {
  return `\n… output cut: ${bytes.toLocaleString("en-US")} bytes more (podtalk keeps ${mebibytes(limit)} of printed output per cell)\n`;
}

function mebibytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes.toLocaleString("en-US")} bytes`;
}

/** Empties a request's outputs (clear_output): its stream budget starts again. */
function clear(pending: PendingRequest): void {
  pending.outputs.length = 0;
  pending.streamBytes = 0;
  pending.cut = undefined;
}
