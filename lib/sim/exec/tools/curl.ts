/**
 * `curl`: resolves the host, opens a TCP connection through the simulated datapath and prints the
 * server's reply, with curl's own exit codes and messages for every way that can fail.
 *
 * @see https://curl.se/libcurl/c/libcurl-errors.html
 */
import { formatHTTPDate } from "../../../model/time-format.js";
import { wallClockMs } from "../../clock.js";
import { intToIp } from "../../ip.js";
import { utf8Length } from "../../internal/utf8-length.js";
import { connect } from "../../datapath/connect.js";
import type { Hop } from "../../datapath/hops.js";
import { httpReply } from "../http-responders.js";
import { CURL } from "../messages.js";
import { lookupHost } from "../resolver.js";
import { fail, type ToolResult } from "../result.js";
import type { Tool, ToolContext } from "../tool.js";
import { parseURL } from "../url.js";
import { parseCurlOptions, type CurlOptions } from "./curl-options.js";

/** The curl version the simulated containers ship. */
export const CURL_VERSION = "8.5.0";

/** The API server's answer to an anonymous request: 403 as a Status object. */
function forbiddenStatus(path: string): string {
  return `{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"${path}\\"",\n  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}`;
}

/** curl with parsed options: what it prints for each outcome. */
function transfer(ctx: ToolContext, parsed: CurlOptions): ToolResult {
  const { cluster, pod, random } = ctx;
  const u = parseURL(parsed.url);
  if (!u) return fail(CURL.malformedURL, "error", { exitCode: 3 });
  const { scheme, host, port, path } = u;
  const quiet = parsed.silent && !parsed.showError;
  const err = (code: number, message: string): string => (quiet ? "" : CURL.error(code, message));
  const verbose: string[] = [];
  const writeOut = (code: string) => (parsed.writeOut ?? "").replaceAll("%{http_code}", code).replaceAll("\\n", "\n");
  const failWith = (code: number, message: string, outcome: ToolResult["outcome"], hops: readonly Hop[]) =>
    fail(verbose.join("") + err(code, message), outcome, { exitCode: code, stdout: writeOut("000"), hops });

  const lookup = lookupHost(ctx, host);
  const hops = [...lookup.hops];
  if (lookup.addresses.length === 0) return failWith(6, CURL.couldNotResolve(host), "nxdomain", hops);
  const ip = lookup.addresses[0]!;
  if (parsed.verbose) verbose.push(`*   Trying ${intToIp(ip)}:${port}...\n`);
  const conn = connect(cluster, pod, ip, port, random);
  hops.push(...conn.hops);
  const timeoutMs = parsed.maxTime !== undefined ? Math.round(parsed.maxTime * 1000) : undefined;
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
  const served = conn.servedBy;
  const hostHeader = port === 80 ? host : `${host}:${port}`;
  const reply = httpReply(cluster, { servedBy: served, client: conn.client, path, hostHeader, userAgent: `curl/${CURL_VERSION}` });
  if (reply === undefined) return failWith(52, CURL.emptyReply, "error", hops);
  const headers = [
    `HTTP/1.1 200 OK`,
    ...(reply.server ? [`Server: ${reply.server}`] : []),
    `Date: ${formatHTTPDate(wallClockMs(cluster.now))}`,
    `Content-Type: ${reply.contentType}`,
    `Content-Length: ${utf8Length(reply.body)}`,
  ];
  if (parsed.verbose) {
    verbose.push(`* Connected to ${host} (${intToIp(ip)}) port ${port}\n`);
    verbose.push(`> GET ${path} HTTP/1.1\n> Host: ${hostHeader}\n> User-Agent: curl/${CURL_VERSION}\n> Accept: */*\n> \n`);
    verbose.push(`${headers.map((h) => `< ${h}\n`).join("")}< \n`);
    verbose.push(`* Connection #0 to host ${host} left intact\n`);
  }
  let stdout = "";
  if (parsed.output === undefined || parsed.output === "-") stdout += (parsed.include ? `${headers.join("\r\n")}\r\n\r\n` : "") + reply.body;
  stdout += writeOut("200");
  return { exitCode: 0, stdout, stderr: verbose.join(""), outcome: "ok", ...(served ? { servedBy: served } : {}), hops };
}

/** `curl [-sSvik] [-m SEC] [-o FILE] [-w FORMAT] URL`. */
export const curl: Tool = {
  run(ctx, args) {
    const parsed = parseCurlOptions(args);
    if (typeof parsed === "string") return fail(parsed, "error", { exitCode: 2 });
    return transfer(ctx, parsed);
  },
};
