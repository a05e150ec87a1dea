/**
 * `kubectl exec`: runs a command line inside a container of a simulated Pod and returns a
 * TraceRecord with the tool's real output and exit code and, for network tools, every hop.
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { lookup, resolveHost, resolvConf, renderResolvConf, usesClusterDNS, type RecordType, type Resolution } from "./dns.js";
import { buildServiceRules, pickEndpoint } from "./kube-proxy/index.js";
import { intToIp, ipToInt, isIPv4 } from "./ip.js";
import type { ClusterView } from "./cluster-view.js";
import type { PodState } from "./state.js";
import { nodeRoutes } from "./datapath/node-routes.js";
import { EPOCH_MS } from "./clock.js";
import { connect, type Connection, type TrafficRandom } from "./datapath/connect.js";
import type { Hop, Outcome, ServedBy, TraceRecord } from "./datapath/hops.js";

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
export function execIn(sim: ClusterView, pod: PodState, command: string, options: ExecOptions, random: ExecRandom): TraceRecord {
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

function run(sim: ClusterView, pod: PodState, argv: string[], random: ExecRandom): Result {
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
    case "wget":
      return wget(sim, pod, args, random);
    case "dig":
      return dig(sim, pod, args, random);
    case "host":
      return hostCmd(sim, pod, args, random);
    case "ping":
      return ping(sim, pod, args, random);
    case "nc":
      return nc(sim, pod, args, random);
    case "ip":
      return ipCmd(sim, pod, args);
    case "sh":
      if (args[0] === "-c" && args[1] !== undefined) return run(sim, pod, splitWords(args[1]), random);
      return { exitCode: 2, stdout: "", stderr: "sh: podtalk runs one command: use sh -c 'command'\n", outcome: "error", hops: [] };
    default:
      return { exitCode: 127, stdout: "", stderr: `sh: ${cmd}: not found\n`, outcome: "error", hops: [] };
  }
}

function cat(sim: ClusterView, pod: PodState, args: string[]): Result {
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
function hostsEntry(sim: ClusterView, pod: PodState): string {
  const ip = pod.podIP === undefined ? "" : intToIp(pod.podIP);
  const hostname = pod.spec.hostname ?? pod.name;
  if (pod.spec.subdomain) return `${ip}\t${hostname}.${pod.spec.subdomain}.${pod.namespace}.svc.${sim.options.clusterDomain}\t${hostname}`;
  return `${ip}\t${hostname}`;
}

/** The kubelet-managed /etc/hosts of a Pod. */
export function etcHosts(sim: ClusterView, pod: PodState): string {
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
function lookupHost(sim: ClusterView, pod: PodState, host: string, random: ExecRandom): { addresses: number[]; hops: Hop[]; resolution?: Resolution } {
  if (isIPv4(host)) return { addresses: [ipToInt(host)], hops: [] };
  if (host === "localhost") return { addresses: [ipToInt("127.0.0.1")], hops: [] };
  if (host === pod.name || host === pod.spec.hostname) return { addresses: [pod.podIP!], hops: [] };
  const resolution = resolveHost(sim, pod, host);
  return { addresses: [...resolution.addresses], hops: dnsHops(sim, pod, resolution, random, host), resolution };
}

function dnsHops(sim: ClusterView, pod: PodState, resolution: Resolution, random: ExecRandom, asked?: string): Hop[] {
  const dnsService = sim.serviceByClusterIP(sim.options.dnsServiceIP);
  const viaCluster = resolution.nameserver === intToIp(sim.options.dnsServiceIP);
  return resolution.queries.map((q, i): Hop => {
    let answeredBy = "the node's upstream resolver";
    let rule: string | undefined;
    if (viaCluster && dnsService && dnsService.clusterIP !== undefined) {
      const rules = buildServiceRules(sim, dnsService, 0);
      const chosen = pickEndpoint(rules, random.dns);
      answeredBy = chosen ? `CoreDNS Pod ${chosen.endpoint.pod?.name ?? intToIp(chosen.endpoint.ip)} (${intToIp(chosen.endpoint.ip)})` : "no CoreDNS Pod";
      if (chosen && q.answeredBy === "upstream") answeredBy += `, which forwards names outside ${sim.options.clusterDomain} to the node's resolver (the simulated cluster has no internet)`;
      rule = chosen ? [rules.serviceRule, chosen.jumpRule, ...chosen.sepRules].map((r) => r.text).join("\n") : rules.rejectRule?.text;
    }
    const answer = q.rcode === "NOERROR" ? (q.answers.length ? q.answers.map((a) => `${a.type} ${a.data} (TTL ${a.ttl})`).join(", ") : "no records of that type (NODATA)") : q.rcode;
    const last = i === resolution.queries.length - 1;
    const failed = last && resolution.addresses.length === 0 && resolution.answeredName === undefined;
    return {
      kind: "dns-query",
      node: pod.nodeName,
      device: pod.veth ?? "eth0",
      point: "from-endpoint",
      src: `${intToIp(pod.podIP!)}`,
      dst: `${resolution.nameserver}:53`,
      summary: `DNS query ${q.type} ${q.name} to ${resolution.nameserver}:53/UDP, answered by ${answeredBy}: ${answer}`,
      change: undefined,
      rule,
      verdict: q.rcode === "NOERROR" ? "answered" : "not-found",
      ...(failed ? { reason: `no DNS record for any of ${resolution.queries.map((x) => x.name).join(", ")}`, fix: dnsFix(sim, pod, asked ?? resolution.queries[0]?.name ?? "", viaCluster) } : {}),
    };
  });
}

/** What to try when a name did not resolve: the namespace it lives in, or the policy that hid it. */
function dnsFix(sim: ClusterView, pod: PodState, asked: string, viaCluster: boolean): string {
  if (!viaCluster) {
    return `This Pod does not use the cluster DNS (dnsPolicy ${pod.spec.dnsPolicy}${pod.spec.hostNetwork ? ", hostNetwork" : ""}); use dnsPolicy ClusterFirst${pod.spec.hostNetwork ? "WithHostNet" : ""} to resolve Service names.`;
  }
  const first = asked.split(".")[0]!;
  const elsewhere = sim.services().filter((s) => s.name === first && s.namespace !== pod.namespace);
  if (elsewhere.length && !asked.includes(".")) {
    const ns = elsewhere[0]!.namespace;
    return `A short name finds Services of the Pod's own namespace (${pod.namespace}) only; Service ${first} is in namespace ${ns}: use ${first}.${ns} (or ${first}.${ns}.svc.${sim.options.clusterDomain}).`;
  }
  return `Check the Service's name and namespace (cluster.get("services", { allNamespaces: true })); a Service in another namespace needs <service>.<namespace>.`;
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
  insecure: boolean;
}

function parseCurlArgs(args: string[]): CurlArgs | string {
  const a: CurlArgs = { url: "", silent: false, showError: false, verbose: false, include: false, output: undefined, writeOut: undefined, maxTime: undefined, insecure: false };
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
      else if (arg === "--insecure") a.insecure = true;
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
          else if (f === "k") a.insecure = true;
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

function curl(sim: ClusterView, pod: PodState, args: string[], random: ExecRandom): Result {
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
    // Only the API server speaks TLS here; its certificate is signed by the cluster's own CA.
    if (!conn.apiServer) return { exitCode: 35, stdout: writeOut("000"), stderr: err(35, `OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number`), outcome: "error", hops };
    if (!parsed.insecure) {
      return {
        exitCode: 60,
        stdout: writeOut("000"),
        stderr: err(60, "SSL certificate problem: unable to get local issuer certificate") + (parsed.silent && !parsed.showError ? "" : "More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n"),
        outcome: "error",
        hops,
      };
    }
    const body = `{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"${path}\\"",\n  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}`;
    const out = parsed.output === undefined || parsed.output === "-" ? body : "";
    return { exitCode: 0, stdout: out + writeOut("403"), stderr: verbose.join(""), outcome: "ok", hops };
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
  sim: ClusterView,
  served: ServedBy | undefined,
  client: string,
  path: string,
  hostHeader: string,
  userAgent = `curl/${CURL_VERSION}`,
): { body: string; contentType: string; server?: string } | undefined {
  if (!served) return { body: "ok\n", contentType: "text/plain; charset=utf-8" };
  const pod = sim.pod(served.namespace, served.pod)!;
  const index = pod.containers.findIndex((c) => c.name === served.container);
  const responder = sim.app(pod, index).responder;
  // busybox wget sends no Accept header; curl sends `Accept: */*`.
  const accept = userAgent.startsWith("curl/") ? "Accept: */*\r\n" : "";
  const request = `GET ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: ${userAgent}\r\n${accept}\r\n`;
  switch (responder.kind) {
    case "whoami": {
      // traefik/whoami: host name, every interface address, the peer, then the request as received.
      const ll = (pod.uid.replaceAll("-", "").slice(0, 12).match(/.{4}/g) ?? []).join(":");
      const lines = [`Hostname: ${pod.spec.hostname ?? pod.name}`, "IP: 127.0.0.1", "IP: ::1", `IP: ${intToIp(pod.podIP!)}`, `IP: fe80::${ll}`, `RemoteAddr: ${client}`];
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
        body: [`Hostname: ${pod.spec.hostname ?? pod.name}`, `Container: ${served.container}`, `IP: ${intToIp(pod.podIP!)}`, `RemoteAddr: ${client}`, `GET ${path} HTTP/1.1`, `Host: ${hostHeader}`, `User-Agent: ${userAgent}`, ...(accept ? ["Accept: */*"] : []), ""].join("\n"),
        contentType: "text/plain; charset=utf-8",
      };
  }
}

function nslookup(sim: ClusterView, pod: PodState, args: string[], random: ExecRandom): Result {
  const name = args.find((a) => !a.startsWith("-"));
  if (!name) return { exitCode: 1, stdout: "", stderr: "Usage: nslookup [-option] [name | -] [server]\n", outcome: "error", hops: [] };
  const resolution = resolveHost(sim, pod, name);
  const hops = dnsHops(sim, pod, resolution, random, name);
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

function fail(stderr: string, outcome: Outcome, hops: Hop[], exitCode = 1, stdout = ""): Result {
  return { exitCode, stdout, stderr, outcome, hops };
}

/** `http://host:port/path` (scheme optional) into its parts. */
function parseURL(url: string): { scheme: string; host: string; port: number; path: string } | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^?#]*)?(\?[^#]*)?/.exec(url);
  if (!m) return undefined;
  const scheme = m[1] ?? "http";
  return { scheme, host: m[2]!, port: m[3] ? Number(m[3]) : scheme === "https" ? 443 : 80, path: (m[4] || "/") + (m[5] ?? "") };
}

/** busybox `wget -qO- URL` (and `-O file`, `-T seconds`). */
function wget(sim: ClusterView, pod: PodState, args: string[], random: ExecRandom): Result {
  let quiet = false;
  let toStdout = false;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-q") quiet = true;
    else if (a === "-qO-" || a === "-O-") (toStdout = true), (quiet = quiet || a === "-qO-");
    else if (a === "-O") toStdout = args[++i] === "-";
    else if (a === "-T") i++;
    else if (!a.startsWith("-")) url = a;
  }
  const u = url ? parseURL(url) : undefined;
  if (!u) return fail("BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] [-T SEC] URL...\n", "error", [], 1);
  const lookup = lookupHost(sim, pod, u.host, random);
  const hops = [...lookup.hops];
  const progress = quiet ? "" : `Connecting to ${u.host}${u.port === 80 ? "" : `:${u.port}`}`;
  if (lookup.addresses.length === 0) return fail(`wget: bad address '${u.host}${u.port === 80 ? "" : `:${u.port}`}'\n`, "nxdomain", hops);
  const ip = lookup.addresses[0]!;
  const conn = connect(sim, pod, ip, u.port, random);
  hops.push(...conn.hops);
  const where = quiet ? "" : `${progress} (${intToIp(ip)}:${u.port})\n`;
  if (conn.outcome === "refused" || conn.outcome === "unreachable") {
    return fail(`${where}wget: can't connect to remote host (${intToIp(ip)}): ${conn.outcome === "refused" ? "Connection refused" : "No route to host"}\n`, conn.outcome, hops);
  }
  if (conn.outcome !== "ok") return fail(`${where}wget: download timed out\n`, conn.outcome, hops);
  const reply = httpReply(sim, conn.servedBy, conn.client, u.path, u.port === 80 ? u.host : `${u.host}:${u.port}`, "Wget");
  if (!reply) return fail(`${where}wget: error getting response\n`, "error", hops);
  const body = toStdout ? reply.body : "";
  const saved = toStdout ? (quiet ? "" : "writing to stdout\n") : `saving to 'index.html'\n`;
  return { exitCode: 0, stdout: body, stderr: `${where}${quiet ? "" : saved}`, outcome: "ok", ...(conn.servedBy ? { servedBy: conn.servedBy } : {}), hops };
}

/** `dig [@server] name [type] [+short] [+search]`: queries once (no search list unless +search). */
function dig(sim: ClusterView, pod: PodState, args: string[], random: ExecRandom): Result {
  const short = args.includes("+short");
  const search = args.includes("+search");
  const words = args.filter((a) => !a.startsWith("+") && !a.startsWith("@") && a !== "-x");
  const type = (args.includes("-x") ? "PTR" : (words.find((w) => ["A", "SRV", "PTR", "CNAME"].includes(w.toUpperCase()))?.toUpperCase() ?? "A")) as RecordType;
  const reverse = args.includes("-x");
  let name = words.find((w) => w !== "-x" && !["A", "SRV", "PTR", "CNAME"].includes(w.toUpperCase()));
  if (reverse && name) name = `${name.split(".").reverse().join(".")}.in-addr.arpa`;
  if (!name) return fail("dig: a name is required\n", "error", []);
  const conf = resolvConf(sim, pod);
  const fqdn = name.endsWith(".") ? name : `${name}.`;
  const resolution: Resolution = search
    ? resolveHost(sim, pod, name, type)
    : (() => {
        const r = usesClusterDNS(sim, conf) ? lookup(sim, fqdn, type) : { rcode: "NXDOMAIN" as const, answers: [], answeredBy: "upstream" as const };
        return { queries: [{ name: fqdn, type, rcode: r.rcode, answers: r.answers, answeredBy: r.answeredBy }], addresses: [], answeredName: r.answers.length ? fqdn : undefined, nameserver: conf.nameservers[0] ?? "" };
      })();
  const hops = dnsHops(sim, pod, resolution, random, name);
  const last = resolution.queries.at(-1)!;
  const q = resolution.queries.find((x) => x.answers.length > 0) ?? last;
  if (short) return { exitCode: 0, stdout: q.answers.map((a) => `${a.data}\n`).join(""), stderr: "", outcome: q.rcode === "NXDOMAIN" ? "nxdomain" : "ok", hops };
  const server = resolution.nameserver;
  const id = 1 + random.dns.int(65535);
  const out = [
    "",
    `; <<>> DiG 9.18.28 <<>> ${args.join(" ")}`,
    ";; global options: +cmd",
    ";; Got answer:",
    `;; ->>HEADER<<- opcode: QUERY, status: ${q.rcode}, id: ${id}`,
    `;; flags: qr aa rd; QUERY: 1, ANSWER: ${q.answers.length}, AUTHORITY: 0, ADDITIONAL: 1`,
    ";; WARNING: recursion requested but not available",
    "",
    ";; QUESTION SECTION:",
    `;${q.name}\t\tIN\t${q.type}`,
    "",
    ...(q.answers.length ? [";; ANSWER SECTION:", ...q.answers.map((a) => `${a.name}\t${a.ttl}\tIN\t${a.type}\t${a.data}`), ""] : []),
    ";; Query time: 0 msec",
    `;; SERVER: ${server}#53(${server}) (UDP)`,
    `;; WHEN: ${digDate(sim.now)}`,
    "",
  ];
  return { exitCode: 0, stdout: out.join("\n") + "\n", stderr: "", outcome: q.rcode === "NXDOMAIN" ? "nxdomain" : "ok", hops };
}

/** `host name`: through the search list, as libc resolves. */
function hostCmd(sim: ClusterView, pod: PodState, args: string[], random: ExecRandom): Result {
  const name = args.find((a) => !a.startsWith("-"));
  if (!name) return fail("Usage: host [-t type] hostname [server]\n", "error", []);
  if (isIPv4(name)) {
    const r = lookup(sim, `${name.split(".").reverse().join(".")}.in-addr.arpa.`, "PTR");
    const arpa = `${name.split(".").reverse().join(".")}.in-addr.arpa`;
    return r.answers.length
      ? { exitCode: 0, stdout: `${arpa} domain name pointer ${r.answers[0]!.data}\n`, stderr: "", outcome: "ok", hops: [] }
      : fail(`Host ${arpa} not found: 3(NXDOMAIN)\n`, "nxdomain", [], 1);
  }
  const resolution = resolveHost(sim, pod, name);
  const hops = dnsHops(sim, pod, resolution, random, name);
  if (resolution.addresses.length === 0) return { exitCode: 1, stdout: `Host ${name} not found: 3(NXDOMAIN)\n`, stderr: "", outcome: "nxdomain", hops };
  const answered = resolution.answeredName!.replace(/\.$/, "");
  const cname = resolution.queries.flatMap((q) => q.answers).filter((a) => a.type === "CNAME");
  const lines = [...cname.map((c) => `${c.name.replace(/\.$/, "")} is an alias for ${c.data.replace(/\.$/, "")}.`), ...resolution.addresses.map((a) => `${answered} has address ${intToIp(a)}`)];
  return { exitCode: 0, stdout: lines.join("\n") + "\n", stderr: "", outcome: "ok", hops };
}

/**
 * busybox `ping -c N host`. ICMP is not a Service port: iptables mode has nothing that answers a
 * ClusterIP, while IPVS mode binds ClusterIPs to kube-ipvs0 on every node, so the node answers.
 */
function ping(sim: ClusterView, pod: PodState, args: string[], random: ExecRandom): Result {
  let count = 4;
  let host: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-c") count = Number(args[++i]);
    else if (args[i]!.startsWith("-c")) count = Number(args[i]!.slice(2));
    else if (!args[i]!.startsWith("-")) host = args[i];
  }
  if (!host || !(count > 0)) return fail("BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n", "error", []);
  const lookup = lookupHost(sim, pod, host, random);
  const hops = [...lookup.hops];
  if (lookup.addresses.length === 0) return fail(`ping: bad address '${host}'\n`, "nxdomain", hops);
  const ip = lookup.addresses[0]!;
  const head = `PING ${host} (${intToIp(ip)}): 56 data bytes\n`;
  const stats = (received: number) => `\n--- ${host} ping statistics ---\n${count} packets transmitted, ${received} packets received, ${Math.round((100 * (count - received)) / count)}% packet loss\n`;
  let ttl = 64;
  let answers = false;
  const srcNode = sim.node(pod.nodeName!)!;
  if (ip >>> 24 === 127 || ip === pod.podIP) answers = true;
  else if (sim.isServiceNetwork(ip)) {
    const svc = sim.serviceByClusterIP(ip);
    answers = sim.options.proxyMode === "ipvs" && svc !== undefined;
    hops.push({
      kind: "kube-proxy",
      node: srcNode.name,
      device: answers ? "kube-ipvs0" : undefined,
      point: "to-stack",
      src: intToIp(pod.podIP!),
      dst: intToIp(ip),
      summary: answers
        ? `IPVS binds every ClusterIP to kube-ipvs0 on each node, so ${srcNode.name} itself answers the echo request`
        : `A ClusterIP is virtual: kube-proxy's iptables rules match TCP/UDP ports of a Service, not ICMP, and no interface owns ${intToIp(ip)}, so nothing answers`,
      change: undefined,
      rule: undefined,
      verdict: answers ? "delivered" : "dropped",
      ...(answers
        ? {}
        : {
            reason: `${intToIp(ip)} is a Service's virtual IP: it does not answer ping`,
            fix: `Test a Service with a request to one of its ports (curl http://${host}:<port>/ or nc -zv ${host} <port>), not with ping.`,
          }),
    });
    ttl = 64;
  } else if (sim.isPodNetwork(ip)) {
    const target = sim.podByIP(ip);
    answers = target !== undefined && target.deletion === undefined && target.phase === "Running";
    ttl = target && target.nodeName === pod.nodeName ? 64 : 62;
    hops.push({
      kind: "deliver",
      node: target?.nodeName ?? srcNode.name,
      device: "eth0",
      point: "to-endpoint",
      src: intToIp(pod.podIP!),
      dst: intToIp(ip),
      summary: answers ? `Pod ${target!.name} answers the echo request (Pod-to-Pod traffic needs no NAT)` : `No Pod has ${intToIp(ip)}`,
      change: undefined,
      rule: undefined,
      verdict: answers ? "delivered" : "dropped",
      ...(answers ? {} : { reason: `no Pod has IP ${intToIp(ip)}`, fix: "Pod IPs change when Pods are replaced; use a Service name." }),
    });
  } else if (sim.nodeByIP(ip)) {
    answers = true;
    ttl = 64;
  }
  if (!answers) return { exitCode: 1, stdout: head + stats(0), stderr: "", outcome: "timeout", hops };
  const times = Array.from({ length: count }, (_, i) => 0.05 + ((sim.now * 7 + i * 13) % 40) / 100);
  const lines = times.map((t, i) => `64 bytes from ${intToIp(ip)}: seq=${i} ttl=${ttl} time=${t.toFixed(3)} ms\n`).join("");
  const min = Math.min(...times);
  const max = Math.max(...times);
  const avg = times.reduce((a, b) => a + b, 0) / times.length;
  return { exitCode: 0, stdout: `${head}${lines}${stats(count)}round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms\n`, stderr: "", outcome: "ok", hops };
}

/** busybox `nc -zv host port`: does a TCP connection open? */
function nc(sim: ClusterView, pod: PodState, args: string[], random: ExecRandom): Result {
  const words = args.filter((a) => !a.startsWith("-"));
  const [host, portText] = words;
  const port = Number(portText);
  if (!host || !Number.isInteger(port)) return fail("BusyBox v1.36.1 multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n", "error", []);
  const lookup = lookupHost(sim, pod, host, random);
  const hops = [...lookup.hops];
  if (lookup.addresses.length === 0) return fail(`nc: bad address '${host}'\n`, "nxdomain", hops);
  const ip = lookup.addresses[0]!;
  const conn = connect(sim, pod, ip, port, random);
  hops.push(...conn.hops);
  const label = `${host} (${intToIp(ip)}:${port})`;
  if (conn.outcome === "ok") return { exitCode: 0, stdout: "", stderr: `${label} open\n`, outcome: "ok", ...(conn.servedBy ? { servedBy: conn.servedBy } : {}), hops };
  const why = conn.outcome === "refused" ? "Connection refused" : conn.outcome === "unreachable" ? "No route to host" : "Connection timed out";
  return fail(`nc: ${label}: ${why}\n`, conn.outcome, hops);
}

/** `ip addr` and `ip route` inside a Pod (flannel's bridge CNI; hostNetwork Pods see the node's). */
function ipCmd(sim: ClusterView, pod: PodState, args: string[]): Result {
  const [object] = args;
  const node = sim.node(pod.nodeName!)!;
  const mtu = sim.options.network === "flannel-vxlan" ? 1450 : 1500;
  const mac = (seed: string) => {
    let h = 0;
    for (const ch of seed) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
    const b = [0x0a | ((h >>> 24) & 0xf0), (h >>> 16) & 255, (h >>> 8) & 255, h & 255, (h >>> 4) & 255, (h >>> 12) & 255];
    return b.map((x) => (x & 255).toString(16).padStart(2, "0")).join(":");
  };
  const cidr = pod.spec.hostNetwork ? sim.options.nodeNetwork : node.podCIDR;
  const ip = intToIp(pod.podIP!);
  const bcast = intToIp(cidr.base + cidr.size - 1);
  if (object === "addr" || object === "a" || object === "address") {
    const lines = [
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000",
      "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
      "    inet 127.0.0.1/8 scope host lo",
      "       valid_lft forever preferred_lft forever",
      pod.spec.hostNetwork ? `2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP qlen 1000` : `2: eth0@if${5 + (pod.podIP! & 255)}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu ${mtu} qdisc noqueue state UP`,
      `    link/ether ${mac(pod.uid)} brd ff:ff:ff:ff:ff:ff`,
      `    inet ${ip}/${cidr.prefix} brd ${bcast} scope global eth0`,
      "       valid_lft forever preferred_lft forever",
    ];
    return { exitCode: 0, stdout: lines.join("\n") + "\n", stderr: "", outcome: "ok", hops: [] };
  }
  if (object === "route" || object === "r") {
    const lines = pod.spec.hostNetwork
      ? nodeRoutes(sim, node).map((r) => r.text)
      : [
          `default via ${intToIp(sim.gatewayOf(node))} dev eth0`,
          `${intToIp(sim.options.clusterCIDR.base)}/${sim.options.clusterCIDR.prefix} via ${intToIp(sim.gatewayOf(node))} dev eth0`,
          `${intToIp(node.podCIDR.base)}/${node.podCIDR.prefix} dev eth0 proto kernel scope link src ${ip}`,
        ];
    return { exitCode: 0, stdout: lines.join("\n") + "\n", stderr: "", outcome: "ok", hops: [] };
  }
  return fail(`Object "${object ?? ""}" is unknown, try "ip help".\n`, "error", [], 255);
}

/** dig's WHEN line: `Mon Jan 06 09:10:00 UTC 2025`. */
function digDate(seconds: number): string {
  const d = new Date(EPOCH_MS + seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()]!;
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()]!;
  return `${day} ${month} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
