/** Which nslookup an image ships. */
import { strict as assert } from "node:assert";
import { dnsClientOf } from "../../../../lib/sim/exec/tools/dns-image.js";

describe("dnsClientOf()", () => {
  const cases: [string, ReturnType<typeof dnsClientOf>][] = [
    ["busybox", "busybox"],
    ["busybox:1.36", "busybox"],
    ["docker.io/library/busybox:1.36.1-musl", "busybox"],
    ["busybox:1.29", "busybox"],
    ["busybox:1.28", "busybox-libc"],
    ["busybox:1.28.4", "busybox-libc"],
    ["busybox:1.24", "busybox-libc"],
    ["alpine:3.20", "busybox"],
    ["curlimages/curl:8.10.1", "busybox"],
    ["nicolaka/netshoot:v0.13", "bind"],
    ["registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3", "bind"],
    ["nginx:1.27", "bind"],
  ];
  for (const [image, client] of cases) it(`${image} → ${client}`, () => assert.equal(dnsClientOf(image), client));
});
