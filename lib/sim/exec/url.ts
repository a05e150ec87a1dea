/**
 * The one URL parser of the simulation: what curl, wget and `runLoad` accept. A scheme is
 * optional (`my-api:8080/path` means http), as curl allows; fragments and user info are not
 * supported.
 */

/** The parts of a URL a client needs to connect and send its request line. */
export interface ParsedURL {
  /** `http` or `https`. */
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
  /** The path with its query string; `/` when the URL has none. */
  readonly path: string;
}

/** Options of `parseURL`. */
export interface ParseURLOptions {
  /**
   * The port when the URL names none.
   * @default 443 for https, 80 otherwise
   */
  readonly defaultPort?: number;
}

const URL_PATTERN = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^?#]*)?(\?[^#]*)?/;

/**
 * Splits `http://host:port/path?query` (scheme, port and path optional) into its parts, or
 * `undefined` when no host can be read.
 *
 * @example parseURL("my-api:8080/healthz") // { scheme: "http", host: "my-api", port: 8080, path: "/healthz" }
 */
export function parseURL(url: string, options: ParseURLOptions = {}): ParsedURL | undefined {
  const m = URL_PATTERN.exec(url);
  if (!m) return undefined;
  const scheme = m[1] ?? "http";
  const port = m[3] ? Number(m[3]) : (options.defaultPort ?? (scheme === "https" ? 443 : 80));
  return { scheme, host: m[2]!, port, path: (m[4] || "/") + (m[5] ?? "") };
}
