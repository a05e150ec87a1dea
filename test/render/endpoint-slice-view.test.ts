/**
 * What kubectl shows of zones and trafficDistribution: `describe service`'s Traffic Distribution
 * line, `describe endpointslice` (each endpoint's node and zone), `get endpointslice -o yaml`
 * (zone and hints), and `get nodes --show-labels` (the zone and region labels).
 *
 * Sources: kubectl pkg/describe/describe.go (describeService, describeEndpointSliceV1);
 * discovery.k8s.io/v1 EndpointSlice (kubernetes.io/docs/reference/kubernetes-api/service-resources/endpoint-slice-v1/).
 */
import { strict as assert } from "node:assert";
import { parse } from "yaml";
import { describe as describeObject, getTable } from "../../lib/render/index.js";
import { getYaml } from "../../lib/render/endpoint-slice-view.js";
import { Simulation, intToIp } from "../../lib/sim/index.js";
import { pinnedDeployment, serviceWith, whoamiContainer } from "../sim/internal/fixtures.js";

function cluster(trafficDistribution = "PreferSameNode"): Simulation {
  const sim = new Simulation({ nodes: 3, seed: 1, systemPods: false, zones: ["zone-a", "zone-b"] });
  sim.apply([
    pinnedDeployment("api", 1, "node-2", [whoamiContainer()]),
    serviceWith("api", { selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080 }], trafficDistribution }),
  ]);
  return sim;
}

const sliceName = (sim: Simulation) => sim.slicesOf(sim.service("default", "api")!)[0]!.name;
const has = (out: string, line: string) => assert.ok(out.split("\n").includes(line), `missing line ${JSON.stringify(line)} in\n${out}`);

describe("zones and trafficDistribution as kubectl shows them", () => {
  it("describe service prints Traffic Distribution last before the events", () => {
    const out = describeObject(cluster("PreferSameZone"), "service", "api");
    const lines = out.split("\n");
    const at = lines.findIndex((l) => l.startsWith("Traffic Distribution:"));
    assert.match(lines[at]!, /^Traffic Distribution:\s+PreferSameZone$/);
    assert.match(lines[at - 1]!, /^Internal Traffic Policy:/);
    assert.match(lines[at + 1]!, /^Events:/);
  });

  it("describe service prints no Traffic Distribution line when the field is unset", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply([serviceWith("plain", { selector: { app: "x" }, ports: [{ port: 80 }] })]);
    assert.doesNotMatch(describeObject(sim, "service", "plain"), /Traffic Distribution/);
  });

  it("describe endpointslice lists each endpoint's address, readiness, Pod, node and zone", () => {
    const sim = cluster();
    const pod = sim.pods().find((p) => p.labels["app"] === "api")!;
    const out = describeObject(sim, "endpointslice", sliceName(sim));
    has(out, `Name:         ${sliceName(sim)}`);
    has(out, "Labels:       endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io");
    has(out, "              kubernetes.io/service-name=api");
    has(out, "AddressType:  IPv4");
    has(out, "  Name     Port  Protocol");
    has(out, "  <unset>  8080  TCP");
    has(out, `  - Addresses:  ${intToIp(pod.podIP!)}`);
    has(out, "      Ready:    true");
    has(out, "    Hostname:   <unset>");
    has(out, `    TargetRef:  Pod/${pod.name}`);
    has(out, "    NodeName:   node-2");
    has(out, "    Zone:       zone-b");
    has(out, "Events:         <none>");
  });

  it("describe endpointslice prints Zone: <unset> in a cluster without zones", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply([
      pinnedDeployment("api", 1, "node-2", [whoamiContainer()]),
      serviceWith("api", { selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080 }] }),
    ]);
    has(describeObject(sim, "endpointslices", sliceName(sim)), "    Zone:       <unset>");
  });

  it("get endpointslice -o yaml shows the endpoint's zone and its forNodes and forZones hints", () => {
    const sim = cluster();
    const doc = parse(getYaml(sim, "endpointslice", sliceName(sim)));
    assert.equal(doc.kind, "EndpointSlice");
    assert.equal(doc.apiVersion, "discovery.k8s.io/v1");
    assert.equal(doc.metadata.labels["kubernetes.io/service-name"], "api");
    assert.equal(doc.metadata.ownerReferences[0].kind, "Service");
    assert.deepEqual(doc.ports, [{ name: "", port: 8080, protocol: "TCP" }]);
    const [e] = doc.endpoints;
    assert.deepEqual(e.conditions, { ready: true, serving: true, terminating: false });
    assert.deepEqual(e.hints, { forNodes: [{ name: "node-2" }], forZones: [{ name: "zone-b" }] });
    assert.equal(e.nodeName, "node-2");
    assert.equal(e.zone, "zone-b");
    assert.match(getYaml(sim, "endpointslice", sliceName(sim)), /^ {2}creationTimestamp: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/m);
  });

  it("get -o yaml refuses a kind podtalk does not print as YAML, and names a missing slice as kubectl does", () => {
    const sim = cluster();
    assert.throws(() => getYaml(sim, "pods", "x"), /podtalk prints -o yaml for endpointslices only, not "pods"/);
    assert.throws(
      () => getYaml(sim, "endpointslice", "nope"),
      /^PodtalkError: Error from server \(NotFound\): endpointslices.discovery.k8s.io "nope" not found$/,
    );
  });

  it("get nodes --show-labels lists each node's zone and region", () => {
    const table = getTable(cluster(), "nodes", { showLabels: true, wide: false });
    const labels = table.column("LABELS");
    assert.match(labels[0]!, /topology\.kubernetes\.io\/region=region-1,topology\.kubernetes\.io\/zone=zone-a/);
    assert.match(labels[1]!, /topology\.kubernetes\.io\/zone=zone-b/);
    assert.match(labels[1]!, /^beta\.kubernetes\.io\/arch=amd64,.*kubernetes\.io\/hostname=node-2,/);
  });
});
