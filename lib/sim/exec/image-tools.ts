/**
 * Which programs each image ships, for `kubectl exec`: a program the image lacks fails as it does
 * on a real cluster (runc's "executable file not found in $PATH" for a direct exec, the shell's
 * "not found" inside a script). One table, with where each row comes from.
 *
 * - busybox: the BusyBox applets of the `busybox` image (https://hub.docker.com/_/busybox); no curl,
 *   dig, host or getent.
 * - alpine: BusyBox plus musl-utils' `getent` (https://pkgs.alpinelinux.org/package/edge/main/x86_64/musl-utils).
 * - nicolaka/netshoot: Alpine with curl, bind-tools (dig, host, nslookup), iproute2, iputils (ping), bash,
 *   nftables (nft) (https://github.com/nicolaka/netshoot/blob/master/Dockerfile).
 * - curlimages/curl: Alpine with curl (https://github.com/curl/curl-container).
 * - nginx, httpd, redis, postgres, debian, ubuntu: Debian-style images: dash as /bin/sh, coreutils,
 *   grep, mawk, hostname, getent (libc-bin), bash; of them only nginx installs curl (7.88.1 in
 *   bookworm: https://github.com/nginxinc/docker-nginx/blob/master/mainline/debian/Dockerfile).
 *   None has ping, ip, nc, wget, dig or nslookup.
 * - traefik/whoami, hashicorp/http-echo, coredns, pause: built `FROM scratch` (one binary, no shell).
 *
 * An image podtalk does not know is assumed to be a tools image like netshoot, so that course
 * material with made-up image names keeps working.
 */
import { imageRepository } from "../kubelet/images.js";

/** What `exec` can run in an image. */
export interface ImageTools {
  /** `/bin/sh`: BusyBox ash, Debian's dash, or none (scratch images). */
  readonly shell: "ash" | "dash" | undefined;
  /** The programs on `$PATH` (shell builtins such as echo, true, false and exit come with the shell). */
  readonly programs: ReadonlySet<string>;
  /** `ip` as BusyBox prints it, or iproute2's. */
  readonly ipStyle: "busybox" | "iproute2";
  /** The curl version, for `User-Agent` and `--version`. */
  readonly curlVersion: string;
  /** `ping` as BusyBox prints it, or iputils' (netshoot installs the `iputils` package over BusyBox's applet). */
  readonly pingStyle: "busybox" | "iputils";
}

/** What every image with a shell has: the text tools, env, hostname and the shell's helpers. */
const COMMON = ["sh", "cat", "echo", "env", "printenv", "hostname", "head", "tail", "grep", "wc", "cut", "awk", "sort", "tr", "true", "false"];
const BUSYBOX_APPLETS = [...COMMON, "ip", "nc", "nslookup", "ping", "wget"];
const DEBIAN_BASE = [...COMMON, "bash", "getent"];
const NETSHOOT = [...BUSYBOX_APPLETS, "bash", "getent", "curl", "dig", "host", "nft"];

const busybox: ImageTools = { shell: "ash", programs: new Set(BUSYBOX_APPLETS), ipStyle: "busybox", curlVersion: "8.5.0", pingStyle: "busybox" };
const alpine: ImageTools = { ...busybox, programs: new Set([...BUSYBOX_APPLETS, "getent"]) };
const netshoot: ImageTools = { shell: "ash", programs: new Set(NETSHOOT), ipStyle: "iproute2", curlVersion: "8.5.0", pingStyle: "iputils" };
const curlImage: ImageTools = { ...alpine, programs: new Set([...BUSYBOX_APPLETS, "getent", "curl"]) };
const debian: ImageTools = { shell: "dash", programs: new Set(DEBIAN_BASE), ipStyle: "iproute2", curlVersion: "7.88.1", pingStyle: "iputils" };
const nginx: ImageTools = { ...debian, programs: new Set([...DEBIAN_BASE, "curl"]) };
const scratch: ImageTools = { shell: undefined, programs: new Set(), ipStyle: "iproute2", curlVersion: "8.5.0", pingStyle: "busybox" };

const BY_REPOSITORY: Readonly<Record<string, ImageTools>> = {
  busybox,
  alpine,
  "nicolaka/netshoot": netshoot,
  "curlimages/curl": curlImage,
  nginx,
  "nginxinc/nginx-unprivileged": nginx,
  httpd: debian,
  redis: debian,
  postgres: debian,
  debian,
  ubuntu: debian,
  "traefik/whoami": scratch,
  "hashicorp/http-echo": scratch,
  "registry.k8s.io/coredns/coredns": scratch,
  "registry.k8s.io/pause": scratch,
};

/** The programs of `image` (unknown images: netshoot's). */
export function imageTools(image: string): ImageTools {
  const repo = imageRepository(image);
  return Object.hasOwn(BY_REPOSITORY, repo) ? BY_REPOSITORY[repo]! : netshoot;
}

/** The directories a command may be named by (`/usr/bin/curl` runs curl). */
const BIN_DIRS = ["/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/", "/usr/local/bin/"];

/** The program a command word names, or undefined when it is a path outside the usual directories. */
export function programName(word: string): string | undefined {
  if (!word.includes("/")) return word;
  const dir = BIN_DIRS.find((d) => word.startsWith(d));
  return dir && !word.slice(dir.length).includes("/") ? word.slice(dir.length) : undefined;
}
