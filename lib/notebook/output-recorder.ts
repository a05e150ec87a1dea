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

/** An execute_request waiting for its reply and for the kernel to go idle. */
export interface PendingRequest {
  readonly msgId: string;
  readonly outputs: Output[];
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
        else pending.outputs.length = 0;
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
      pending.outputs.length = 0;
      pending.clearPending = false;
    }
    const outputs = pending.outputs;
    if (type === "stream") {
      const last = outputs[outputs.length - 1];
      if (last?.output_type === "stream" && last.name === content.name) last.text += String(content.text ?? "");
      else outputs.push({ output_type: "stream", name: String(content.name), text: String(content.text ?? "") });
    } else if (type === "error") {
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
}
