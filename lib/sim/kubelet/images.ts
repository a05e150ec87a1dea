/**
 * What runs inside a container: which ports the process listens on, on which address, how it
 * answers HTTP, and whether it exits. A container's declared `ports` are informational in
 * Kubernetes; what matters is the process. podtalk knows the images tutorials use and follows
 * their real defaults and flags; for any other image it assumes the app listens on the declared
 * TCP containerPorts on all addresses.
 */
import type { ContainerN } from "../../model/objects.js";
import type { LogProfile } from "./container-logs.js";

/** One socket a process listens on. */
export interface Listener {
  readonly port: number;
  /** `0.0.0.0` (every address of the Pod) or `127.0.0.1` (loopback only). */
  readonly address: "0.0.0.0" | "127.0.0.1";
  readonly protocol: "TCP" | "UDP";
}

/** How a process answers an HTTP request. */
export type Responder =
  /** traefik/whoami: the request echoed with the host name and addresses. */
  | { readonly kind: "whoami" }
  /** hashicorp/http-echo: a fixed text. */
  | { readonly kind: "text"; readonly text: string }
  /** nginx and httpd: their default page. */
  | { readonly kind: "page"; readonly server: "nginx" | "httpd" }
  /** A non-HTTP server (Redis, PostgreSQL, DNS): the connection opens, HTTP gets no answer. */
  | { readonly kind: "not-http"; readonly what: string }
  /** Any other image: podtalk's echo, naming the Pod and container. */
  | { readonly kind: "echo" };

/** The simulated process of a container. */
export interface AppModel {
  readonly listeners: readonly Listener[];
  readonly responder: Responder;
  /** When set, the process exits this many seconds after it starts, with this code. */
  readonly exit: { readonly afterSeconds: number; readonly code: number } | undefined;
  /** What the process writes to its log (`kubectl logs`), including how it reports a taken port. */
  readonly log: LogProfile;
  /** What the process does when the kubelet stops it (Pod deletion). */
  readonly stop: StopBehaviour;
}

/**
 * How a process reacts to the container's stop signal (the image's STOPSIGNAL, else SIGTERM).
 * A process that ignores it (`exitsAfter` unset) is killed with SIGKILL (exit code 137) when the
 * grace period ends. PID 1 gets no default signal action: a process without a handler ignores
 * SIGTERM (a shell, `sleep`, Python), while Go's runtime handles it and then exits with 2.
 */
export interface StopBehaviour {
  readonly signal: "SIGTERM" | "SIGQUIT" | "SIGINT" | "SIGWINCH";
  /** Seconds after the signal until the process exits; unset: it ignores the signal. */
  readonly exitsAfter: number | undefined;
  readonly exitCode: number;
}

/** nginx's STOPSIGNAL is SIGQUIT: a graceful stop that ends at once when no request is open. */
const NGINX_STOP: StopBehaviour = { signal: "SIGQUIT", exitsAfter: 1, exitCode: 0 };
/** A Go server without a SIGTERM handler, as PID 1: the runtime's handler re-raises it, PID 1 ignores that, and it exits with 2. */
const GO_STOP: StopBehaviour = { signal: "SIGTERM", exitsAfter: 1, exitCode: 2 };
/** A shell, `sleep` or Python as PID 1: no handler, so SIGTERM is ignored until SIGKILL. */
const IGNORES_TERM: StopBehaviour = { signal: "SIGTERM", exitsAfter: undefined, exitCode: 137 };
/** Any other server: assumed to handle SIGTERM and exit at once. */
const HANDLES_TERM: StopBehaviour = { signal: "SIGTERM", exitsAfter: 1, exitCode: 0 };

/** The repository of an image reference: `docker.io/library/nginx:1.27` → `nginx`. */
export function imageRepository(image: string): string {
  let ref = image.split("@")[0]!;
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  if (colon > lastSlash) ref = ref.slice(0, colon);
  const parts = ref.split("/");
  if (parts.length > 1 && (parts[0]!.includes(".") || parts[0]!.includes(":") || parts[0] === "localhost")) {
    const registry = parts.shift()!;
    if (registry !== "docker.io" && registry !== "index.docker.io") return `${registry}/${parts.join("/")}`;
  }
  if (parts[0] === "library") parts.shift();
  return parts.join("/");
}

const tcp = (port: number, address: Listener["address"] = "0.0.0.0"): Listener => ({ port, address, protocol: "TCP" });

/** The value of a flag in `args`: `--port 8080`, `--port=8080`, `-listen=:8080`. */
function flag(args: readonly string[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const n of names) {
      if (a === n && i + 1 < args.length) return args[i + 1];
      if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

/** Parses `host:port` / `:port` into a listener. */
function listenSpec(spec: string): Listener | undefined {
  const m = /^(.*):(\d+)$/.exec(spec);
  if (!m) return undefined;
  const host = m[1]!;
  const address = host === "127.0.0.1" || host === "localhost" ? "127.0.0.1" : "0.0.0.0";
  return tcp(Number(m[2]), address);
}

/**
 * Reads `sh -c` scripts for the two things that matter to the network: how long the process
 * lives (`sleep N`) and how it ends (`exit N`).
 */
function scriptLifetime(words: readonly string[]): AppModel["exit"] | "forever" | undefined {
  const script = words.join(" ");
  if (!/\b(sleep|exit)\b/.test(script)) return undefined;
  let seconds = 0;
  for (const m of script.matchAll(/\bsleep\s+(infinity|\d+(?:\.\d+)?)/g)) {
    if (m[1] === "infinity") return "forever";
    const n = Number(m[1]);
    if (Number.isFinite(n)) seconds += n;
  }
  const exit = /\bexit\s+(\d+)/.exec(script);
  return { afterSeconds: seconds, code: exit ? Number(exit[1]) : 0 };
}

const SILENT: LogProfile = { kind: "silent" };

/** A process model; most processes keep running, log nothing podtalk knows, and handle SIGTERM. */
function model(
  listeners: readonly Listener[],
  responder: Responder,
  exit: AppModel["exit"] = undefined,
  log: LogProfile = SILENT,
  stop: StopBehaviour = HANDLES_TERM,
): AppModel {
  return { exit, log, stop, listeners, responder };
}

/** The process model of a container, from its image, command, args, env and declared ports. */
export function appModel(container: ContainerN): AppModel {
  const repo = imageRepository(container.image);
  const args = container.args ?? [];
  const env = new Map(container.env.map((e) => [e.name, e.value]));
  const declared = container.ports.filter((p) => p.protocol === "TCP").map((p) => tcp(p.containerPort));

  if (container.command) {
    const words = container.command.concat(args);
    const life = scriptLifetime(words);
    if (life !== undefined) {
      // A shell script replaces the image's server: it listens on nothing.
      return model([], { kind: "echo" }, life === "forever" ? undefined : life, SILENT, IGNORES_TERM);
    }
    const http = words.indexOf("http.server");
    if (http >= 0) {
      const rest = words.slice(http + 1);
      const bind = flag(rest, "--bind", "-b");
      const port = Number(rest.find((w) => /^\d+$/.test(w)) ?? 8000);
      return model([tcp(port, bind === "127.0.0.1" || bind === "localhost" ? "127.0.0.1" : "0.0.0.0")], { kind: "echo" }, undefined, SILENT, IGNORES_TERM);
    }
  }
  switch (repo) {
    case "traefik/whoami": {
      const port = Number(flag(args, "--port", "-port") ?? env.get("WHOAMI_PORT_NUMBER") ?? 80);
      return model([tcp(port)], { kind: "whoami" }, undefined, { kind: "whoami", port: String(port) }, GO_STOP);
    }
    case "hashicorp/http-echo": {
      const listen = listenSpec(flag(args, "-listen", "--listen") ?? env.get("ECHO_LISTEN") ?? ":5678") ?? tcp(5678);
      const text = flag(args, "-text", "--text") ?? env.get("ECHO_TEXT") ?? "";
      const spec = flag(args, "-listen", "--listen") ?? env.get("ECHO_LISTEN") ?? ":5678";
      return model([listen], { kind: "text", text }, undefined, { kind: "http-echo", listen: spec }, GO_STOP);
    }
    case "nginx":
    case "nginxinc/nginx-unprivileged": {
      const port = repo === "nginx" ? 80 : 8080;
      // The image's entrypoint runs only for its default command (`nginx -g 'daemon off;'`).
      const log: LogProfile = { kind: "nginx", port, entrypoint: repo === "nginx" && args.length === 0 };
      return model([tcp(port)], { kind: "page", server: "nginx" }, undefined, log, NGINX_STOP);
    }
    case "httpd":
      return model([tcp(80)], { kind: "page", server: "httpd" });
    case "redis":
      return model([tcp(6379)], { kind: "not-http", what: "Redis" });
    case "postgres":
      return model([tcp(5432)], { kind: "not-http", what: "PostgreSQL" });
    case "registry.k8s.io/coredns/coredns":
      return model(
        [{ port: 53, address: "0.0.0.0", protocol: "UDP" }, tcp(53), tcp(9153), tcp(8080), tcp(8181)],
        { kind: "not-http", what: "CoreDNS" },
        undefined,
        SILENT,
        {
          // kubeadm's Corefile has `health { lameduck 5s }`: CoreDNS serves 5 s more after SIGTERM.
          signal: "SIGTERM",
          exitsAfter: 5,
          exitCode: 0,
        },
      );
    case "busybox":
    case "alpine":
    case "curlimages/curl":
    case "nicolaka/netshoot":
    case "ubuntu":
    case "debian": {
      // Tools images run a shell by default, which exits at once without a terminal: the
      // classic CrashLoopBackOff of `kubectl create deployment --image=busybox`.
      if (container.command) return model([], { kind: "echo" }, undefined, SILENT, IGNORES_TERM);
      if (args.length === 0) return model([], { kind: "echo" }, { afterSeconds: 0, code: 0 }, SILENT, IGNORES_TERM);
      const life = scriptLifetime(args);
      return model([], { kind: "echo" }, life === "forever" ? undefined : life, SILENT, IGNORES_TERM);
    }
    default:
      return model(declared, { kind: "echo" });
  }
}
