import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError, validateObject } from "../../../lib/model/index.js";

const pod = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec });
const svc = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec });
const dep = (selector: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "d" },
  spec: { selector, template: { metadata: { labels: { app: "d" } }, spec: { containers: [{ name: "a", image: "nginx" }] } }, ...extra },
});
const withContainer = (fields: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
  pod({ containers: [{ name: "a", image: "nginx", ...fields }], ...spec });

/** Each manifest holds one field of the wrong type (or out of range); the message names it. */
const cases: { name: string; why: string; manifest: unknown; message: string }[] = [
  {
    name: "a container port name given as a number",
    why: "port names are IANA service names, strings",
    manifest: withContainer({ ports: [{ containerPort: 80, name: 8080 }] }),
    message: `The Pod "p" is invalid: spec.containers[0].ports[0].name: Invalid value: 8080: must be a string`,
  },
  {
    name: "a Service port name given as a number",
    why: "port names are strings",
    manifest: svc({ ports: [{ port: 80, name: 5 }] }),
    message: `The Service "s" is invalid: spec.ports[0].name: Invalid value: 5: must be a string`,
  },
  {
    name: "a targetPort given as a mapping",
    why: "targetPort is an IntOrString",
    manifest: svc({ ports: [{ port: 80, targetPort: { a: 1 } }] }),
    message: `The Service "s" is invalid: spec.ports[0].targetPort: Invalid value: map[string]interface {}{…}: must be an integer or a string`,
  },
  {
    name: "a targetPort given as a boolean",
    why: "targetPort is an IntOrString",
    manifest: svc({ ports: [{ port: 80, targetPort: true }] }),
    message: `The Service "s" is invalid: spec.ports[0].targetPort: Invalid value: true: must be an integer or a string`,
  },
  {
    name: "an externalName given as a number",
    why: "externalName is a DNS name",
    manifest: svc({ type: "ExternalName", externalName: 5 }),
    message: `The Service "s" is invalid: spec.externalName: Invalid value: 5: must be a string`,
  },
  {
    name: "matchExpressions given as a string",
    why: "matchExpressions is a list of requirements",
    manifest: dep({ matchLabels: { app: "d" }, matchExpressions: "x" }),
    message: `The Deployment "d" is invalid: spec.selector.matchExpressions: Invalid value: "x": must be a list`,
  },
  {
    name: "a matchExpressions key given as a number",
    why: "label keys are strings",
    manifest: dep({ matchLabels: { app: "d" }, matchExpressions: [{ key: 5, operator: "Exists" }] }),
    message: `The Deployment "d" is invalid: spec.selector.matchExpressions[0].key: Invalid value: 5: must be a string`,
  },
  {
    name: "matchExpressions values given as a number",
    why: "values is a list of strings",
    manifest: dep({ matchLabels: { app: "d" }, matchExpressions: [{ key: "app", operator: "In", values: 5 }] }),
    message: `The Deployment "d" is invalid: spec.selector.matchExpressions[0].values: Invalid value: 5: must be a list`,
  },
  {
    name: "dnsConfig.options given as a string",
    why: "options is a list of {name, value}",
    manifest: pod({ dnsConfig: { options: "ndots:5" }, containers: [{ name: "a", image: "nginx" }] }),
    message: `The Pod "p" is invalid: spec.dnsConfig.options: Invalid value: "ndots:5": must be a list`,
  },
  {
    name: "a null dnsConfig option",
    why: "an option needs a name",
    manifest: pod({ dnsConfig: { options: [null] }, containers: [{ name: "a", image: "nginx" }] }),
    message: `The Pod "p" is invalid: spec.dnsConfig.options[0]: Required value: Option.Name must not be empty`,
  },
  {
    name: "a readinessProbe exec command given as a string",
    why: "command is a list of words (accepted before, it made describe throw)",
    manifest: withContainer({ readinessProbe: { exec: { command: "true" } } }),
    message: `The Pod "p" is invalid: spec.containers[0].readinessProbe.exec.command: Invalid value: "true": must be a list`,
  },
  {
    name: "an httpGet probe without a port",
    why: "the kubelet needs a port to probe (describe showed http://:undefined/)",
    manifest: withContainer({ readinessProbe: { httpGet: { path: "/" } } }),
    message: `The Pod "p" is invalid: spec.containers[0].readinessProbe.httpGet.port: Required value`,
  },
  {
    name: "an env value given as a mapping",
    why: "env values are strings (a mapping showed as [object Object])",
    manifest: withContainer({ env: [{ name: "A", value: { b: 1 } }] }),
    message: `The Pod "p" is invalid: spec.containers[0].env[0].value: Invalid value: map[string]interface {}{…}: must be a string`,
  },
  {
    name: "a command given as a string",
    why: "command is a list of words (a string was silently ignored)",
    manifest: withContainer({ command: "sleep 5" }),
    message: `The Pod "p" is invalid: spec.containers[0].command: Invalid value: "sleep 5": must be a list`,
  },
  {
    name: "a hostPort given as a string",
    why: "hostPort is an int32 port number",
    manifest: withContainer({ ports: [{ containerPort: 80, hostPort: "x" }] }),
    message: `The Pod "p" is invalid: spec.containers[0].ports[0].hostPort: Invalid value: "x": must be an integer`,
  },
  {
    name: "a hostPort above 65535",
    why: "ports are 1 to 65535",
    manifest: withContainer({ ports: [{ containerPort: 80, hostPort: 70000 }] }),
    message: `The Pod "p" is invalid: spec.containers[0].ports[0].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
  },
  {
    name: "a nodePort with a fraction",
    why: "nodePort is an int32",
    manifest: svc({ type: "NodePort", ports: [{ port: 80, nodePort: 30000.5 }] }),
    message: `The Service "s" is invalid: spec.ports[0].nodePort: Invalid value: 30000.5: must be an integer`,
  },
  {
    name: 'a targetPort of "70000"',
    why: "a numeric targetPort is a port number, 1 to 65535",
    manifest: svc({ ports: [{ port: 80, targetPort: "70000" }] }),
    message: `The Service "s" is invalid: spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
  },
  {
    name: 'terminationGracePeriodSeconds "abc"',
    why: "it is a number of seconds (it showed as NaN)",
    manifest: pod({ terminationGracePeriodSeconds: "abc", containers: [{ name: "a", image: "nginx" }] }),
    message: `The Pod "p" is invalid: spec.terminationGracePeriodSeconds: Invalid value: "abc": must be an integer`,
  },
  {
    name: "a negative terminationGracePeriodSeconds",
    why: "the grace period is at least 0",
    manifest: pod({ terminationGracePeriodSeconds: -5, containers: [{ name: "a", image: "nginx" }] }),
    message: `The Pod "p" is invalid: spec.terminationGracePeriodSeconds: Invalid value: -5: must be greater than or equal to 0`,
  },
  {
    name: "a StatefulSet serviceName given as a number",
    why: "serviceName names a Service",
    manifest: {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "db" },
      spec: {
        serviceName: 5,
        selector: { matchLabels: { app: "db" } },
        template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "r", image: "redis" }] } },
      },
    },
    message: `The StatefulSet "db" is invalid: spec.serviceName: Invalid value: 5: must be a string`,
  },
  {
    name: "replicas above the int32 range",
    why: "the API server cannot decode it (podtalk ran out of memory making the Pods)",
    manifest: dep({ matchLabels: { app: "d" } }, { replicas: 2147483648 }),
    message: `The Deployment "d" is invalid: spec.replicas: Invalid value: 2147483648: must be less than or equal to 2147483647 (an int32)`,
  },
  {
    name: "replicas above podtalk's 150,000",
    why: "every Pod is simulated: more would exhaust the memory",
    manifest: dep({ matchLabels: { app: "d" } }, { replicas: 2147483647 }),
    message: `The Deployment "d" is invalid: spec.replicas: Invalid value: 2147483647: podtalk simulates at most 150000 Pods per workload (the most Pods Kubernetes is tested with in a cluster); use fewer replicas`,
  },
  {
    name: 'replicas given as "3"',
    why: "replicas is an integer",
    manifest: dep({ matchLabels: { app: "d" } }, { replicas: "3" }),
    message: `The Deployment "d" is invalid: spec.replicas: Invalid value: "3": must be an integer`,
  },
];

describe("validateObject(), fields of the wrong type", () => {
  for (const c of cases) {
    it(`rejects ${c.name} (${c.why}) with a message naming the field`, () => {
      let caught: unknown;
      try {
        validateObject(c.manifest);
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof PodtalkError, `expected a PodtalkError, got ${String(caught)}`);
      assert.equal(caught.code, ErrorCode.Invalid);
      assert.equal(caught.message, c.message);
    });
  }

  it("still accepts replicas of exactly 150,000 and a grace period of 0", () => {
    const { object } = validateObject(dep({ matchLabels: { app: "d" } }, { replicas: 150_000 }));
    assert.equal((object as { spec: { replicas: number } }).spec.replicas, 150_000);
    validateObject(pod({ terminationGracePeriodSeconds: 0, containers: [{ name: "a", image: "nginx" }] }));
  });
});

describe("validateObject(), values the API server rejects (accepted before)", () => {
  const rolling = (strategy: unknown) => dep({ matchLabels: { app: "d" } }, { strategy });
  const rejected: { name: string; manifest: unknown; message: string }[] = [
    {
      name: "a strategy type other than RollingUpdate and Recreate",
      manifest: rolling({ type: "Bogus" }),
      message: `The Deployment "d" is invalid: spec.strategy.type: Unsupported value: "Bogus": supported values: "Recreate", "RollingUpdate"`,
    },
    {
      name: "maxSurge and maxUnavailable both 0 (a rollout could never progress)",
      manifest: rolling({ rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }),
      message: 'The Deployment "d" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    },
    {
      name: "maxUnavailable above 100%",
      manifest: rolling({ rollingUpdate: { maxUnavailable: "1000%" } }),
      message: `The Deployment "d" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "1000%": must not be greater than 100%`,
    },
    {
      name: "a dnsConfig nameserver that is not an IP address",
      manifest: pod({ dnsPolicy: "None", dnsConfig: { nameservers: ["not-an-ip", "1.1.1.1"] }, containers: [{ name: "a", image: "nginx" }] }),
      message: `The Pod "p" is invalid: spec.dnsConfig.nameservers[0]: Invalid value: "not-an-ip": must be a valid IP address`,
    },
    {
      name: "dnsConfig nameservers given as a string (it was measured as too many nameservers)",
      manifest: pod({ dnsConfig: { nameservers: "1.1.1.1" }, containers: [{ name: "a", image: "nginx" }] }),
      message: `The Pod "p" is invalid: spec.dnsConfig.nameservers: Invalid value: "1.1.1.1": must be a list`,
    },
    {
      name: "one nodePort on two ports of one protocol",
      manifest: svc({
        type: "NodePort",
        ports: [
          { name: "a", port: 80, nodePort: 30080 },
          { name: "b", port: 81, nodePort: 30080 },
        ],
      }),
      message: `The Service "s" is invalid: spec.ports[1].nodePort: Duplicate value: 30080`,
    },
  ];
  for (const c of rejected) {
    it(`rejects ${c.name}`, () => {
      assert.throws(
        () => validateObject(c.manifest),
        (e: unknown) => e instanceof PodtalkError && e.message === c.message,
      );
    });
  }
});
