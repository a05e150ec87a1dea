/**
 * curl's command-line options that podtalk understands, declared once with their short and long
 * spellings, and the parser that reads them as curl 8 does (bundled short flags, `-ofile` or
 * `-o file`, the last URL wins).
 *
 * @see https://curl.se/docs/manpage.html
 */
import { CURL } from "../messages.js";

/** The options a curl command line set. */
export interface CurlOptions {
  readonly url: string;
  readonly silent: boolean;
  readonly showError: boolean;
  readonly verbose: boolean;
  readonly include: boolean;
  /** `-o`: where the body goes; `-` or unset is stdout. */
  readonly output: string | undefined;
  /** `-w`: printed after the transfer, with `%{http_code}` and `\n` replaced. */
  readonly writeOut: string | undefined;
  /** `-m`: seconds. */
  readonly maxTime: number | undefined;
  readonly insecure: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type FlagName = "silent" | "showError" | "verbose" | "include" | "insecure";
type ValueName = "maxTime" | "output" | "writeOut";

/** One option: a flag, or an option that takes a value (the next argument, or the rest of a short bundle). */
type OptionSpec = { readonly short: string; readonly long: string } & ({ readonly flag: FlagName } | { readonly value: ValueName });

const OPTIONS: readonly OptionSpec[] = [
  { short: "s", long: "--silent", flag: "silent" },
  { short: "S", long: "--show-error", flag: "showError" },
  { short: "v", long: "--verbose", flag: "verbose" },
  { short: "i", long: "--include", flag: "include" },
  { short: "k", long: "--insecure", flag: "insecure" },
  { short: "m", long: "--max-time", value: "maxTime" },
  { short: "o", long: "--output", value: "output" },
  { short: "w", long: "--write-out", value: "writeOut" },
];

/** A usage problem: curl prints it and exits with code 2. */
class CurlUsage extends Error {}

function set(options: Mutable<CurlOptions>, name: ValueName, value: string): void {
  if (name === "maxTime") options.maxTime = Number(value);
  else options[name] = value;
}

/** Reads curl's arguments; a string is the usage error curl prints (exit code 2). */
export function parseCurlOptions(args: readonly string[]): CurlOptions | string {
  const a: Mutable<CurlOptions> = {
    url: "",
    silent: false,
    showError: false,
    verbose: false,
    include: false,
    output: undefined,
    writeOut: undefined,
    maxTime: undefined,
    insecure: false,
  };
  const needValue = (opt: string, i: number) => {
    if (i + 1 >= args.length) throw new CurlUsage(CURL.requiresParameter(opt));
    return args[i + 1]!;
  };
  try {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg.startsWith("--")) {
        const spec = OPTIONS.find((o) => o.long === arg);
        if (!spec) throw new CurlUsage(CURL.unknownOption(arg));
        if ("flag" in spec) a[spec.flag] = true;
        else set(a, spec.value, needValue(arg, i++));
      } else if (arg.startsWith("-") && arg.length > 1) {
        for (let j = 1; j < arg.length; j++) {
          const f = arg[j]!;
          const spec = OPTIONS.find((o) => o.short === f);
          if (!spec) throw new CurlUsage(CURL.unknownOption(`-${f}`));
          if ("flag" in spec) a[spec.flag] = true;
          else {
            // The rest of the bundle is the value (`-w%{http_code}`), else the next argument.
            const rest = arg.slice(j + 1);
            set(a, spec.value, rest !== "" ? rest : needValue(`-${f}`, i++));
            break;
          }
        }
      } else a.url = arg;
    }
  } catch (e) {
    if (e instanceof CurlUsage) return e.message;
    throw e;
  }
  if (a.maxTime !== undefined && !(a.maxTime > 0)) return CURL.badMaxTime;
  if (a.url === "") return CURL.noURL;
  return a;
}
