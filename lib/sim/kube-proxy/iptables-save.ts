/**
 * iptables rules as data, and the text `iptables-save` prints for them: comments quoted the way
 * libxtables' `xtables_save_string` quotes them, `statistic` probabilities as the kernel stores
 * them, builtin chains first, then user chains sorted by name, each chain's rules together.
 *
 * @see https://git.netfilter.org/iptables/tree/libxtables/xtables.c (xtables_save_string)
 * @see https://git.netfilter.org/iptables/tree/extensions/libxt_statistic.c
 * @see https://git.netfilter.org/iptables/tree/iptables/xtables-save.c
 */
import { wallClockMs } from "../clock.js";

/** One rule, as `-A <chain> <match> -m comment --comment <comment> <match after> -j <target>`. */
export interface IptablesRule {
  readonly table: "nat" | "filter";
  readonly chain: string;
  /** Matches written before the comment (may be empty). */
  readonly match: string;
  /** The comment's text, if the rule has one. */
  readonly comment: string | undefined;
  /** Matches written after the comment (may be empty). */
  readonly matchAfter: string;
  /** The `-j` target with its options. */
  readonly target: string;
  /** The rule as `iptables-save` prints it. */
  readonly text: string;
}

/** The characters `xtables_save_string` prints without quotes. */
const NO_QUOTE = /^[-_0-9a-zA-Z]+$/;

/** A string argument as iptables-save prints it: bare when safe, else in double quotes with `"`, `\` and `'` escaped. */
export function saveString(value: string): string {
  return NO_QUOTE.test(value) ? value : `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** A rule of `table` in `chain`. */
export function rule(
  table: IptablesRule["table"],
  chain: string,
  parts: { match?: string; comment?: string; matchAfter?: string; target: string },
): IptablesRule {
  const { match = "", comment, matchAfter = "", target } = parts;
  const text = [`-A ${chain}`, match, comment === undefined ? "" : `-m comment --comment ${saveString(comment)}`, matchAfter, `-j ${target}`]
    .filter(Boolean)
    .join(" ");
  return { table, chain, match, comment, matchAfter, target, text };
}

/**
 * A `statistic --mode random` probability as iptables-save prints it: kube-proxy writes
 * `%0.10f`, the kernel keeps `lround(p * 2^31)`, and iptables-save prints that back with `%.11f`.
 */
export function savedProbability(p: number): string {
  const written = Number(p.toFixed(10));
  return (Math.round(written * 0x80000000) / 0x80000000).toFixed(11);
}

/** The version of iptables on the nodes (Debian bookworm's, the kind and kube-proxy images' base), nf_tables backend. */
export const IPTABLES_VERSION = "v1.8.9 (nf_tables)";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** C's `ctime()` text (without its newline) for a simulated second, in UTC. */
export function ctime(seconds: number): string {
  const d = new Date(wallClockMs(seconds));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** The builtin chains of each table, in the kernel's hook order. */
const BUILTIN: Readonly<Record<IptablesRule["table"], readonly string[]>> = {
  filter: ["INPUT", "FORWARD", "OUTPUT"],
  nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
};

/** One table as iptables-save orders it: builtin chains, then user chains sorted, each chain's rules in order. */
export interface SavedTable {
  readonly name: IptablesRule["table"];
  /** Every chain in print order. */
  readonly chains: readonly string[];
  /** Rules in print order (grouped by chain). */
  readonly rules: readonly IptablesRule[];
}

/** Orders a table's rules (in the order they were written) and user chains (declared even when empty) as iptables-save prints them. */
export function saveOrder(name: IptablesRule["table"], written: readonly IptablesRule[], userChains: Iterable<string>): SavedTable {
  const byChain = new Map<string, IptablesRule[]>();
  for (const r of written) {
    let list = byChain.get(r.chain);
    if (!list) {
      list = [];
      byChain.set(r.chain, list);
    }
    list.push(r);
  }
  const builtin = BUILTIN[name];
  const user = [...new Set([...userChains, ...byChain.keys()])].filter((c) => !builtin.includes(c)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const chains = [...builtin, ...user];
  const rules: IptablesRule[] = [];
  for (const c of chains) for (const r of byChain.get(c) ?? []) rules.push(r);
  return { name, chains, rules };
}

/** Tables as `iptables-save` prints them on a node, at simulated second `now`. */
export function renderSave(tables: readonly SavedTable[], now: number): string {
  // Plain loops, not spread arguments: at 10,000 Services a table has hundreds of thousands of rules.
  const date = ctime(now);
  const lines: string[] = [];
  for (const t of tables) {
    lines.push(`# Generated by iptables-save ${IPTABLES_VERSION} on ${date}`, `*${t.name}`);
    const builtin = BUILTIN[t.name];
    for (const c of t.chains) lines.push(builtin.includes(c) ? `:${c} ACCEPT [0:0]` : `:${c} - [0:0]`);
    for (const r of t.rules) lines.push(r.text);
    lines.push("COMMIT", `# Completed on ${date}`);
  }
  lines.push("");
  return lines.join("\n");
}
