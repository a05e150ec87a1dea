/**
 * The size of a DNS message on the wire (RFC 1035 §4), so that dig's `;; MSG SIZE  rcvd: N` is the
 * real count. CoreDNS leaves names uncompressed unless the reply would not fit the client's UDP
 * size (`request.Scrub`), which published dig outputs confirm: an A answer for
 * `kubernetes.default.svc.cluster.local` with an echoed cookie is 129 bytes.
 *
 * @see https://github.com/coredns/coredns/blob/master/request/request.go (`Scrub`)
 * @see https://www.rfc-editor.org/rfc/rfc1035#section-4.1.4
 */
import type { RecordType, ResourceRecord } from "./answer.js";

/** The parts of a message that have a size. */
export interface WireMessage {
  readonly question: { readonly name: string; readonly type: RecordType };
  readonly answers: readonly ResourceRecord[];
  readonly authority: readonly ResourceRecord[];
  readonly additional: readonly ResourceRecord[];
  /** Bytes of the EDNS OPT record's options (a cookie option is 4 + its length); undefined for no OPT. */
  readonly ednsOptionBytes: number | undefined;
}

/** Counts bytes while remembering where each name suffix was written, as a compressor does. */
class Writer {
  size = 12; // the header
  readonly #suffixes = new Set<string>();

  constructor(readonly compress: boolean) {}

  /** A domain name: labels until a suffix already written, then a 2-byte pointer (or the root byte). */
  name(fqdn: string, compressible = true): void {
    const compress = this.compress && compressible;
    const labels = fqdn
      .replace(/\.$/, "")
      .split(".")
      .filter((l) => l !== "");
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join(".").toLowerCase();
      if (compress && this.#suffixes.has(suffix)) {
        this.size += 2;
        return;
      }
      // Pointers reach only the first 16 KiB, which a UDP answer never passes.
      this.#suffixes.add(suffix);
      this.size += 1 + labels[i]!.length;
    }
    this.size += 1;
  }

  record(r: ResourceRecord): void {
    this.name(r.name);
    this.size += 10; // type, class, ttl, rdlength
    switch (r.type) {
      case "A":
        this.size += 4;
        return;
      case "AAAA":
        this.size += 16;
        return;
      case "CNAME":
      case "PTR":
        this.name(r.data);
        return;
      case "SRV":
        // RFC 2782: the target is never compressed.
        this.size += 6;
        this.name(r.data.split(" ")[3]!, false);
        return;
      case "TXT": {
        const text = r.data.replace(/^"|"$/g, "");
        this.size += 1 + text.length;
        return;
      }
      case "SOA": {
        const [ns, mbox] = r.data.split(" ");
        this.name(ns!);
        this.name(mbox!);
        this.size += 20;
        return;
      }
    }
  }
}

/** The UDP payload size dig 9.18 advertises, which CoreDNS echoes. */
export const DIG_UDP_SIZE = 1232;

function measure(m: WireMessage, compress: boolean): number {
  const w = new Writer(compress);
  w.name(m.question.name);
  w.size += 4;
  for (const r of [...m.answers, ...m.authority, ...m.additional]) w.record(r);
  if (m.ednsOptionBytes !== undefined) w.size += 11 + m.ednsOptionBytes;
  return w.size;
}

/** The message's size in bytes: uncompressed, or compressed when that would not fit `udpSize`. */
export function wireSize(m: WireMessage, udpSize = DIG_UDP_SIZE): number {
  const plain = measure(m, false);
  return plain <= udpSize ? plain : measure(m, true);
}
