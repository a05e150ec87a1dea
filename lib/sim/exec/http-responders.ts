/**
 * What the serving process answers to an HTTP GET: the real responses of the images tutorials use
 * (traefik/whoami, hashicorp/http-echo, nginx, httpd), podtalk's echo for other images, nothing for
 * processes that do not speak HTTP.
 */
import { intToIp } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import type { HealthCheckAnswer } from "../datapath/flow.js";
import type { ServedBy } from "../datapath/hops.js";
import { containerHostname } from "./env.js";
import { podHostname } from "./files.js";
import { linkLocal, macAddress } from "./interfaces.js";
import { containerIndexOf } from "../pod-containers.js";

/** An HTTP response: its body and the headers that vary by server. */
export interface HttpReply {
  /** The status line after the protocol, e.g. `200 OK`. @default "200 OK" */
  readonly status?: string;
  readonly body: string;
  readonly contentType: string;
  /** The `Server:` header, for servers that send one. */
  readonly server?: string;
  /** Further headers the handler set, after Content-Type (Go's net/http writes a handler's own headers sorted, then Date and Content-Length). */
  readonly headers?: readonly string[];
}

/** The request as the server receives it. */
export interface HttpRequest {
  /** The Pod and container serving the connection; undefined when no Pod served it. */
  readonly servedBy: ServedBy | undefined;
  /** The client's `ip:port` as the server sees it. */
  readonly client: string;
  /** The path with its query string. */
  readonly path: string;
  /** The `Host:` header: the host as typed, with `:port` unless the port is 80. */
  readonly hostHeader: string;
  /** `curl/8.5.0`, or `Wget` for BusyBox wget. */
  readonly userAgent: string;
  /** @default "GET" */
  readonly method?: string;
  /** Further request headers (`-H`, `-u`, `-d`), as `Name: value`. */
  readonly headers?: readonly string[];
  /** kube-proxy's health-check server answered, not a Pod. */
  readonly healthCheck?: HealthCheckAnswer;
}

/**
 * kube-proxy's health-check answer: JSON with the Service and its local endpoints, 200 with
 * some and 503 without (kube-proxy itself is healthy here).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/healthcheck/service_health.go (hcHandler.ServeHTTP)
 */
function healthCheckReply(hc: HealthCheckAnswer): HttpReply {
  const body = `{\n\t"service": {\n\t\t"namespace": ${JSON.stringify(hc.namespace)},\n\t\t"name": ${JSON.stringify(hc.name)}\n\t},\n\t"localEndpoints": ${hc.localEndpoints},\n\t"serviceProxyHealthy": true\n}`;
  return {
    status: hc.localEndpoints > 0 ? "200 OK" : "503 Service Unavailable",
    body,
    contentType: "application/json",
    headers: ["X-Content-Type-Options: nosniff", `X-Load-Balancing-Endpoint-Weight: ${hc.localEndpoints}`],
  };
}

/** Go's canonical form of a header name (`x-request-id` → `X-Request-Id`), as net/http stores it. */
function canonical(header: string): string {
  const colon = header.indexOf(":");
  const name = header.slice(0, colon).trim();
  return `${name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())}: ${header.slice(colon + 1).trim()}`;
}

/** nginx's page for a method a static file does not allow. */
const NGINX_405 =
  "<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n<center><h1>405 Not Allowed</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n";

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

/** httpd's default page (the `httpd` image's htdocs/index.html). */
const HTTPD_PAGE = "<html><body><h1>It works!</h1></body></html>\n";

/**
 * What the process behind `request.servedBy` answers to `GET request.path`, or
 * `undefined` when it does not speak HTTP (Redis, PostgreSQL: the client sees an empty reply).
 * When no Pod served the connection, the reply is a plain `ok`.
 */
export function httpReply(cluster: ClusterView, request: HttpRequest): HttpReply | undefined {
  const { servedBy: served, client, path, hostHeader, userAgent } = request;
  const method = request.method ?? "GET";
  if (request.healthCheck) return healthCheckReply(request.healthCheck);
  if (!served) return { body: "ok\n", contentType: "text/plain; charset=utf-8" };
  const pod = cluster.pod(served.namespace, served.pod)!;
  const index = containerIndexOf(pod, served.container);
  const responder = cluster.app(pod, index).responder;
  // busybox wget sends no Accept header; curl sends `Accept: */*`.
  const accept = userAgent.startsWith("curl/") ? "Accept: */*\r\n" : "";
  // Go's Request.Write: Host and User-Agent first, then the other headers sorted by name.
  const others = [...(accept ? ["Accept: */*"] : []), ...(request.headers ?? []).map(canonical)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const requestText = `${method} ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: ${userAgent}\r\n${others.map((h) => `${h}\r\n`).join("")}\r\n`;
  switch (responder.kind) {
    case "whoami": {
      // traefik/whoami: host name, every interface address, the peer, then the request as received.
      // The link-local address is the EUI-64 of eth0's MAC, as `ip addr` in the same Pod shows it.
      const lines = [
        `Hostname: ${containerHostname(pod)}`,
        "IP: 127.0.0.1",
        "IP: ::1",
        `IP: ${intToIp(pod.podIP!)}`,
        `IP: ${linkLocal(macAddress(pod))}`,
        `RemoteAddr: ${client}`,
      ];
      return { body: `${lines.join("\n")}\n${requestText}`, contentType: "text/plain; charset=utf-8" };
    }
    case "text":
      return { body: `${responder.text}\n`, contentType: "text/plain; charset=utf-8" };
    case "page":
      if (responder.server === "nginx" && method !== "GET" && method !== "HEAD") {
        return { status: "405 Not Allowed", body: NGINX_405, contentType: "text/html", server: "nginx/1.27.3" };
      }
      return responder.server === "nginx"
        ? { body: NGINX_PAGE, contentType: "text/html", server: "nginx/1.27.3" }
        : { body: HTTPD_PAGE, contentType: "text/html", server: "Apache/2.4.62 (Unix)" };
    case "not-http":
      return undefined;
    case "echo":
      return {
        body: [
          `Hostname: ${podHostname(pod)}`,
          `Container: ${served.container}`,
          `IP: ${intToIp(pod.podIP!)}`,
          `RemoteAddr: ${client}`,
          `${method} ${path} HTTP/1.1`,
          `Host: ${hostHeader}`,
          `User-Agent: ${userAgent}`,
          ...others,
          "",
        ].join("\n"),
        contentType: "text/plain; charset=utf-8",
      };
  }
}
