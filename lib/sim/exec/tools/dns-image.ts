/**
 * Which DNS client an image ships: its `nslookup` is either BusyBox's or BIND's, and BusyBox's
 * changed completely in 1.29 (its own resolver in place of libc's getaddrinfo).
 *
 * @see https://git.busybox.net/busybox/tree/networking/nslookup.c
 * @see https://github.com/docker-library/busybox/issues/48
 */
import { imageRepository } from "../../kubelet/images.js";
import type { PodState } from "../../state.js";

/**
 * `busybox`: BusyBox 1.29 and later (its own resolver: A and AAAA queries, the search list only for
 * names without a dot); `busybox-libc`: BusyBox 1.28 and earlier (getaddrinfo, `Address 1:`
 * lines); `bind`: BIND's nslookup, dig and host (netshoot, dnsutils, Debian images).
 */
export type DNSClient = "busybox" | "busybox-libc" | "bind";

/** Images built on Alpine, whose nslookup is BusyBox's. */
const ALPINE_BASED = new Set(["alpine", "curlimages/curl"]);

/** The DNS client of an image reference. */
export function dnsClientOf(image: string): DNSClient {
  const repo = imageRepository(image);
  if (ALPINE_BASED.has(repo)) return "busybox";
  if (repo !== "busybox") return "bind";
  const tag = image.split("@")[0]!.split("/").at(-1)!.split(":")[1] ?? "latest";
  const version = /^(\d+)\.(\d+)/.exec(tag);
  if (version && Number(version[1]) === 1 && Number(version[2]) <= 28) return "busybox-libc";
  return "busybox";
}

/** The DNS client of the container a command runs in (the Pod's first container if it is not named). */
export function podDNSClient(pod: PodState, container?: string): DNSClient {
  const spec = pod.spec.containers.find((c) => c.name === container) ?? pod.spec.containers[0];
  return spec?.image === undefined ? "bind" : dnsClientOf(spec.image);
}
