/**
 * `kubectl exec`: runs a command line inside a container of a simulated Pod and returns a
 * TraceRecord with the tool's real output and exit code and, for network tools, every hop.
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { resolveHost, resolvConf, renderResolvConf, type Resolution } from "./dns.js";
import { buildServiceRules, pickEndpoint } from "./kube-proxy.js";
import { intToIp, ipToInt, isIPv4 } from "./ip.js";
import type { Simulation } from "./simulation.js";
import type { PodState } from "./state.js";
import { connect, type Connection, type TrafficRandom } from "./traffic.js";
import type { Hop, Outcome, ServedBy, TraceRecord } from "./trace.js";

/** Options of `exec`. */
export interface ExecOptions {
  /** The container to run in; required only for Pods with several containers. */
  readonly container?: string;
  /** @default "default" */
  readonly namespace?: string;
}

/** The randomness exec draws on (endpoint picks, DNS server picks, source ports). */
export interface ExecRandom extends TrafficRandom {
  readonly dns: TrafficRandom["endpoints"];
}

/** The calendar instant of simulated time zero (headers such as `Date:` are computed from it). */
export const EPOCH_MS = Date.UTC(2025, 0, 6, 9, 0, 0);

/** The curl version the simulated containers ship. */
const CURL_VERSION = "8.5.0";

interface Result {
  exitCode: number;
  stdout: string;
  stderr: string;
  outcome: Outcome;
  servedBy?: ServedBy;
  hops: Hop[];
}

/**
 * Runs `command` in a container of `pod`.
 *
 * @example execIn(sim, pod, "curl -s http://my-api:8080/", {}, random)
 */
export function execIn(sim: Simulation, pod: PodState, command: string, options: ExecOptions, random: ExecRandom): TraceRecord {
  const container = chooseContainer(pod, options.container);
  const state = pod.containers.find((c) => c.name === container)!;
  if (pod.podIP === undefined || pod.nodeName === undefined || state.state !== "Running") {
    const why = pod.nodeName === undefined ? "the Pod is Pending: no node has room for it" : `container ${container} is ${state.state}${state.reason ? ` (${state.reason})` : ""}`;
    throw new PodtalkError(ErrorCode.BadRequest, `error: unable to upgrade connection: container not found ("${container}"): ${why}; exec needs a running container`);
  }
  const argv = splitWords(command);
  const result = run(sim, pod, argv, random);
  return {
    command,
    pod: pod.name,
    namespace: pod.namespace,
    container,
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    outcome: result.outcome,
    servedBy: result.servedBy,
    hops: result.hops,
  };
}

function chooseContainer(pod: PodState, wanted: string | undefined): string {
  const names = pod.containers.map((c) => c.name);
  if (wanted === undefined) {
    // kubectl picks the first container (and says so) when a Pod has several.
    return names[0]!;
  }
  if (!names.includes(wanted)) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `error: container ${wanted} not found in pod ${pod.name}; choose one of: ${names.join(", ")}`,
    );
  }
  return wanted;
}

/** Splits a command line into words as `sh` would (single and double quotes, backslash escapes). */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let current = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === "\\" && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) {
    throw new PodtalkError(ErrorCode.BadRequest, `sh: syntax error: unterminated quoted string in: ${line}`);
  }
  if (inWord) words.push(current);
  return words;
}

function run(sim: Simulation, pod: PodState, argv: string[], random: ExecRandom): Result {
  const [cmd, ...args] = argv;
  const ok = (stdout: string): Result => ({ exitCode: 0, stdout, stderr: "", outcome: "ok", hops: [] });
  switch (cmd) {
    case undefined:
      return ok("");
    case "curl":
      return curl(sim, pod, args, random);
    case "nslookup":
      return nslookup(sim, pod, args, random);
    case "hostname":
      return ok(`${pod.spec.hostname ?? pod.name}\n`);
    case "cat":
      return cat(sim, pod, args);
    case "echo":
      return ok(`${args.join(" ")}\n`);
    default:
      return { exitCode: 127, stdout: "", stderr: `sh: ${cmd}: not found\n`, outcome: "error", hops: [] };
  }
}

function cat(sim: Simulation, pod: PodState, args: string[]): Result {
  let stdout = "";
  let stderr = "";
  for (const file of args) {
    if (file === "/etc/resolv.conf") stdout += renderResolvConf(resolvConf(sim, pod));
    else if (file === "/etc/hosts") stdout += etcHosts(sim, pod);
    else if (file === "/etc/hostname") stdout += `${pod.spec.hostname ?? pod.name}\n`;
    else stderr += `cat: can't open '${file}': No such file or directory\n`;
  }
  return { exitCode: stderr ? 1 : 0, stdout, stderr, outcome: stderr ? "error" : "ok", hops: [] };
}

/** The Pod's own line of /etc/hosts: its IP, FQDN when it has hostname + subdomain, and hostname. */
function hostsEntry(sim: Simulation, pod: PodState): string {
  const ip = pod.podIP === undefined ? "" : intToIp(pod.podIP);
  const hostname = pod.spec.hostname ?? pod.name;
  if (pod.spec.subdomain) return `${ip}\t${hostname}.${pod.spec.subdomain}.${pod.namespace}.svc.${sim.options.clusterDomain}\t${hostname}`;
  return `${ip}\t${hostname}`;
}

/** The kubelet-managed /etc/hosts of a Pod. */
export function etcHosts(sim: Simulation, pod: PodState): string {
  return [
    "# Kubernetes-managed hosts file.",
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
    "fe00::0\tip6-localnet",
    "fe00::0\tip6-mcastprefix",
    "fe00::1\tip6-allnodes",
    "fe00::2\tip6-allrouters",
    hostsEntry(sim, pod),
    "",
  ].join("\n");
}

/** Looks a name up the way libc does: /etc/hosts first, then DNS through resolv.conf. */
function lookupHost(sim: Simulation, pod: PodState, host: string, random: ExecRandom): { addresses: number[]; hops: Hop[]; resolution?: Resolution } {
  if (isIPv4(host)) return { addresses: [ipToInt(host)], hops: [] };
  if (host === "localhost") return { addresses: [ipToInt("127.0.0.1")], hops: [] };
  if (host === pod.name || host === pod.spec.hostname) return { addresses: [pod.podIP!], hops: [] };
  const resolution = resolveHost(sim, pod, host);
  return { addresses: [...resolution.addresses], hops: dnsHops(sim, pod, resolution, random), resolution };
}

function dnsHops(sim: Simulation, pod: PodState, resolution: Resolution, random: ExecRandom): Hop[] {
  const dnsService = sim.serviceByClusterIP(sim.options.dnsServiceIP);
  const viaCluster = resolution.nameserver === intToIp(sim.options.dnsServiceIP);
  return resolution.queries.map((q, i): Hop => {
    let answeredBy = "the node's upstream resolver";
    let rule: string | undefined;
    if (viaCluster && dnsService && dnsService.clusterIP !== undefined) {
      const rules = buildServiceRules(sim, dnsService, 0);
      const chosen = pickEndpoint(rules, random.dns);
      answeredBy = chosen ? `CoreDNS Pod ${chosen.endpoint.pod?.name ?? intToIp(chosen.endpoint.ip)} (${intToIp(chosen.endpoint.ip)})` : "no CoreDNS Pod";
      rule = chosen ? [rules.serviceRule, chosen.jumpRule, ...chosen.sepRules].join("\n") : rules.rejectRule;
    }
    const answer = q.rcode === "NOERROR" ? q.answers.map((a) => `${a.type} ${a.data} (TTL ${a.ttl})`).join(", ") : q.rcode;
    const last = i === resolution.queries.length - 1;
    return {
      kind: "dns-query",
      node: pod.nodeName,
      device: pod.veth,
      point: "from-endpoint",
      src: `${intToIp(pod.podIP!)}`,
      dst: `${resolution.nameserver}:53`,
      summary: `DNS query ${q.type} ${q.name} to ${resolution.nameserver}:53/UDP, answered by ${answeredBy}: ${answer}`,
      change: undefined,
      rule,
      verdict: q.rcode === "NOERROR" ? "answered" : "not-found",
      ...(q.rcode === "NXDOMAIN" && last && resolution.addresses.length === 0
        ? {
            reason: `no DNS record for any of ${resolution.queries.map((x) => x.name).join(", ")}`,
            fix: `Check the Service name and namespace (cluster.get("services", { allNamespaces: true })); a Service in another namespace needs <service>.<namespace>.`,
          }
        : {}),
    };
  });
}

interface CurlArgs {
  url: string;
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  include: boolean;
  output: string | undefined;
  writeOut: string | undefined;
  maxTime: number | undefined;
}

function parseCurlArgs(args: string[]): CurlArgs | string {
  const a: CurlArgs = { url: "", silent: false, showError: false, verbose: false, include: false, output: undefined, writeOut: undefined, maxTime: undefined };
  const needValue = (opt: string, i: number) => {
    if (i + 1 >= args.length) throw new CurlUsage(`curl: option ${opt}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
    return args[i + 1]!;
  };
  try {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === "--silent") a.silent = true;
      else if (arg === "--show-error") a.showError = true;
      else if (arg === "--verbose") a.verbose = true;
      else if (arg === "--include") a.include = true;
      else if (arg === "--max-time") a.maxTime = Number(needValue(arg, i++));
      else if (arg === "--output") a.output = needValue(arg, i++);
      else if (arg === "--write-out") a.writeOut = needValue(arg, i++);
      else if (arg.startsWith("--")) throw new CurlUsage(`curl: option ${arg}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
      else if (arg.startsWith("-") && arg.length > 1) {
        for (let j = 1; j < arg.length; j++) {
          const f = arg[j]!;
          const rest = arg.slice(j + 1);
          if (f === "s") a.silent = true;
          else if (f === "S") a.showError = true;
          else if (f === "v") a.verbose = true;
          else if (f === "i") a.include = true;
          else if (f === "m" || f === "o" || f === "w") {
            const value = rest !== "" ? rest : needValue(`-${f}`, i++);
            if (f === "m") a.maxTime = Number(value);
            else if (f === "o") a.output = value;
            else a.writeOut = value;
            break;
          } else throw new CurlUsage(`curl: option -${f}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
        }
      } else a.url = arg;
    }
  } catch (e) {
    if (e instanceof CurlUsage) return e.message;
    throw e;
  }
  if (a.maxTime !== undefined && !(a.maxTime > 0)) return `curl: option -m: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`;
  if (a.url === "") return `curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n`;
  return a;
}

class CurlUsage extends Error {}

function curl(sim: Simulation, pod: PodState, args: string[], random: ExecRandom): Result {
  const parsed = parseCurlArgs(args);
  if (typeof parsed === "string") return { exitCode: 2, stdout: "", stderr: parsed, outcome: "error", hops: [] };
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^?#]*)?(\?[^#]*)?/.exec(parsed.url);
  if (!m) return { exitCode: 3, stdout: "", stderr: `curl: (3) URL rejected: Malformed input to a URL function\n`, outcome: "error", hops: [] };
  const scheme = m[1] ?? "http";
  const host = m[2]!;
  const port = m[3] ? Number(m[3]) : scheme === "https" ? 443 : 80;
  const path = (m[4] || "/") + (m[5] ?? "");
  const err = (code: number, message: string): string => (parsed.silent && !parsed.showError ? "" : `curl: (${code}) ${message}\n`);
  const verbose: string[] = [];
  const writeOut = (code: string) => (parsed.writeOut ?? "").replaceAll("%{http_code}", code).replaceAll("\\n", "\n");

  const lookup = lookupHost(sim, pod, host, random);
  const hops = [...lookup.hops];
  if (lookup.addresses.length === 0) {
    return { exitCode: 6, stdout: writeOut("000"), stderr: verbose.join("") + err(6, `Could not resolve host: ${host}`), outcome: "nxdomain", hops };
  }
  const ip = lookup.addresses[0]!;
  if (parsed.verbose) verbose.push(`*   Trying ${intToIp(ip)}:${port}...\n`);
  const conn: Connection = connect(sim, pod, ip, port, random);
  hops.push(...conn.hops);
  const timeoutMs = parsed.maxTime !== undefined ? Math.round(parsed.maxTime * 1000) : undefined;
  if (conn.outcome !== "ok" || (timeoutMs !== undefined && conn.elapsedMs > timeoutMs)) {
    if (timeoutMs !== undefined && conn.elapsedMs > timeoutMs) {
      return { exitCode: 28, stdout: writeOut("000"), stderr: verbose.join("") + err(28, `Connection timed out after ${timeoutMs + 1} milliseconds`), outcome: "timeout", hops };
    }
    const code = conn.outcome === "timeout" ? 28 : 7;
    return {
      exitCode: code,
      stdout: writeOut("000"),
      stderr: verbose.join("") + err(code, `Failed to connect to ${host} port ${port} after ${conn.elapsedMs} ms: Couldn't connect to server`),
      outcome: conn.outcome,
      hops,
    };
  }
  if (scheme === "https") {
    return { exitCode: 35, stdout: writeOut("000"), stderr: err(35, `OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number`), outcome: "error", hops };
  }
  const served = conn.servedBy;
  const hostHeader = port === 80 ? host : `${host}:${port}`;
  const reply = httpReply(sim, served, conn.client, path, hostHeader);
  if (reply === undefined) {
    return { exitCode: 52, stdout: writeOut("000"), stderr: verbose.join("") + err(52, "Empty reply from server"), outcome: "error", hops };
  }
  const date = new Date(EPOCH_MS + sim.now * 1000).toUTCString();
  const headers = [
    `HTTP/1.1 200 OK`,
    ...(reply.server ? [`Server: ${reply.server}`] : []),
    `Date: ${date}`,
    `Content-Type: ${reply.contentType}`,
    `Content-Length: ${utf8Length(reply.body)}`,
  ];
  if (parsed.verbose) {
    verbose.push(`* Connected to ${host} (${intToIp(ip)}) port ${port}\n`);
    verbose.push(`> GET ${path} HTTP/1.1\n> Host: ${hostHeader}\n> User-Agent: curl/${CURL_VERSION}\n> Accept: */*\n> \n`);
    verbose.push(headers.map((h) => `< ${h}\n`).join("") + "< \n");
    verbose.push(`* Connection #0 to host ${host} left intact\n`);
  }
  let stdout = "";
  if (parsed.output === undefined || parsed.output === "-") stdout += (parsed.include ? headers.join("\r\n") + "\r\n\r\n" : "") + reply.body;
  stdout += writeOut("200");
  return { exitCode: 0, stdout, stderr: verbose.join(""), outcome: "ok", ...(served ? { servedBy: served } : {}), hops };
}

function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** nginx's default index.html (1.25 and later). */
const NGINX_PAGE = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/**
 * What the serving process answers to `GET path`: the real response of the images tutorials use
 * (traefik/whoami, hashicorp/http-echo, nginx, httpd), podtalk's echo for others, or `undefined`
 * when the process does not speak HTTP (Redis, PostgreSQL: curl sees an empty reply).
 */
function httpReply(
  sim: Simulation,
  served: ServedBy | undefined,
  client: string,
  path: string,
  hostHeader: string,
): { body: string; contentType: string; server?: string } | undefined {
  if (!served) return { body: "ok\n", contentType: "text/plain; charset=utf-8" };
  const pod = sim.pod(served.namespace, served.pod)!;
  const index = pod.containers.findIndex((c) => c.name === served.container);
  const responder = sim.app(pod, index).responder;
  const request = `GET ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: curl/${CURL_VERSION}\r\nAccept: */*\r\n\r\n`;
  switch (responder.kind) {
    case "whoami": {
      // traefik/whoami: host name, every interface address, the peer, then the request as received.
      const ll = (pod.uid.replaceAll("-", "").slice(0, 12).match(/.{4}/g) ?? []).join(":");
      const lines = [`Hostname: ${pod.spec.hostname ?? pod.name}`, "IP: 127.0.0.1", "IP: ::1", `IP: ${served.ip}`, `IP: fe80::${ll}`, `RemoteAddr: ${client}`];
      return { body: `${lines.join("\n")}\n${request}`, contentType: "text/plain; charset=utf-8" };
    }
    case "text":
      return { body: `${responder.text}\n`, contentType: "text/plain; charset=utf-8" };
    case "page":
      return responder.server === "nginx"
        ? { body: NGINX_PAGE, contentType: "text/html", server: "nginx/1.27.3" }
        : { body: "<html><body><h1>It works!</h1></body></html>\n", contentType: "text/html", server: "Apache/2.4.62 (Unix)" };
    case "not-http":
      return undefined;
    case "echo":
      return {
        body: [`Hostname: ${pod.spec.hostname ?? pod.name}`, `Container: ${served.container}`, `IP: ${served.ip}`, `RemoteAddr: ${client}`, `GET ${path} HTTP/1.1`, `Host: ${hostHeader}`, `User-Agent: curl/${CURL_VERSION}`, `Accept: */*`, ""].join("\n"),
        contentType: "text/plain; charset=utf-8",
      };
  }
}

function nslookup(sim: Simulation, pod: PodState, args: string[], random: ExecRandom): Result {
  const name = args.find((a) => !a.startsWith("-"));
  if (!name) return { exitCode: 1, stdout: "", stderr: "Usage: nslookup [-option] [name | -] [server]\n", outcome: "error", hops: [] };
  const resolution = resolveHost(sim, pod, name);
  const hops = dnsHops(sim, pod, resolution, random);
  const server = resolution.nameserver;
  let stdout = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  if (resolution.addresses.length === 0) {
    stdout += `** server can't find ${name}: NXDOMAIN\n\n`;
    return { exitCode: 1, stdout, stderr: "", outcome: "nxdomain", hops };
  }
  const answered = resolution.answeredName!.replace(/\.$/, "");
  for (const a of resolution.addresses) stdout += `Name:\t${answered}\nAddress: ${intToIp(a)}\n`;
  stdout += "\n";
  return { exitCode: 0, stdout, stderr: "", outcome: "ok", hops };
}
