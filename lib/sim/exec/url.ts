/**
 * The one URL parser of the simulation, following curl's URL API (lib/urlapi.c): what curl, wget
 * and `runLoad` accept. A scheme is optional (curl guesses http, or ftp for `ftp.` hosts); user
 * info is split off; IPv6 literals in brackets (with a zone id) are read and normalised; numeric
 * IPv4 hosts in any of inet_aton's forms (`127.1`, `2130706433`, `0x7f000001`, `010.0.0.1`) are
 * normalised to dotted quads; a port must be decimal and at most 65535; a fragment is dropped.
 *
 * @see https://github.com/curl/curl/blob/master/lib/urlapi.c
 * @see https://curl.se/libcurl/c/curl_url_strerror.html
 */

/** The parts of a URL a client needs to connect and send its request line. */
export interface ParsedURL {
  /** The scheme, lower case (`http`, `https`, or another one curl knows). */
  readonly scheme: string;
  /** The host: a name, a dotted quad, or an IPv6 address in brackets (`[::1]`). */
  readonly host: string;
  readonly port: number;
  /** The path with its query string; `/` when the URL has none. */
  readonly path: string;
  /** `user:password@` of the URL, when given. */
  readonly user?: string;
  readonly password?: string;
  /** Whether the port was written in the URL. */
  readonly explicitPort: boolean;
}

/** Why curl rejects a URL (exit code 3): curl_url_strerror's text. */
export const URL_ERRORS = {
  malformed: "Malformed input to a URL function",
  badPort: "Port number was not a decimal number between 0 and 65535",
  badIPv6: "Bad IPv6 address",
  badHostname: "Bad hostname",
  noHost: "No host part in the URL",
  badSlashes: "Unsupported number of slashes",
} as const;

/** A URL curl refuses, with the text it prints after `curl: (3) URL rejected: `. */
export interface URLError {
  readonly error: string;
}

/** Options of `parseURL`. */
export interface ParseURLOptions {
  /**
   * The port when the URL names none.
   * @default 443 for https, 80 otherwise
   */
  readonly defaultPort?: number;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ftp: 21,
  ftps: 990,
  dict: 2628,
  ldap: 389,
  imap: 143,
  smtp: 25,
  pop3: 110,
  gopher: 70,
  telnet: 23,
  tftp: 69,
  ws: 80,
  wss: 443,
};
/** curl's guess of the scheme from the host name's first label. */
const GUESSES = ["ftp", "dict", "ldap", "imap", "smtp", "pop3"];

/** One part of a numeric IPv4 address as strtoul(…, 0) reads it: hex, octal or decimal. */
function numberPart(text: string): { value: number; rest: string } | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text);
  if (!m) return undefined;
  const t = m[1]!;
  const value = /^0[xX]/.test(t) ? Number.parseInt(t.slice(2), 16) : t.length > 1 && t.startsWith("0") ? Number.parseInt(t, 8) : Number(t);
  return { value, rest: text.slice(t.length) };
}

/** curl's ipv4_normalize: `a`, `a.b`, `a.b.c` or `a.b.c.d` in any base, or undefined when the host is a name. */
export function normalizeIPv4(host: string): string | undefined {
  const parts: number[] = [];
  let rest = host;
  for (;;) {
    const p = numberPart(rest);
    if (!p || p.value > 0xffffffff) return undefined;
    parts.push(p.value);
    rest = p.rest;
    if (rest === "") break;
    if (rest[0] !== "." || parts.length === 4) return undefined;
    rest = rest.slice(1);
  }
  const limits = [[0xffffffff], [0xff, 0xffffff], [0xff, 0xff, 0xffff], [0xff, 0xff, 0xff, 0xff]][parts.length - 1]!;
  if (parts.some((v, i) => v > limits[i]!)) return undefined;
  const last = parts.at(-1)!;
  const lastBytes = 5 - parts.length;
  const bytes = [...parts.slice(0, -1)];
  for (let i = lastBytes - 1; i >= 0; i--) bytes.push(Math.floor(last / 256 ** i) % 256);
  return bytes.join(".");
}

/** inet_pton(AF_INET6) and inet_ntop: the address's canonical text, or undefined when it is not one. */
export function normalizeIPv6(text: string): string | undefined {
  let t = text.toLowerCase();
  // An embedded dotted quad (`::ffff:10.0.0.1`) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4) {
    const q = v4[1]!.split(".").map(Number);
    if (q.some((n) => n > 255)) return undefined;
    t = `${t.slice(0, -v4[1]!.length)}${((q[0]! << 8) | q[1]!).toString(16)}:${((q[2]! << 8) | q[3]!).toString(16)}`;
  }
  const halves = t.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const nums = all.map((g) => Number.parseInt(g, 16));
  // The longest run of two or more zero groups becomes `::` (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && nums[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = nums.map((n) => n.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

/** Whether `text` has a byte curl's junkscan refuses: a control character or DEL. */
function hasControl(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** The host part: an IPv6 literal, a normalised IPv4 address, or a checked name. */
function parseHost(host: string): string | URLError {
  if (host.startsWith("[")) {
    const inner = host.slice(1, -1);
    const zone = inner.indexOf("%");
    const address = normalizeIPv6(zone < 0 ? inner : inner.slice(0, zone));
    let zoneId = zone < 0 ? "" : inner.slice(zone + 1);
    if (zoneId.startsWith("25") && zoneId.length > 2) zoneId = zoneId.slice(2);
    if (!host.endsWith("]") || address === undefined || (zone >= 0 && (zoneId === "" || zoneId.length > 15))) return { error: URL_ERRORS.badIPv6 };
    return `[${address}${zone < 0 ? "" : `%${zoneId}`}]`;
  }
  const v4 = normalizeIPv4(host);
  if (v4 !== undefined) return v4;
  let decoded = host;
  try {
    decoded = decodeURIComponent(host);
  } catch {
    return { error: URL_ERRORS.badHostname };
  }
  if (/[\s/:#?!@{}[\]\\$'"^`*<>=;,+&()%]/.test(decoded) || hasControl(decoded)) return { error: URL_ERRORS.badHostname };
  return decoded;
}

/**
 * Parses a URL as curl does, or says why curl rejects it.
 *
 * @example parseCurlURL("http://user:pw@127.1:8080/x#top") // { scheme: "http", host: "127.0.0.1", port: 8080, path: "/x", user: "user", password: "pw", … }
 */
export function parseCurlURL(url: string, options: ParseURLOptions = {}): ParsedURL | URLError {
  // curl's junkscan: control characters and spaces are not allowed anywhere.
  if (url.includes(" ") || hasControl(url)) return { error: URL_ERRORS.malformed };
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]{0,39}):(?=\/)/.exec(url);
  let scheme = schemeMatch ? schemeMatch[1]!.toLowerCase() : undefined;
  let rest = url;
  if (schemeMatch) {
    rest = url.slice(schemeMatch[0].length);
    const slashes = /^\/*/.exec(rest)![0].length;
    if (slashes < 1 || slashes > 3) return { error: URL_ERRORS.badSlashes };
    rest = rest.slice(slashes);
  }
  const hostEnd = rest.search(/[/?#]/);
  const authority = hostEnd < 0 ? rest : rest.slice(0, hostEnd);
  let path = hostEnd < 0 ? "" : rest.slice(hostEnd);
  path = path.replace(/#.*$/s, "");
  if (!path.startsWith("/")) path = `/${path}`;
  const at = authority.indexOf("@");
  const login = at < 0 ? undefined : authority.slice(0, at);
  let hostPort = at < 0 ? authority : authority.slice(at + 1);
  // The port: after the IPv6 literal's `]`, else after the first colon.
  let portText: string | undefined;
  if (hostPort.startsWith("[")) {
    const close = hostPort.indexOf("]");
    if (close < 0) return { error: URL_ERRORS.badIPv6 };
    const after = hostPort.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) return { error: URL_ERRORS.badPort };
    if (after !== "") portText = after.slice(1);
    hostPort = hostPort.slice(0, close + 1);
  } else {
    const colon = hostPort.indexOf(":");
    if (colon >= 0) {
      portText = hostPort.slice(colon + 1);
      hostPort = hostPort.slice(0, colon);
    }
  }
  let port: number | undefined;
  if (portText !== undefined) {
    // `host:` with no digits means the default port, but only when a scheme was given.
    if (portText === "" && !schemeMatch) return { error: URL_ERRORS.badPort };
    if (portText !== "") {
      if (!/^\d+$/.test(portText) || Number(portText) > 65535) return { error: URL_ERRORS.badPort };
      port = Number(portText);
    }
  }
  if (hostPort === "") return { error: URL_ERRORS.noHost };
  const host = parseHost(hostPort);
  if (typeof host !== "string") return host;
  if (scheme === undefined) scheme = GUESSES.find((g) => host.toLowerCase().startsWith(`${g}.`)) ?? "http";
  const colon = login?.indexOf(":") ?? -1;
  const user = login === undefined ? undefined : colon < 0 ? login : login.slice(0, colon);
  const password = login === undefined || colon < 0 ? undefined : login.slice(colon + 1);
  return {
    scheme,
    host,
    port: port ?? options.defaultPort ?? DEFAULT_PORTS[scheme] ?? 80,
    path,
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    explicitPort: port !== undefined,
  };
}

/**
 * Splits `http://host:port/path?query` (scheme, port and path optional) into its parts, or
 * `undefined` when curl would reject it.
 *
 * @example parseURL("my-api:8080/healthz") // { scheme: "http", host: "my-api", port: 8080, path: "/healthz", explicitPort: true }
 */
export function parseURL(url: string, options: ParseURLOptions = {}): ParsedURL | undefined {
  const parsed = parseCurlURL(url, options);
  return "error" in parsed ? undefined : parsed;
}
