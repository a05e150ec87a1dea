/**
 * The topology picture as a reader checks it: no line through a box that is not one of its ends
 * (for many cluster shapes), a legend in every picture, the device layer as the simulator names
 * the devices, and deleted Pods drawn as ghosts in a diff.
 */
import { strict as assert } from "node:assert";
import { Cluster, diff, mimeBundleOf } from "../../lib/index.js";
import type { KubeObject } from "../../lib/model/objects.js";
import { renderSVG, type TopologyModel } from "../../lib/render/index.js";
import { wrapLine } from "../../lib/render/topology-layout.js";
import { COLORS, PALETTE } from "../../lib/render/topology-style.js";
import { engineOf } from "../../lib/internal/engine.js";
import { deployment, nginxDeployment, service, statefulSet } from "../sim/internal/fixtures.js";
import { courseYaml } from "./internal/course-scenario.js";
import { falseLinks, geometryFromSpec, geometryFromSVG } from "./internal/figure-geometry.js";

const boxById = (m: TopologyModel, id: string) => {
  const b = m.boxes.find((x) => x.id === id);
  assert.ok(b, `no box ${id}; boxes: ${m.boxes.map((x) => x.id).join(", ")}`);
  return b;
};
const linksBetween = (m: TopologyModel, from: string, to: string) => m.links.filter((l) => l.from === from && l.to === to);

/** Services beyond one row, Pods that are not ready, several Services per Pod. */
function crowded(nodes: number, services: number): Cluster {
  const c = new Cluster({ nodes, seed: 7 });
  const objects: KubeObject[] = [
    deployment("api", 5),
    nginxDeployment("slow", 2, { readinessDelay: 600 }),
    service("slow", { app: "slow" }, { targetPort: 80 }),
  ];
  for (let i = 1; i <= services; i++) objects.push(service(`api-${i}`, { app: "api" }));
  c.apply(objects);
  c.advance("10s");
  return c;
}

describe("topology layout", () => {
  it("routes every line clear of the boxes that are not its ends, for many cluster shapes", () => {
    const problems: string[] = [];
    let shapes = 0;
    for (const nodes of [1, 2, 3, 4]) {
      for (const services of [0, 1, 3, 8]) {
        const c = crowded(nodes, services);
        for (const options of [{}, { devices: true }, { system: true }, { system: true, devices: true }]) {
          const spec = c.topology(options).spec();
          problems.push(...falseLinks(geometryFromSpec(spec)).map((p) => `${nodes} nodes, ${services} Services, ${JSON.stringify(options)}: ${p}`));
          shapes++;
        }
      }
    }
    assert.equal(shapes, 64);
    assert.deepEqual(problems.slice(0, 10), []);
  });

  it("sends the lines of Services on upper rows down through the gaps of the rows below", () => {
    const m = crowded(2, 8).topology().model;
    const services = m.boxes.filter((b) => b.kind === "service");
    assert.ok(new Set(services.map((s) => s.y)).size > 1, "the Services take more than one row");
    assert.deepEqual(falseLinks(geometryFromSpec(crowded(2, 8).topology().spec())), []);
    // Every Service line ends with a horizontal stretch into the left edge of its Pod.
    for (const l of m.links.filter((x) => x.kind === "service")) {
      const pod = boxById(m, l.to);
      const [a, b] = l.points.slice(-2);
      assert.equal(b!.x, pod.x, `${l.from} → ${l.to} ends on the Pod's left edge`);
      assert.equal(a!.y, b!.y);
      assert.ok(b!.y > pod.y && b!.y < pod.y + pod.height);
    }
  });

  it("draws a line to an endpoint that is not ready dashed, with an open arrowhead", () => {
    const c = crowded(2, 0);
    const m = c.topology().model;
    const slow = m.links.filter((l) => l.from === "service/default/slow");
    assert.equal(slow.length, 2);
    assert.ok(slow.every((l) => !l.ready));
    const spec = JSON.stringify(c.topology().spec());
    assert.match(spec, /"dash":1/);
    assert.match(spec, /"fill":"#ffffff"/);
    assert.match(m.text, /svc\/slow .* -> slow-\w+-\w+ \(not ready\)/);
  });

  it("fits three nodes with a few Pods each in an article's 752 px column, text at 11 px", () => {
    const c = new Cluster({ nodes: 3, seed: 1 });
    c.apply(courseYaml({ api: 6, frontend: 5, frontendService: true }));
    c.advance("30s");
    for (const options of [{}, { devices: true }]) {
      const t = c.topology(options);
      assert.ok(t.model.width <= 752, `${JSON.stringify(options)}: ${t.model.width} px`);
      assert.ok(
        JSON.stringify(t.spec())
          .match(/"fontSize":(\d+)/g)!
          .every((f) => Number(f.split(":")[1]) >= 11),
      );
    }
  });

  it("never colours a Service red, the colour that means highlighted", () => {
    const hue = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
      const max = Math.max(r, g, b);
      const d = max - Math.min(r, g, b);
      const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
      return (h * 60 + 360) % 360;
    };
    const red = hue(COLORS.highlight);
    for (const c of PALETTE) {
      const apart = Math.min(Math.abs(hue(c) - red), 360 - Math.abs(hue(c) - red));
      assert.ok(apart > 25, `${c} is ${apart.toFixed(0)}° from the highlight's red`);
    }
  });

  it("wraps a Pod's long status line at its separators", () => {
    assert.deepEqual(wrapLine("10.244.1.4 · CrashLoopBackOff · 1/2"), ["10.244.1.4", "CrashLoopBackOff · 1/2"]);
    assert.deepEqual(wrapLine("10.244.1.4 · Running · 1/1"), ["10.244.1.4 · Running · 1/1"]);
    assert.deepEqual(wrapLine("averyveryverylongcontainername-without-separators"), ["averyveryverylongcontainername-without-separators"]);
  });
});

describe("topology legend", () => {
  it("is drawn inside every picture: line styles, the red outline, Terminating", async () => {
    const c = crowded(3, 1);
    for (const options of [{}, { system: true }, { devices: true }, { highlight: ["api-1"] }]) {
      const t = c.topology(options);
      assert.deepEqual(
        t.model.legend.map((e) => e.label),
        ["ready endpoint", "not ready", "highlighted", "Terminating", ...("devices" in options ? ["device link"] : [])],
      );
      const svg = await t.svg();
      for (const e of t.model.legend) assert.ok(svg.includes(`>${e.label}</text>`), `${e.label} in the SVG`);
      const bottom = Math.max(...t.model.boxes.map((b) => b.y + b.height));
      assert.ok(
        t.model.legend.every((e) => e.y > bottom && e.y + 15 <= t.model.height),
        "below the boxes, inside the picture",
      );
    }
  });
});

describe("topology({ devices: true })", () => {
  const vxlan = new Cluster({ nodes: 3, seed: 1 });
  vxlan.apply(courseYaml());
  vxlan.advance("30s");

  it("draws each Pod's eth0 and its veth, named as traces and ip addr name them, under flannel-vxlan", () => {
    const m = vxlan.topology({ devices: true }).model;
    const client = engineOf(vxlan).pod("default", "client")!;
    const node = client.nodeName!;
    const eth0 = boxById(m, "pod/default/client/eth0");
    assert.deepEqual(eth0.lines, [`eth0 ${vxlan.get("pods").row("client")!["IP"]}/24`]);
    const trace = vxlan.exec("client", "curl -s http://my-api:8080/");
    const veth = trace.hops[0]!.device!;
    assert.match(veth, /^veth[0-9a-f]{8}$/);
    assert.deepEqual(boxById(m, `node/${node}/${veth}`).lines, [veth]);
    assert.equal(linksBetween(m, eth0.id, `node/${node}/${veth}`).length, 1);
    assert.equal(linksBetween(m, `node/${node}/${veth}`, `node/${node}/cni0`).length, 1);
    assert.ok(
      vxlan
        .topology({ devices: true })
        .toString()
        .includes(`eth0 ${vxlan.get("pods").row("client")!["IP"]}/24 <-> ${veth} on ${node} -> cni0`),
    );
  });

  it("draws cni0, flannel.1 (VXLAN) and eth0 per node, linked in that order down to the node network", () => {
    const m = vxlan.topology({ devices: true }).model;
    assert.deepEqual(boxById(m, "node/node-2/cni0").lines, ["cni0 10.244.1.1/24"]);
    assert.deepEqual(boxById(m, "node/node-2/flannel.1").lines, ["flannel.1 10.244.1.0/32", "VXLAN VNI 1 · UDP 8472"]);
    assert.deepEqual(boxById(m, "node/node-2/eth0").lines, ["eth0 172.18.0.3/16"]);
    assert.deepEqual(boxById(m, "network").lines, ["node network 172.18.0.0/16"]);
    assert.equal(linksBetween(m, "node/node-2/cni0", "node/node-2/flannel.1").length, 1);
    assert.equal(linksBetween(m, "node/node-2/flannel.1", "node/node-2/eth0").length, 1);
    assert.equal(linksBetween(m, "node/node-2/eth0", "network").length, 1);
    // The route to another node's Pods names the same device.
    assert.match(vxlan.routes("node-2").toString(), /10\.244\.2\.0\/24 +10\.244\.2\.0 +flannel\.1 /);
  });

  it("under flannel-host-gw draws no flannel.1: cni0 leads straight to eth0", () => {
    const hostGW = new Cluster({ nodes: 3, seed: 1, network: "flannel-host-gw" });
    hostGW.apply(courseYaml());
    hostGW.advance("30s");
    const m = hostGW.topology({ devices: true }).model;
    assert.equal(
      m.boxes.some((b) => b.lines.some((l) => l.includes("flannel.1"))),
      false,
    );
    assert.equal(linksBetween(m, "node/node-2/cni0", "node/node-2/eth0").length, 1);
    assert.match(hostGW.topology({ devices: true }).toString(), /devices: cni0 10\.244\.1\.1\/24 -> eth0 172\.18\.0\.3\/16/);
    assert.deepEqual(falseLinks(geometryFromSpec(hostGW.topology({ devices: true }).spec())), []);
  });

  it("leaves the default picture and its text without devices", () => {
    const m = vxlan.topology().model;
    assert.equal(
      m.boxes.some((b) => b.kind === "device" || b.kind === "network"),
      false,
    );
    assert.doesNotMatch(vxlan.topology().toString(), /devices:|veth/);
  });
});

describe("diff(before, after) picture", () => {
  it("draws a deleted Pod as a dashed grey ghost labelled with its replacement, beside it", async () => {
    const c = new Cluster({ nodes: 3, seed: 1 });
    c.apply(courseYaml());
    c.advance("30s");
    const before = c.snapshot();
    const victim = engineOf(c)
      .pods("default")
      .find((p) => p.name.startsWith("api-"))!;
    c.deletePod(victim.name);
    c.advance("30s");
    const d = diff(before, c.snapshot());
    const added = d.changes.find((x) => x.change === "added" && x.kind === "Pod")!.name.replace("default/", "");
    const m = d.topology();
    const ghost = boxById(m, `ghost/default/${victim.name}`);
    assert.equal(ghost.ghost, true);
    assert.deepEqual(ghost.lines, [victim.name, `${before.pods.get(`default/${victim.name}`)!.ip} · deleted`, "replaced by", added]);
    assert.equal(boxById(m, `pod/default/${added}`).highlighted, true);
    assert.ok(m.legend.some((e) => e.sample === "ghost" && e.label === "deleted"));
    assert.ok(m.legend.some((e) => e.sample === "highlight" && e.label === "added or changed"));
    // No Service line leads to a Pod that is gone.
    assert.equal(
      m.links.some((l) => l.to === ghost.id),
      false,
    );
    const svg = (await mimeBundleOf(d))["text/html"] as string;
    assert.match(svg, /stroke-dasharray="4,3"/);
    assert.deepEqual(falseLinks(geometryFromSVG(svg.match(/<svg[\s\S]*?<\/svg>/)![0])), []);
  });

  it("draws a StatefulSet Pod deleted and recreated under the same name as a ghost beside the new one", () => {
    const c = new Cluster({ nodes: 2, seed: 1 });
    c.apply([statefulSet("web", 2)]);
    c.advance("60s");
    const before = c.snapshot();
    c.deletePod("web-0");
    c.advance("60s");
    const m = diff(before, c.snapshot()).topology();
    const ghost = boxById(m, "ghost/default/web-0");
    assert.deepEqual(ghost.lines.slice(2), ["replaced by web-0"]);
    const column = m.boxes.filter((b) => b.kind === "pod" && b.x === ghost.x).map((b) => b.id);
    assert.equal(column[column.indexOf("pod/default/web-0") + 1], ghost.id);
  });

  it("says 'deleted' alone for a Pod nobody replaced", () => {
    const c = new Cluster({ nodes: 2, seed: 1 });
    c.apply([{ apiVersion: "v1", kind: "Pod", metadata: { name: "lonely" }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } } as KubeObject]);
    c.advance("10s");
    const before = c.snapshot();
    c.deletePod("lonely");
    c.advance("60s");
    assert.deepEqual(boxById(diff(before, c.snapshot()).topology(), "ghost/default/lonely").lines.slice(1), [
      `${before.pods.get("default/lonely")!.ip} · deleted`,
    ]);
  });
});

describe("figure geometry read from the SVG", () => {
  it("finds the same boxes and lines as the spec's data (so the course's diffs are checked as well as its topologies)", async () => {
    const c = crowded(3, 4);
    const spec = c.topology({ devices: true }).spec();
    const fromSpec = geometryFromSpec(spec);
    const fromSVG = geometryFromSVG(await renderSVG(spec));
    const key = (r: { left: number; top: number; right: number; bottom: number }) => [r.left, r.top, r.right, r.bottom].map((v) => v.toFixed(1)).join(",");
    assert.deepEqual(fromSVG.boxes.map(key).sort(), fromSpec.boxes.map(key).sort());
    const lineKey = (l: { points: readonly { x: number; y: number }[] }) => l.points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
    assert.deepEqual(fromSVG.lines.map(lineKey).sort(), fromSpec.lines.map(lineKey).sort());
    assert.equal(fromSVG.labels.length, fromSpec.labels.length);
  });

  it("reports a line through a box that is not one of its ends", () => {
    const geometry = {
      boxes: [
        { what: "a", left: 0, top: 0, right: 10, bottom: 10 },
        { what: "b", left: 20, top: 0, right: 30, bottom: 10 },
        { what: "c", left: 40, top: 0, right: 50, bottom: 10 },
      ],
      lines: [
        {
          what: "a → c",
          points: [
            { x: 10, y: 5 },
            { x: 40, y: 5 },
          ],
        },
      ],
      labels: [],
    };
    assert.deepEqual(falseLinks(geometry), ["a → c crosses b [20.0,0.0 – 30.0,10.0]"]);
  });
});
