/**
 * curl's command-line options that podtalk understands, declared once with their short and long
 * spellings, and the parser that reads them as curl 8 does (bundled short flags, `-ofile` or
 * `-o file`, the last URL wins, `-H` and `--resolve` repeat). A real curl option podtalk does not
 * simulate is refused with a PodtalkError that says so; a word curl does not know gets curl's
 * own "is unknown".
 *
 * @see https://curl.se/docs/manpage.html
 */
import { ErrorCode, PodtalkError } from "../../../model/errors.js";
import { CURL, SHELL } from "../messages.js";

/** The options a curl command line set. */
export interface CurlOptions {
  readonly url: string;
  readonly silent: boolean;
  readonly showError: boolean;
  readonly verbose: boolean;
  readonly include: boolean;
  /** `-I`: a HEAD request whose headers curl prints. */
  readonly head: boolean;
  /** `-L`: follow redirects. */
  readonly location: boolean;
  /** `-f`: exit 22 on an HTTP error status instead of printing the page. */
  readonly fail: boolean;
  /** `-o`: where the body goes; `-` or unset is stdout. */
  readonly output: string | undefined;
  /** `-w`: printed after the transfer, with `%{http_code}` and `\n` replaced. */
  readonly writeOut: string | undefined;
  /** `-m`: seconds for the whole transfer. */
  readonly maxTime: number | undefined;
  /** `--connect-timeout`: seconds for the connection. */
  readonly connectTimeout: number | undefined;
  readonly insecure: boolean;
  /** `-X`: the request method. */
  readonly method: string | undefined;
  /** `-d`: a request body (makes the request a POST). */
  readonly data: string | undefined;
  /** `-H`: extra request headers. */
  readonly headers: readonly string[];
  /** `--resolve host:port:address`. */
  readonly resolve: readonly string[];
  /** `-A`: the User-Agent. */
  readonly userAgent: string | undefined;
  /** `-u user:password`. */
  readonly user: string | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type FlagName = "silent" | "showError" | "verbose" | "include" | "insecure" | "head" | "location" | "fail";
type ValueName = "maxTime" | "connectTimeout" | "output" | "writeOut" | "method" | "data" | "userAgent" | "user";
type ListName = "headers" | "resolve";

/** One option: a flag, an option that takes a value, or one that may repeat. */
type OptionSpec = { readonly short?: string; readonly long: string } & (
  | { readonly flag: FlagName }
  | { readonly value: ValueName }
  | { readonly list: ListName }
  | { readonly ignored: true }
);

const OPTIONS: readonly OptionSpec[] = [
  { short: "s", long: "--silent", flag: "silent" },
  { short: "S", long: "--show-error", flag: "showError" },
  { short: "v", long: "--verbose", flag: "verbose" },
  { short: "i", long: "--include", flag: "include" },
  { short: "I", long: "--head", flag: "head" },
  { short: "L", long: "--location", flag: "location" },
  { short: "f", long: "--fail", flag: "fail" },
  { short: "k", long: "--insecure", flag: "insecure" },
  { short: "m", long: "--max-time", value: "maxTime" },
  { long: "--connect-timeout", value: "connectTimeout" },
  { short: "o", long: "--output", value: "output" },
  { short: "w", long: "--write-out", value: "writeOut" },
  { short: "X", long: "--request", value: "method" },
  { short: "d", long: "--data", value: "data" },
  { long: "--data-raw", value: "data" },
  { long: "--data-binary", value: "data" },
  { short: "A", long: "--user-agent", value: "userAgent" },
  { short: "u", long: "--user", value: "user" },
  { short: "H", long: "--header", list: "headers" },
  { long: "--resolve", list: "resolve" },
  // Options that change nothing in the simulated cluster (IPv4 only, HTTP/1.1, no progress meter on a pipe).
  { short: "4", long: "--ipv4", ignored: true },
  { long: "--http1.1", ignored: true },
  { long: "--no-progress-meter", ignored: true },
];

/** Real curl options podtalk does not simulate (curl's manual); anything else is unknown to curl too. */
const REAL_LONG = new Set(
  "proxy socks5 socks5-hostname cookie cookie-jar cacert cert key capath form upload-file range continue-at compressed http2 http2-prior-knowledge http3 ipv6 interface local-port limit-rate retry retry-delay retry-max-time trace trace-ascii dump-header referer unix-socket abstract-unix-socket noproxy netrc user-agent-file url get globoff path-as-is tlsv1.2 tlsv1.3 ssl-reqd max-redirs post301 post302 remote-name remote-name-all create-dirs data-urlencode json append proto proto-redir raw tcp-nodelay keepalive-time no-keepalive speed-limit speed-time time-cond styled-output progress-bar stderr libcurl parallel next version help manual".split(
    " ",
  ),
);
const REAL_SHORT = "0123456aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwxXyYzZ#";

function notSimulated(option: string): PodtalkError {
  return new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`curl's option ${option}`));
}

/** A usage problem: curl prints it and exits with code 2. */
class CurlUsage extends Error {}

function set(options: Mutable<CurlOptions>, spec: OptionSpec, value: string): void {
  if ("list" in spec) options[spec.list] = [...options[spec.list], value];
  else if ("value" in spec) {
    if (spec.value === "maxTime" || spec.value === "connectTimeout") {
      const n = Number(value);
      if (!(n > 0) || !Number.isFinite(n)) throw new CurlUsage(CURL.badSeconds(spec.short ? `-${spec.short}` : spec.long));
      options[spec.value] = n;
    } else options[spec.value] = value;
  }
}

/** Reads curl's arguments; a string is the usage error curl prints (exit code 2). */
export function parseCurlOptions(args: readonly string[]): CurlOptions | string {
  const a: Mutable<CurlOptions> = {
    url: "",
    silent: false,
    showError: false,
    verbose: false,
    include: false,
    head: false,
    location: false,
    fail: false,
    output: undefined,
    writeOut: undefined,
    maxTime: undefined,
    connectTimeout: undefined,
    insecure: false,
    method: undefined,
    data: undefined,
    headers: [],
    resolve: [],
    userAgent: undefined,
    user: undefined,
  };
  const needValue = (opt: string, i: number) => {
    if (i + 1 >= args.length) throw new CurlUsage(CURL.requiresParameter(opt));
    return args[i + 1]!;
  };
  const apply = (spec: OptionSpec, value: () => string) => {
    if ("flag" in spec) a[spec.flag] = true;
    else if (!("ignored" in spec)) set(a, spec, value());
  };
  try {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg.startsWith("--") && arg.length > 2) {
        const spec = OPTIONS.find((o) => o.long === arg);
        if (!spec) {
          if (REAL_LONG.has(arg.slice(2))) throw notSimulated(arg);
          throw new CurlUsage(CURL.unknownOption(arg));
        }
        apply(spec, () => needValue(arg, i++));
      } else if (arg.startsWith("-") && arg.length > 1) {
        for (let j = 1; j < arg.length; j++) {
          const f = arg[j]!;
          const spec = OPTIONS.find((o) => o.short === f);
          if (!spec) {
            if (REAL_SHORT.includes(f)) throw notSimulated(`-${f}`);
            throw new CurlUsage(CURL.unknownOption(`-${f}`));
          }
          if ("flag" in spec || "ignored" in spec) apply(spec, () => "");
          else {
            // The rest of the bundle is the value (`-w%{http_code}`), else the next argument.
            const rest = arg.slice(j + 1);
            apply(spec, () => (rest !== "" ? rest : needValue(`-${f}`, i++)));
            break;
          }
        }
      } else a.url = arg;
    }
  } catch (e) {
    if (e instanceof CurlUsage) return e.message;
    throw e;
  }
  if (a.url === "") return CURL.noURL;
  return a;
}
