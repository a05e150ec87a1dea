/**
 * `curl`: resolves the host, opens a TCP connection through the simulated datapath and prints the
 * server's reply, with curl's own exit codes and messages for every way that can fail. The
 * version (and so the User-Agent) is the image's: 8.5.0 in Alpine-based images, 7.88.1 in
 * Debian bookworm ones such as nginx.
 *
 * @see https://curl.se/libcurl/c/libcurl-errors.html
 */
import { ErrorCode, PodtalkError } from "../../../model/errors.js";
import { formatHTTPDate } from "../../../model/time-format.js";
import { wallClockMs } from "../../clock.js";
import { intToIp, ipToInt } from "../../ip.js";
import { utf8Length } from "../../internal/utf8-length.js";
import { connect } from "../../datapath/connect.js";
import type { Hop } from "../../datapath/hops.js";
import { httpReply } from "../http-responders.js";
import { CURL, SHELL } from "../messages.js";
import { lookupHost, RESOLVER_GIVES_UP_MS } from "../resolver.js";
import { fail, type ToolResult } from "../result.js";
import type { Tool, ToolContext } from "../tool.js";
import { type ParsedURL, parseCurlURL } from "../url.js";
import { type CurlOptions, parseCurlOptions } from "./curl-options.js";
import { containerIndexOf } from "../../pod-containers.js";

/** The curl version of Alpine-based tools images (netshoot, curlimages/curl). */
export const CURL_VERSION = "8.5.0";

/** Schemes curl supports that podtalk does not simulate (curl -V of Alpine's and Debian's curl). */
const OTHER_PROTOCOLS = new Set([
  "file",
  "ftp",
  "ftps",
  "dict",
  "gopher",
  "gophers",
  "imap",
  "imaps",
  "ldap",
  "ldaps",
  "mqtt",
  "pop3",
  "pop3s",
  "rtsp",
  "smb",
  "smbs",
  "smtp",
  "smtps",
  "telnet",
  "tftp",
  "ws",
  "wss",
  "scp",
  "sftp",
]);

/** The API server's answer to an anonymous request: 403 as a Status object. */
function forbiddenStatus(path: string): string {
  return `{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"${path}\\"",\n  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}`;
}

/** Go's crypto/tls server answers plain HTTP on its port with this, and closes (net/http server.go). */
const PLAIN_HTTP_TO_HTTPS = "Client sent an HTTP request to an HTTPS server.\n";

/** Base64 of `user:password` for `-u` and URL user info. */
function base64(text: string): string {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const bytes = [...text].flatMap((ch) => {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) return [c];
    if (c < 0x800) return [0xc0 | (c >> 6), 0x80 | (c & 63)];
    if (c < 0x10000) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    return [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
  });
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += abc[n >> 18]! + abc[(n >> 12) & 63]! + (b === undefined ? "=" : abc[(n >> 6) & 63]!) + (c === undefined ? "=" : abc[n & 63]!);
  }
  return out;
}

/** The address `--resolve host:port:addr` gives the URL's host and port, if any. */
function resolveOverride(parsed: CurlOptions, url: ParsedURL): number | undefined {
  for (const entry of parsed.resolve) {
    const m = /^(.*):(\d+):([\d.]+)(?:,.*)?$/.exec(entry);
    if (m && m[1]!.toLowerCase() === url.host.toLowerCase() && Number(m[2]) === url.port) return ipToInt(m[3]!);
  }
  return undefined;
}

/** curl with parsed options: what it prints for each outcome. */
function transfer(ctx: ToolContext, parsed: CurlOptions): ToolResult {
  const { cluster, pod, random } = ctx;
  const version = ctx.image.curlVersion;
  const u = parseCurlURL(parsed.url);
  if ("error" in u) return fail(CURL.urlRejected(u.error), "error", { exitCode: 3 });
  const { scheme, port, path } = u;
  const quiet = parsed.silent && !parsed.showError;
  const err = (code: number, message: string): string => (quiet ? "" : CURL.error(code, message));
  const verbose: string[] = [];
  const writeOut = (code: string) => (parsed.writeOut ?? "").replaceAll("%{http_code}", code).replaceAll("%{response_code}", code).replaceAll("\\n", "\n");
  const failWith = (code: number, message: string, outcome: ToolResult["outcome"], hops: readonly Hop[]) =>
    fail(verbose.join("") + err(code, message), outcome, { exitCode: code, stdout: writeOut("000"), hops });
  if (scheme !== "http" && scheme !== "https") {
    if (OTHER_PROTOCOLS.has(scheme))
      throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`curl's ${scheme}:// protocol (podtalk's curl speaks http and https)`));
    return failWith(1, CURL.unsupportedProtocol(scheme, version), "error", []);
  }
  // The host as curl prints it in messages: IPv6 literals without their brackets.
  const host = u.host.startsWith("[") ? u.host.slice(1, -1) : u.host;
  const hops: Hop[] = [];
  let ip = resolveOverride(parsed, u);
  if (ip === undefined && u.host.startsWith("[")) {
    // The cluster is IPv4-only: ::1 is the Pod's own loopback, any other IPv6 address has no route.
    if (host !== "::1") return failWith(7, CURL.failedToConnect(host, port, 0), "unreachable", hops);
    ip = ipToInt("127.0.0.1");
  }
  if (ip === undefined) {
    const lookup = lookupHost(ctx, u.host);
    hops.push(...lookup.hops);
    if (lookup.timedOut) {
      // No answer: curl's -m/--connect-timeout fires first, else the resolver gives up (exit 6).
      const limit = Math.min(parsed.maxTime ?? Infinity, parsed.connectTimeout ?? Infinity) * 1000;
      if (limit < RESOLVER_GIVES_UP_MS) return failWith(28, CURL.resolvingTimedOut(Math.round(limit) + 1), "timeout", hops);
      return failWith(6, CURL.couldNotResolve(u.host), "timeout", hops);
    }
    if (lookup.addresses.length === 0) return failWith(6, CURL.couldNotResolve(u.host), "nxdomain", hops);
    ip = lookup.addresses[0]!;
  }
  const shownIP = u.host === "[::1]" ? "::1" : intToIp(ip);
  if (parsed.verbose) verbose.push(`*   Trying ${u.host.startsWith("[") ? `[${shownIP}]` : shownIP}:${port}...\n`);
  const conn = connect(cluster, pod, ip, port, random);
  hops.push(...conn.hops);
  const timeoutMs = parsed.maxTime !== undefined ? Math.round(parsed.maxTime * 1000) : undefined;
  const connectMs = parsed.connectTimeout !== undefined ? Math.round(parsed.connectTimeout * 1000) : undefined;
  if (connectMs !== undefined && conn.outcome === "timeout" && (timeoutMs === undefined || connectMs <= timeoutMs)) {
    return failWith(28, CURL.connectTimeout(host, port, connectMs + 1), "timeout", hops);
  }
  if (timeoutMs !== undefined && conn.elapsedMs > timeoutMs) return failWith(28, CURL.timedOut(timeoutMs + 1), "timeout", hops);
  if (conn.outcome !== "ok") {
    const code = conn.outcome === "timeout" ? 28 : 7;
    return failWith(code, CURL.failedToConnect(host, port, conn.elapsedMs), conn.outcome, hops);
  }
  if (scheme === "https") {
    // Only the API server speaks TLS here; its certificate is signed by the cluster's own CA.
    // curl prints no verbose lines before a TLS failure here.
    const tlsFail = (code: number, stderr: string) => fail(stderr, "error", { exitCode: code, stdout: writeOut("000"), hops });
    if (!conn.apiServer) return tlsFail(35, err(35, CURL.wrongTLSVersion));
    if (!parsed.insecure) return tlsFail(60, err(60, CURL.unknownIssuer) + (quiet ? "" : CURL.unknownIssuerDetails));
    const out = parsed.output === undefined || parsed.output === "-" ? forbiddenStatus(path) : "";
    return { exitCode: 0, stdout: out + writeOut("403"), stderr: verbose.join(""), outcome: "ok", hops };
  }
  const method = parsed.method ?? (parsed.head ? "HEAD" : parsed.data !== undefined ? "POST" : "GET");
  const customHost = parsed.headers.find((h) => /^host\s*:/i.test(h));
  const hostHeader = customHost ? customHost.slice(customHost.indexOf(":") + 1).trim() : port === 80 ? u.host : `${u.host}:${port}`;
  const userAgent = parsed.userAgent ?? `curl/${version}`;
  const login = parsed.user ?? (u.user !== undefined ? `${u.user}:${u.password ?? ""}` : undefined);
  const extra = [
    ...parsed.headers.filter((h) => !/^(host|user-agent)\s*:/i.test(h) && /^[^:]+:/.test(h)),
    ...(login !== undefined ? [`Authorization: Basic ${base64(login)}`] : []),
    ...(parsed.data !== undefined ? [`Content-Length: ${utf8Length(parsed.data)}`, "Content-Type: application/x-www-form-urlencoded"] : []),
  ];
  const served = conn.servedBy;
  let status = "200 OK";
  let protocol = "HTTP/1.1";
  let headers: string[];
  let body: string;
  if (conn.apiServer) {
    // Plain HTTP to the API server's TLS port: Go answers 400 without headers and closes.
    protocol = "HTTP/1.0";
    status = "400 Bad Request";
    headers = [];
    body = PLAIN_HTTP_TO_HTTPS;
  } else {
    const app = served
      ? cluster.app(cluster.pod(served.namespace, served.pod)!, containerIndexOf(cluster.pod(served.namespace, served.pod)!, served.container)).responder
      : undefined;
    const reply = httpReply(cluster, {
      servedBy: served,
      client: conn.client,
      path,
      hostHeader,
      userAgent,
      method,
      headers: extra,
      ...(conn.healthCheck ? { healthCheck: conn.healthCheck } : {}),
    });
    if (reply === undefined) {
      // Redis answers `GET / HTTP/1.1` with an error line, which is not an HTTP status line.
      if (app?.kind === "not-http" && app.what === "Redis") return failWith(1, CURL.http09, "error", hops);
      return failWith(52, CURL.emptyReply, "error", hops);
    }
    status = reply.status ?? status;
    body = method === "HEAD" ? "" : reply.body;
    const date = `Date: ${formatHTTPDate(wallClockMs(cluster.now))}`;
    const length = `Content-Length: ${utf8Length(reply.body)}`;
    headers = reply.headers
      ? [`Content-Type: ${reply.contentType}`, ...reply.headers, date, length]
      : [...(reply.server ? [`Server: ${reply.server}`] : []), date, `Content-Type: ${reply.contentType}`, length];
  }
  const statusLine = `${protocol} ${status}`;
  const code = status.slice(0, 3);
  if (parsed.verbose) {
    verbose.push(`* Connected to ${host} (${shownIP}) port ${port}\n`);
    verbose.push(
      `> ${method} ${path} HTTP/1.1\n> Host: ${hostHeader}\n> User-Agent: ${userAgent}\n> Accept: */*\n${extra.map((h) => `> ${h}\n`).join("")}> \n`,
    );
    verbose.push(`${[statusLine, ...headers].map((h) => `< ${h}\n`).join("")}< \n`);
    verbose.push(protocol === "HTTP/1.0" ? `* Closing connection\n` : `* Connection #0 to host ${host} left intact\n`);
  }
  if (parsed.fail && Number(code) >= 400) {
    return fail(verbose.join("") + err(22, CURL.httpError(Number(code))), "ok", { exitCode: 22, stdout: writeOut(code), hops });
  }
  const headerBlock = `${[statusLine, ...headers].join("\r\n")}\r\n\r\n`;
  let stdout = "";
  const shown = (parsed.include || parsed.head ? headerBlock : "") + body;
  if (parsed.output === undefined || parsed.output === "-") stdout += shown;
  else if (parsed.output !== "/dev/null") ctx.files.write(parsed.output.startsWith("/") ? parsed.output : `/${parsed.output}`, shown, false);
  stdout += writeOut(code);
  return { exitCode: 0, stdout, stderr: verbose.join(""), outcome: "ok", ...(served ? { servedBy: served } : {}), hops };
}

/** `curl [-sSvikILf] [-m SEC] [--connect-timeout SEC] [-o FILE] [-w FORMAT] [-X M] [-d DATA] [-H H] [--resolve H:P:A] URL`. */
export const curl: Tool = {
  run(ctx, args) {
    const parsed = parseCurlOptions(args);
    if (typeof parsed === "string") return fail(parsed, "error", { exitCode: 2 });
    return transfer(ctx, parsed);
  },
};
