/**
 * The error and fix texts `exec` prints, in one place. Tool messages copy the real tools' wording
 * byte for byte (curl 8.5, BusyBox 1.36, dig 9.18, iproute2), because readers compare them with
 * what they see on a real cluster; `reason` and `fix` texts are podtalk's own explanations.
 */
import type { Outcome } from "../datapath/hops.js";

/** `kubectl exec`'s own errors, before any command runs. */
export const EXEC = {
  notRunning: (container: string, why: string) =>
    `error: unable to upgrade connection: container not found ("${container}"): ${why}; exec needs a running container`,
  podPending: "the Pod is Pending: no node has room for it",
  containerState: (container: string, state: string, reason: string | undefined) => `container ${container} is ${state}${reason ? ` (${reason})` : ""}`,
  noSuchContainer: (wanted: string, pod: string, names: readonly string[]) =>
    `error: container ${wanted} not found in pod ${pod}; choose one of: ${names.join(", ")}`,
} as const;

/** The shell's errors. */
export const SHELL = {
  unterminatedQuote: (line: string) => `sh: syntax error: unterminated quoted string in: ${line}`,
  /** BusyBox ash's wording; podtalk adds the line. */
  syntaxError: (what: string, line: string) => `sh: syntax error: unexpected ${what} in: ${line}`,
  /** The one message for shell features podtalk does not run. */
  notSimulated: (what: string) => `podtalk does not simulate ${what}`,
  interactive: "podtalk does not simulate an interactive shell: run a script with sh -c 'command'",
  /** BusyBox ash prints `sh: curl: not found`; dash (Debian's /bin/sh) adds the line number. */
  notFound: (command: string, dash: boolean) => (dash ? `sh: 1: ${command}: not found\n` : `sh: ${command}: not found\n`),
  /** runc's error when `kubectl exec` names a program the image does not have; kubectl exits 126. */
  execNotFound: (command: string) =>
    `OCI runtime exec failed: exec failed: unable to start container process: exec: "${command}": executable file not found in $PATH: unknown\n`,
  /** A file the shell cannot create (a directory, or a kubelet-managed read-only path). */
  cannotCreate: (path: string, dash: boolean) =>
    dash ? `sh: 1: cannot create ${path}: Directory nonexistent\n` : `sh: can't create ${path}: nonexistent directory\n`,
  badFd: (fd: string) => `sh: ${fd}: bad file descriptor\n`,
  illegalExit: (n: string, dash: boolean) => (dash ? `sh: 1: exit: Illegal number: ${n}\n` : `sh: exit: Illegal number: ${n}\n`),
} as const;

/** BusyBox's usage texts, printed when an applet's arguments do not parse. */
export const BUSYBOX_USAGE = {
  wget: "BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] [-T SEC] URL...\n",
  ping: "BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n",
  nc: "BusyBox v1.36.1 multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n",
  nslookup: "Usage: nslookup [-option] [name | -] [server]\n",
} as const;

/** `cat`'s error for a file the simulated container does not have. */
export const CAT = {
  noSuchFile: (file: string) => `cat: can't open '${file}': No such file or directory\n`,
} as const;

const CURL_TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** curl's messages: usage problems (exit 2), then `curl: (code) message` errors. */
export const CURL = {
  requiresParameter: (option: string) => `curl: option ${option}: requires parameter\n${CURL_TRY_HELP}`,
  unknownOption: (option: string) => `curl: option ${option}: is unknown\n${CURL_TRY_HELP}`,
  badSeconds: (option: string) => `curl: option ${option}: expected a proper numerical parameter\n${CURL_TRY_HELP}`,
  noURL: `curl: no URL specified\n${CURL_TRY_HELP}`,
  /** Printed even with `-s`: curl rejects the URL before it starts. */
  urlRejected: (why: string) => `curl: (3) URL rejected: ${why}\n`,
  /** lib/url.c findprotocol(); curl 8 dropped "or disabled in libcurl". */
  unsupportedProtocol: (scheme: string, version: string) => `Protocol "${scheme}" not supported${version.startsWith("7.") ? " or disabled in libcurl" : ""}`,
  /** curl ≥ 7.66 refuses a reply that does not start with a status line (CURLOPT_HTTP09_ALLOWED). */
  http09: "Received HTTP/0.9 when not allowed",
  connectTimeout: (host: string, port: number, ms: number) => `Failed to connect to ${host} port ${port} after ${ms} ms: Timeout was reached`,
  httpError: (code: number) => `The requested URL returned error: ${code}`,
  error: (code: number, message: string) => `curl: (${code}) ${message}\n`,
  couldNotResolve: (host: string) => `Could not resolve host: ${host}`,
  /** lib/asyn-thread.c: the name lookup outlived -m / --connect-timeout. */
  resolvingTimedOut: (ms: number) => `Resolving timed out after ${ms} milliseconds`,
  timedOut: (ms: number) => `Connection timed out after ${ms} milliseconds`,
  failedToConnect: (host: string, port: number, ms: number) => `Failed to connect to ${host} port ${port} after ${ms} ms: Couldn't connect to server`,
  wrongTLSVersion: "OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number",
  unknownIssuer: "SSL certificate problem: unable to get local issuer certificate",
  unknownIssuerDetails:
    "More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n",
  emptyReply: "Empty reply from server",
} as const;

/** BusyBox wget's errors. */
export const WGET = {
  badAddress: (hostPort: string) => `wget: bad address '${hostPort}'\n`,
  cannotConnect: (ip: string, why: string) => `wget: can't connect to remote host (${ip}): ${why}\n`,
  timedOut: "wget: download timed out\n",
  /** BusyBox's xatou16 on a port that does not fit (libbb/xatonum.c via parse_url). */
  badPort: (port: string) => `wget: bad port spec '${port}'\n`,
  noResponse: "wget: error getting response\n",
  /** A status other than 2xx ends BusyBox wget with its status line (networking/wget.c). */
  serverError: (statusLine: string) => `wget: server returned error: ${statusLine}\n`,
} as const;

/** The libc error strings BusyBox tools print for a failed connection. */
export const ERRNO = {
  refused: "Connection refused",
  unreachable: "No route to host",
  timeout: "Connection timed out",
} as const;

/** The libc error for a connection that did not open: refused, no route, else timed out. */
export function connectErrno(outcome: Outcome): string {
  return outcome === "refused" ? ERRNO.refused : outcome === "unreachable" ? ERRNO.unreachable : ERRNO.timeout;
}

/** nslookup, dig and host: what they print when a name is missing or does not resolve. */
export const DNS_TOOLS = {
  nslookupNXDOMAIN: (name: string) => `** server can't find ${name}: NXDOMAIN\n\n`,
  nslookupNoAnswer: (name: string) => `*** Can't find ${name}: No answer\n\n`,
  /** BusyBox 1.29+ (networking/nslookup.c). */
  busyboxNslookupUsage: "BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n",
  busyboxInvalidType: (type: string) => `nslookup: invalid query type "${type}"\n`,
  /** BusyBox 1.28 and earlier: getaddrinfo failed (bb_error_msg). */
  busyboxCannotResolve: (name: string) => `nslookup: can't resolve '${name}'\n`,
  /** BusyBox 1.29+ nslookup when no reply came before its timeout (networking/nslookup.c). */
  busyboxTimedOut: ";; connection timed out; no servers could be reached\n\n",
  /** BIND 9.18+ nslookup: one line per try (three by default), then the verdict. */
  bindTimedOut: (server: string) => `${`;; communications error to ${server}#53: timed out\n`.repeat(3)};; no servers could be reached\n\n`,
  /** BIND nslookup on a -type it does not know. */
  bindUnknownType: (type: string) => `unknown query type: ${type}\n`,
  digNeedsName: "dig: a name is required\n",
  hostUsage: "Usage: host [-t type] hostname [server]\n",
  hostNXDOMAIN: (name: string) => `Host ${name} not found: 3(NXDOMAIN)\n`,
  hostNoRecord: (name: string, type: string) => `${name} has no ${type} record\n`,
} as const;

/** ping's errors and the explanations of why a ClusterIP or Pod IP does (not) answer. */
export const PING = {
  badAddress: (host: string) => `ping: bad address '${host}'\n`,
  /** iputils on a name musl's resolver cannot find (gai_strerror(EAI_NONAME)). */
  iputilsUnknownHost: (host: string) => `ping: ${host}: Name does not resolve\n`,
  /** iputils' parse_long() on a count that is not a whole number. */
  iputilsInvalidArgument: (value: string) => `ping: invalid argument: '${value}'\n`,
  /** iputils' parse_long() on a count below 1. */
  iputilsOutOfRange: (value: string) => `ping: invalid argument: '${value}': out of range: 1 <= value <= 9223372036854775807\n`,
  iputilsUsage: "ping: usage error: Destination address required\n",
  /** BusyBox's xatou() on a count that is not a whole number (libbb/xatonum_template.c). */
  invalidNumber: (value: string) => `ping: invalid number '${value}'\n`,
  /** BusyBox's xatou() on a count above its unsigned range. */
  numberOutOfRange: (value: string) => `ping: number ${value} is not in 0..4294967295 range\n`,
  /** podtalk's own limit: every reply is a line of output. */
  tooManyPackets: (count: number, max: number) => `ping: -c ${count}: podtalk prints at most ${max} replies; use a smaller count such as -c 4\n`,
  clusterIPFiltered: (device: string, node: string) =>
    `IPVS binds every ClusterIP to ${device}, but ${node}'s KUBE-IPVS-FILTER rejects an echo request (no virtual server takes ICMP) with ICMP port unreachable: no echo reply comes back`,
  clusterIPSilent: (ip: string) =>
    `A ClusterIP is virtual: kube-proxy's iptables rules match TCP/UDP ports of a Service, not ICMP, and no interface owns ${ip}, so nothing answers`,
  clusterIPSilentReason: (ip: string) => `${ip} is a Service's virtual IP: it does not answer ping`,
  clusterIPSilentFix: (host: string) =>
    `Test a Service with a request to one of its ports (curl http://${host}:<port>/ or nc -zv ${host} <port>), not with ping.`,
  podAnswers: (pod: string) => `Pod ${pod} answers the echo request (Pod-to-Pod traffic needs no NAT)`,
  noPod: (ip: string) => `No Pod has ${ip}`,
  noPodReason: (ip: string) => `no Pod has IP ${ip}`,
  noPodFix: "Pod IPs change when Pods are replaced; use a Service name.",
} as const;

/** BusyBox nc's errors. */
export const NC = {
  badAddress: (host: string) => `nc: bad address '${host}'\n`,
  failed: (label: string, why: string) => `nc: ${label}: ${why}\n`,
} as const;

/** iproute2's error for an object it does not know. */
export const IP = {
  unknownObject: (object: string) => `Object "${object}" is unknown, try "ip help".\n`,
} as const;

/** The DNS hops' explanations: who answered, why a name did not resolve, and what to try. */
export const DNS_HOPS = {
  upstream: "the node's upstream resolver",
  coreDNSPod: (pod: string, ip: string) => `CoreDNS Pod ${pod} (${ip})`,
  noCoreDNSPod: "no CoreDNS Pod",
  forwardsUpstream: (domain: string) => `, which forwards names outside ${domain} to the node's resolver (the simulated cluster has no internet)`,
  nodata: "no records of that type (NODATA)",
  summary: (type: string, name: string, nameserver: string, answeredBy: string, answer: string) =>
    `DNS query ${type} ${name} to ${nameserver}:53/UDP, answered by ${answeredBy}: ${answer}`,
  noRecordReason: (names: readonly string[]) => `no DNS record for any of ${names.join(", ")}`,
  notClusterDNSFix: (dnsPolicy: string, hostNetwork: boolean) =>
    `This Pod does not use the cluster DNS (dnsPolicy ${dnsPolicy}${hostNetwork ? ", hostNetwork" : ""}); use dnsPolicy ClusterFirst${hostNetwork ? "WithHostNet" : ""} to resolve Service names.`,
  busyboxDottedFix: (name: string, domain: string) =>
    `BusyBox's nslookup (1.29 and later) sends a name with a dot as it is, without the search list; ask for ${name}.svc.${domain}, or use nslookup from an image with BIND's (netshoot, dnsutils).`,
  otherNamespaceFix: (service: string, podNamespace: string, namespace: string, domain: string) =>
    `A short name finds Services of the Pod's own namespace (${podNamespace}) only; Service ${service} is in namespace ${namespace}: use ${service}.${namespace} (or ${service}.${namespace}.svc.${domain}).`,
  checkNameFix: `Check the Service's name and namespace: kubectl get services --all-namespaces lists them; a Service in another namespace needs <service>.<namespace>.`,
} as const;

/** nftables' `nft` (v1.0.9, Debian bookworm's and Alpine's): its errors print the command with carets under the failing word. */
export const NFT = {
  /** Without CAP_NET_ADMIN in the network namespace nft cannot read the ruleset at all. */
  notPermitted: "netlink: Error: cache initialization failed: Operation not permitted\n",
  /** A table that does not exist: `Error: No such file or directory`, the command, carets under the name. */
  noSuchTable: (command: string, at: number, name: string) => `Error: No such file or directory\n${command}\n${" ".repeat(at)}${"^".repeat(name.length)}\n`,
};

/** ipvsadm (ipvsadm.c): the kernel has no IPVS (the ip_vs module is not loaded). */
export const IPVSADM = {
  noIpvs: "Can't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?\n",
} as const;
