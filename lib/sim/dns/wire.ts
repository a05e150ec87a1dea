/**
 * The size of a DNS message on the wire (RFC 1035 §4), with name compression as CoreDNS's
 * library (miekg/dns) applies it, so that dig's `;; MSG SIZE  rcvd: N` is the real count.
 *
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

  /** A domain name: labels until a suffix already written, then a 2-byte pointer (or the root byte). */
  name(fqdn: string, compress = true): void {
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

/** The message's size in bytes. */
export function wireSize(m: WireMessage): number {
  const w = new Writer();
  w.name(m.question.name);
  w.size += 4;
  for (const r of [...m.answers, ...m.authority, ...m.additional]) w.record(r);
  if (m.ednsOptionBytes !== undefined) w.size += 11 + m.ednsOptionBytes;
  return w.size;
}
