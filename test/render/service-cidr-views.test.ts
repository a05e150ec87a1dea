/**
 * The networking.k8s.io/v1 ServiceCIDR and IPAddress objects (KEP-1880) as kubectl shows them:
 * `get servicecidrs` / `get ipaddresses` with printers.go's columns, `describe` with
 * describe.go's fields, and an IPAddress that comes and goes with its Service.
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../lib/index.js";
import { ErrorCode, PodtalkError } from "../../lib/model/index.js";

const SERVICES = `apiVersion: v1
kind: Service
metadata: {name: my-api}
spec: {clusterIP: 10.96.0.50, selector: {app: api}, ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec: {type: ExternalName, externalName: example.com}
`;

describe("ServiceCIDR and IPAddress objects", () => {
  it("lists the default ServiceCIDR `kubernetes` made from the serviceCIDR option (kubectl get servicecidrs)", () => {
    const c = new Cluster({ nodes: 1, seed: 1 });
    assert.equal(c.get("servicecidrs").toText(), ["NAME         CIDRS          AGE", "kubernetes   10.96.0.0/12   10m", ""].join("\n"));
    const custom = new Cluster({ nodes: 1, seed: 1, serviceCIDR: "10.100.0.0/16" });
    assert.deepEqual(custom.get("servicecidr").column("CIDRS"), ["10.100.0.0/16"]);
  });

  it("has one IPAddress per ClusterIP, named by the address, with NAME and PARENTREF only (kubectl get ipaddresses)", () => {
    const c = new Cluster({ nodes: 1, seed: 1 });
    c.apply(SERVICES);
    assert.equal(
      c.get("ipaddresses").toText(),
      [
        "NAME         PARENTREF",
        "10.96.0.1    services/default/kubernetes",
        "10.96.0.10   services/kube-system/kube-dns",
        "10.96.0.50   services/default/my-api",
        "",
      ].join("\n"),
    );
  });

  it("is cluster-scoped: -A adds no NAMESPACE column and -n changes nothing", () => {
    const c = new Cluster({ nodes: 1, seed: 1 });
    assert.deepEqual(c.get("ipaddresses", { allNamespaces: true }).columns, ["NAME", "PARENTREF"]);
    assert.deepEqual(c.get("servicecidrs", { allNamespaces: true }).columns, ["NAME", "CIDRS", "AGE"]);
    assert.deepEqual(c.get("ipaddress", { namespace: "kube-system" }).column("NAME"), ["10.96.0.1", "10.96.0.10"]);
  });

  it("creates the IPAddress with the Service and deletes it with the Service", () => {
    const c = new Cluster({ nodes: 1, seed: 1 });
    c.apply(SERVICES);
    assert.ok(c.get("ipaddresses").column("NAME").includes("10.96.0.50"));
    c.delete("service", "my-api");
    assert.deepEqual(c.get("ipaddresses").column("NAME"), ["10.96.0.1", "10.96.0.10"]);
    assert.throws(
      () => c.describe("ipaddress", "10.96.0.50"),
      /^PodtalkError: Error from server \(NotFound\): ipaddresses.networking.k8s.io "10.96.0.50" not found/,
    );
  });

  it("describes the ServiceCIDR with its CIDRs and its Ready condition (kubectl describe servicecidr)", () => {
    const c = new Cluster({ nodes: 1, seed: 1 });
    assert.equal(
      String(c.describe("servicecidr", "kubernetes")),
      [
        "Name:         kubernetes",
        "Labels:       <none>",
        "Annotations:  <none>",
        "CIDRs:        10.96.0.0/12",
        "Status:",
        "Conditions:",
        "  Type   Status  LastTransitionTime               Reason  Message",
        "  ----   ------  ------------------               ------  -------",
        "  Ready  True    Mon, 06 Jan 2025 09:00:00 +0000          Kubernetes default Service CIDR is ready",
        "Events:  <none>",
        "",
      ].join("\n"),
    );
  });

  it("describes an IPAddress with the allocator's labels and its parent reference (kubectl describe ipaddress)", () => {
    const c = new Cluster({ nodes: 1, seed: 1 });
    c.apply(SERVICES);
    assert.equal(
      String(c.describe("ipaddress", "10.96.0.50")),
      [
        "Name:         10.96.0.50",
        "Labels:       ipaddress.kubernetes.io/ip-family=IPv4",
        "              ipaddress.kubernetes.io/managed-by=ipallocator.k8s.io",
        "Annotations:  <none>",
        "Parent Reference:",
        "  Group:      ",
        "  Resource:   services",
        "  Namespace:  default",
        "  Name:       my-api",
        "Events:       <none>",
        "",
      ].join("\n"),
    );
  });

  for (const [kind, pattern] of [
    ["ServiceCIDR", /podtalk does not model extra ServiceCIDRs.*new Cluster\(\{ serviceCIDR/],
    ["IPAddress", /podtalk does not accept IPAddress objects.*spec\.clusterIP/],
  ] as const) {
    it(`refuses to apply ${kind === "IPAddress" ? "an" : "a"} ${kind}, saying why and what to do instead, and changes nothing`, () => {
      const c = new Cluster({ nodes: 1, seed: 1 });
      const before = c.get("ipaddresses").toText();
      const manifest = `apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n---\napiVersion: networking.k8s.io/v1\nkind: ${kind}\nmetadata: {name: extra}\nspec: {}\n`;
      assert.throws(
        () => c.apply(manifest),
        (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.BadRequest && pattern.test(e.message),
      );
      assert.equal(c.get("ipaddresses").toText(), before);
      assert.deepEqual(c.get("servicecidrs").column("NAME"), ["kubernetes"]);
      // Without an apiVersion too: the refusal does not depend on it.
      assert.throws(() => c.apply(`kind: ${kind}\nmetadata: {name: extra}\n`), pattern);
    });
  }

  it("refuses to delete them, pointing at what to delete instead", () => {
    const c = new Cluster({ nodes: 1, seed: 1 });
    assert.throws(() => c.delete("ipaddress", "10.96.0.1"), /podtalk keeps IPAddress objects in step with the Services.*cluster\.delete\("service"/);
    assert.throws(() => c.delete("servicecidrs", "kubernetes"), /podtalk keeps the ServiceCIDR "kubernetes"/);
    assert.deepEqual(c.get("ipaddresses").column("NAME"), ["10.96.0.1", "10.96.0.10"]);
  });

  it("says which ServiceCIDR there is when asked for another", () => {
    const c = new Cluster({ nodes: 1, seed: 1 });
    assert.throws(() => c.describe("servicecidr", "extra"), /servicecidrs.networking.k8s.io "extra" not found\. The cluster has one ServiceCIDR, "kubernetes"/);
  });
});
