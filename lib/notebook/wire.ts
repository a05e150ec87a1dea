/**
 * The Jupyter messaging wire format: framing, HMAC signing and verification.
 *
 * Shared by the kernel (`kernel/`) and the notebook runner, so both sides sign and check
 * messages the same way.
 *
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** The delimiter frame between ZeroMQ routing identities and the signed message parts. */
export const DELIMITER = "<IDS|MSG>";

/** The messaging protocol version podtalk speaks. */
export const PROTOCOL_VERSION = "5.3";

/** A Jupyter connection file, as written by a front end that starts a kernel. */
export interface ConnectionInfo {
  readonly transport: "tcp" | "ipc";
  readonly ip: string;
  readonly shell_port: number;
  readonly iopub_port: number;
  readonly stdin_port: number;
  readonly control_port: number;
  readonly hb_port: number;
  /** The HMAC key; an empty key disables signing (Jupyter's own convention). */
  readonly key: string;
  readonly signature_scheme: string;
  readonly kernel_name?: string;
}

/** A message header. */
export interface MessageHeader {
  readonly msg_id: string;
  readonly session: string;
  readonly username: string;
  readonly date: string;
  readonly msg_type: string;
  readonly version: string;
}

/** One Jupyter message, as decoded from (or about to be encoded to) ZeroMQ frames. */
export interface JupyterMessage<C = Record<string, unknown>> {
  /** ZeroMQ routing identities that precede the delimiter (ROUTER sockets need them to reply). */
  readonly identities: readonly Buffer[];
  readonly header: MessageHeader;
  /** The header of the request this message answers, or `{}`. */
  readonly parent_header: MessageHeader | Record<string, never>;
  readonly metadata: Record<string, unknown>;
  readonly content: C;
  readonly buffers: readonly Buffer[];
}

/** Thrown when a message is malformed or its signature does not verify. */
export class WireError extends Error {
  override readonly name = "WireError";
}

/** Returns the URL of one of the kernel's sockets, e.g. `tcp://127.0.0.1:5555`. */
export function socketURL(info: ConnectionInfo, port: number): string {
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}

/** Builds a new header for a message of type `msgType` in session `session`. */
export function createHeader(msgType: string, session: string, options: { username?: string } = {}): MessageHeader {
  return {
    msg_id: randomUUID(),
    session,
    username: options.username ?? "podtalk",
    // The protocol requires an ISO 8601 date; it travels on the wire only and never reaches
    // a stored notebook.
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** Signs and frames messages with one connection's key. */
export class MessageCodec {
  readonly #key: string;
  readonly #algorithm: string;
  /** Signatures already accepted, oldest first (jupyter_client's Session.digest_history). */
  readonly #seen = new Set<string>();

  /**
   * @param key the connection file's `key`; empty means messages are neither signed nor checked
   * @param signatureScheme the connection file's `signature_scheme`, e.g. `hmac-sha256`
   */
  constructor(key: string, signatureScheme = "hmac-sha256") {
    if (!signatureScheme.startsWith("hmac-")) {
      throw new WireError(`Unsupported signature_scheme "${signatureScheme}": podtalk supports hmac-<digest> schemes such as hmac-sha256`);
    }
    this.#key = key;
    this.#algorithm = signatureScheme.slice("hmac-".length);
  }

  /** The HMAC hex digest of the four signed parts, or "" when signing is off. */
  sign(parts: readonly Buffer[]): string {
    if (this.#key === "") return "";
    const hmac = createHmac(this.#algorithm, this.#key);
    for (const part of parts) hmac.update(part);
    return hmac.digest("hex");
  }

  /** Frames a message for a ZeroMQ socket: identities, delimiter, signature, four JSON parts, buffers. */
  encode(
    message: Omit<JupyterMessage<unknown>, "buffers" | "identities"> & {
      identities?: readonly Buffer[];
      buffers?: readonly Buffer[];
    },
  ): Buffer[] {
    const parts = [
      Buffer.from(JSON.stringify(message.header)),
      Buffer.from(JSON.stringify(message.parent_header)),
      Buffer.from(JSON.stringify(message.metadata)),
      Buffer.from(JSON.stringify(message.content)),
    ];
    return [...(message.identities ?? []), Buffer.from(DELIMITER), Buffer.from(this.sign(parts)), ...parts, ...(message.buffers ?? [])];
  }

  /**
   * Parses and verifies frames received from a socket.
   *
   * The signature is compared in constant time; with a key set, an unsigned or wrongly signed
   * message is rejected with a WireError.
   */
  decode(frames: readonly Buffer[]): JupyterMessage {
    const at = frames.findIndex((f) => f.length === DELIMITER.length && f.toString() === DELIMITER);
    if (at < 0) throw new WireError("Malformed message: no <IDS|MSG> delimiter frame");
    if (frames.length < at + 6) throw new WireError("Malformed message: fewer than five frames after the delimiter");
    const signature = frames[at + 1]!;
    const parts = frames.slice(at + 2, at + 6);
    if (this.#key !== "") {
      const expected = Buffer.from(this.sign(parts));
      if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
        throw new WireError("Invalid message signature: the HMAC does not match the connection key");
      }
      this.#rememberSignature(signature.toString("latin1"));
    }
    const [header, parent, metadata, content] = parts.map((p, i) => {
      try {
        return JSON.parse(p.toString("utf8")) as unknown;
      } catch {
        throw new WireError(`Malformed message: part ${i + 1} is not JSON`);
      }
    });
    if (!isObject(header) || typeof header["msg_type"] !== "string") {
      throw new WireError("Malformed message: the header has no msg_type");
    }
    return {
      identities: frames.slice(0, at),
      header: header as unknown as MessageHeader,
      parent_header: (isObject(parent) ? parent : {}) as unknown as MessageHeader,
      metadata: isObject(metadata) ? metadata : {},
      content: isObject(content) ? content : {},
      buffers: frames.slice(at + 6),
    };
  }

  /**
   * Rejects a signature seen before. Every message has its own msg_id and date, so a repeated
   * signature means someone who can read the traffic is sending a captured message again (an
   * execute_request would run twice). As in jupyter_client's Session, the most recent 65,536 are
   * kept, and the oldest tenth is dropped when that is full.
   *
   * @see https://github.com/jupyter/jupyter_client/blob/main/jupyter_client/session.py (digest_history)
   */
  #rememberSignature(signature: string): void {
    if (this.#seen.has(signature)) throw new WireError("Duplicate message signature: a replayed message is dropped");
    this.#seen.add(signature);
    if (this.#seen.size <= SIGNATURE_HISTORY) return;
    let drop = Math.floor(SIGNATURE_HISTORY / 10);
    for (const old of this.#seen) {
      if (drop-- <= 0) break;
      this.#seen.delete(old);
    }
  }
}

/** How many signatures MessageCodec remembers to reject replays (jupyter_client's digest_history_size). */
const SIGNATURE_HISTORY = 2 ** 16;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
