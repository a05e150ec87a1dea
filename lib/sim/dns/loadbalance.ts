/**
 * CoreDNS's `loadbalance` plugin (kubeadm's Corefile enables it with the default `round_robin`
 * policy): every successful response has its A and AAAA records shuffled, CNAMEs first and other
 * records kept in place before the addresses.
 *
 * @see https://github.com/coredns/coredns/blob/master/plugin/loadbalance/loadbalance.go
 */
import type { Rng } from "../rng.js";
import type { DNSAnswer, ResourceRecord } from "./records.js";

/**
 * `roundRobin()`: CNAMEs, then the other records, then the shuffled addresses. Each swap draws a
 * fresh 16-bit number, as CoreDNS draws `dns.Id()`, from the simulation's own stream for answer
 * order, so shuffling never moves another stream (endpoint picks, CoreDNS picks).
 */
export function roundRobin(records: readonly ResourceRecord[], rng: Rng): ResourceRecord[] {
  const cname = records.filter((r) => r.type === "CNAME");
  const address = records.filter((r) => r.type === "A" || r.type === "AAAA");
  const rest = records.filter((r) => r.type !== "CNAME" && r.type !== "A" && r.type !== "AAAA");
  const l = address.length;
  if (l === 2) {
    if (rng.int(65536) % 2 === 0) address.reverse();
  } else if (l > 2) {
    for (let j = 0; j < l; j++) {
      const p = j + (rng.int(65536) % (l - j));
      if (p !== j) [address[j], address[p]] = [address[p]!, address[j]!];
    }
  }
  return [...cname, ...rest, ...address];
}

/** The plugin's response writer: only NOERROR responses are shuffled, in all three sections. */
export function loadbalance<T extends DNSAnswer>(answer: T, rng: Rng): T {
  if (answer.rcode !== "NOERROR") return answer;
  return {
    ...answer,
    answers: roundRobin(answer.answers, rng),
    authority: roundRobin(answer.authority, rng),
    additional: roundRobin(answer.additional, rng),
  };
}
