/**
 * nftables objects as data, and the text `nft list table ip kube-proxy` prints for them: a table
 * with its comment, then its sets and maps, then its chains, each block separated by a blank line
 * and indented with tabs; base chains start with their hook line, priorities by name only where
 * nft has one for that hook (`dstnat - 10` at prerouting, `-110` at input); set elements wrap two
 * addresses per line, one concatenated key per line.
 *
 * @see https://git.netfilter.org/nftables/tree/src/rule.c (table_print, set_print, chain_print)
 * @see https://git.netfilter.org/nftables/tree/src/expression.c (set_expr_print)
 */

/** One rule as nft lists it: its statements, and the comment nft prints after them. */
export interface NftRule {
  readonly chain: string;
  readonly text: string;
  readonly comment?: string;
}

/** One chain; `hook` is the base chain's declaration line (`type filter hook input priority -110; policy accept;`). */
export interface NftChain {
  readonly name: string;
  readonly hook?: string;
  readonly comment?: string;
  readonly rules: readonly NftRule[];
}

/** One element of a set or map: its key, an optional comment, and a map's verdict. */
export interface NftElement {
  readonly key: string;
  readonly comment?: string;
  readonly verdict?: string;
}

/** A named set or map. */
export interface NftSet {
  readonly kind: "set" | "map";
  readonly name: string;
  readonly type: string;
  readonly flags?: string;
  /** Seconds (affinity sets). */
  readonly timeout?: number;
  readonly comment?: string;
  readonly elements: readonly NftElement[];
}

/** A table: `ip kube-proxy`. */
export interface NftTable {
  readonly family: "ip";
  readonly name: string;
  readonly comment: string;
  readonly sets: readonly NftSet[];
  readonly chains: readonly NftChain[];
}

/** A rule as one line: statements, then ` comment "…"`. */
export function nftRuleText(rule: NftRule): string {
  return rule.comment === undefined ? rule.text : `${rule.text} comment "${rule.comment}"`;
}

/** A rule's last statement: the verdict or the action (`jump …`, `vmap @…`, `dnat to …`, `reject`, …). */
const ACTION = /(?:^| )((?:jump|goto) \S+|vmap @\S+|numgen random .*|dnat to \S+|reject|drop|return|masquerade fully-random|meta mark set .*|update @.*)$/;

/** A rule's statements split into what it matches and what it then does (`""` when it matches every packet). */
export function nftRuleParts(rule: NftRule): { readonly match: string; readonly action: string } {
  const m = ACTION.exec(rule.text);
  if (!m) return { match: rule.text, action: "" };
  return { match: rule.text.slice(0, m.index).trim(), action: m[1]! };
}

/** An element as nft prints it inside `elements = { … }`. */
export function nftElementText(element: NftElement): string {
  const comment = element.comment === undefined ? "" : ` comment "${element.comment}"`;
  return `${element.key}${comment}${element.verdict === undefined ? "" : ` : ${element.verdict}`}`;
}

/** nft's time format: `3h`, `1m40s`, `10s`. */
export function nftTime(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join("") || "0s";
}

const PROTOCOLS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, sctp: 132 };

/** A key's bytes as the kernel stores them: an address in network order, a protocol in a 4-byte register, a port in network order padded to 4. */
function keyBytes(key: string): number[] {
  return key.split(" . ").flatMap((part) => {
    if (part.includes(".")) return part.split(".").map(Number);
    if (part in PROTOCOLS) return [PROTOCOLS[part]!, 0, 0, 0];
    const n = Number(part);
    return [n >> 8, n & 255, 0, 0];
  });
}

/**
 * Elements in the order nft lists them: it sorts them by value. A plain address is a number in
 * network order; a concatenation is compared as one integer read in host (little-endian) order,
 * so its last bytes weigh most: `ip . proto . port` sorts by the port's low byte first.
 */
export function nftSortElements(type: string, elements: readonly NftElement[]): NftElement[] {
  const concat = type.split(":")[0]!.includes(" . ");
  const keyed = elements.map((e) => {
    const bytes = keyBytes(e.key);
    return { e, bytes: concat ? bytes.reverse() : bytes };
  });
  keyed.sort((a, b) => {
    for (let i = 0; i < Math.max(a.bytes.length, b.bytes.length); i++) {
      const d = (a.bytes[i] ?? 0) - (b.bytes[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
  return keyed.map((k) => k.e);
}

/** The continuation of a wrapped `elements = {` line. */
const WRAP = ",\n\t\t\t     ";

function elementsLine(set: NftSet): string {
  const texts = nftSortElements(set.type, set.elements).map(nftElementText);
  // Plain addresses: two to a line; concatenations and map entries: one to a line.
  const perLine = set.type === "ipv4_addr" ? 2 : 1;
  let out = "";
  texts.forEach((t, i) => {
    out += i === 0 ? t : i % perLine === 0 ? `${WRAP}${t}` : `, ${t}`;
  });
  return `\t\telements = { ${out} }\n`;
}

function setBlock(set: NftSet): string {
  let out = `\t${set.kind} ${set.name} {\n\t\ttype ${set.type}\n`;
  if (set.flags !== undefined) out += `\t\tflags ${set.flags}\n`;
  if (set.timeout !== undefined) out += `\t\ttimeout ${nftTime(set.timeout)}\n`;
  if (set.comment !== undefined) out += `\t\tcomment "${set.comment}"\n`;
  if (set.elements.length > 0) out += elementsLine(set);
  return `${out}\t}\n`;
}

function chainBlock(chain: NftChain): string {
  let out = `\tchain ${chain.name} {\n`;
  if (chain.comment !== undefined) out += `\t\tcomment "${chain.comment}"\n`;
  if (chain.hook !== undefined) out += `\t\t${chain.hook}\n`;
  for (const r of chain.rules) out += `\t\t${nftRuleText(r)}\n`;
  return `${out}\t}\n`;
}

/** The table as `nft list table ip <name>` prints it. */
export function renderNftTable(table: NftTable): string {
  const blocks = [...table.sets.map(setBlock), ...table.chains.map(chainBlock)];
  return `table ${table.family} ${table.name} {\n\tcomment "${table.comment}"\n${blocks.join("\n")}}\n`;
}
