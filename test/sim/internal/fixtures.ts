/**
 * Manifest builders shared by the sim, render and cluster tests. They return plain objects typed
 * like the Kubernetes API, so a test reads as the manifest a notebook would apply.
 */
import type { KubeObject } from "../../../lib/model/objects.js";

/** A Deployment whose Pods run one container listening on `port` (TCP), labelled `app: <name>`. */
export function deployment(name: string, replicas: number, options: { port?: number; image?: string; namespace?: string } = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, ...(options.namespace ? { namespace: options.namespace } : {}) },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            options.image
              ? { name, image: options.image, ports: [{ containerPort: options.port ?? 8080 }] }
              : { name, image: "traefik/whoami:v1.10", args: ["--port", String(options.port ?? 8080)], ports: [{ containerPort: options.port ?? 8080 }] },
          ],
        },
      },
    },
  };
}

/** A ClusterIP Service `port` → `targetPort` selecting `selector`. */
export function service(
  name: string,
  selector: Record<string, string>,
  options: { port?: number; targetPort?: number; namespace?: string; clusterIP?: string } = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, ...(options.namespace ? { namespace: options.namespace } : {}) },
    spec: {
      selector,
      ...(options.clusterIP ? { clusterIP: options.clusterIP } : {}),
      ports: [{ port: options.port ?? 80, targetPort: options.targetPort ?? 8080 }],
    },
  };
}

/** A bare Pod, optionally pinned to a node, with containers `{name, ports}`. */
export function pod(
  name: string,
  options: {
    nodeName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    containers?: { name: string; ports?: number[] }[];
  } = {},
): KubeObject {
  const containers = options.containers ?? [{ name: "main" }];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, ...(options.namespace ? { namespace: options.namespace } : {}), ...(options.labels ? { labels: options.labels } : {}) },
    spec: {
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      // A tools container that idles (as `kubectl run client --image=nicolaka/netshoot -- sleep infinity`),
      // or, with ports, an app that listens on exactly its declared ports.
      containers: containers.map((c) =>
        c.ports
          ? { name: c.name, image: "registry.example/app:1", ports: c.ports.map((p) => ({ containerPort: p })) }
          : { name: c.name, image: "nicolaka/netshoot", command: ["sleep", "infinity"] },
      ),
    },
  };
}

/** A Namespace. */
export function namespace(name: string): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name } };
}

/** A readinessProbe (HTTP GET on `port`) that passes `initialDelaySeconds` after each container start. */
export function readinessProbe(port: number, initialDelaySeconds: number): Record<string, unknown> {
  return { httpGet: { path: "/", port }, initialDelaySeconds };
}

/**
 * A Deployment of nginx (listening on :80) with an explicit RollingUpdate strategy and, when
 * `readinessDelay` is set, a readinessProbe whose initial delay makes a rollout take simulated time.
 */
export function nginxDeployment(
  name: string,
  replicas: number,
  options: { image?: string; readinessDelay?: number; maxSurge?: number | string; maxUnavailable?: number | string; namespace?: string } = {},
): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, ...(options.namespace ? { namespace: options.namespace } : {}) },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxSurge: options.maxSurge ?? "25%", maxUnavailable: options.maxUnavailable ?? "25%" },
      },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: "nginx",
              image: options.image ?? "nginx:1.27",
              ports: [{ containerPort: 80 }],
              ...(options.readinessDelay !== undefined ? { readinessProbe: readinessProbe(80, options.readinessDelay) } : {}),
            },
          ],
        },
      },
    },
  } as KubeObject;
}

/** A StatefulSet of nginx (`app: <serviceName>`), as in the Kubernetes StatefulSet tutorial. */
export function statefulSet(
  name: string,
  replicas: number,
  options: { serviceName?: string; readinessDelay?: number; podManagementPolicy?: "OrderedReady" | "Parallel"; image?: string } = {},
): KubeObject {
  const app = options.serviceName ?? "nginx";
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name },
    spec: {
      serviceName: app,
      replicas,
      ...(options.podManagementPolicy ? { podManagementPolicy: options.podManagementPolicy } : {}),
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: {
          containers: [
            {
              name: "nginx",
              image: options.image ?? "nginx:1.27",
              ports: [{ containerPort: 80, name: "web" }],
              ...(options.readinessDelay !== undefined ? { readinessProbe: readinessProbe(80, options.readinessDelay) } : {}),
            },
          ],
        },
      },
    },
  } as KubeObject;
}

/** A bare ReplicaSet whose Pods carry `labels` and run whoami on :8080. */
export function replicaSet(name: string, replicas: number, selector: Record<string, unknown>, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name },
    spec: {
      replicas,
      selector,
      template: {
        metadata: { labels },
        spec: { containers: [{ name: "app", image: "traefik/whoami:v1.10", args: ["--port", "8080"], ports: [{ containerPort: 8080 }] }] },
      },
    },
  } as KubeObject;
}

/** A Service with any spec (NodePort, headless, ExternalName, named targetPorts…). */
export function serviceWith(name: string, spec: Record<string, unknown>, namespace?: string): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, ...(namespace ? { namespace } : {}) }, spec } as KubeObject;
}

/** A bare Pod with any containers and Pod-level fields (hostNetwork, nodeName…). */
export function podWith(
  name: string,
  containers: readonly Record<string, unknown>[],
  options: { labels?: Record<string, string>; namespace?: string; spec?: Record<string, unknown> } = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, ...(options.namespace ? { namespace: options.namespace } : {}), ...(options.labels ? { labels: options.labels } : {}) },
    spec: { ...(options.spec ?? {}), containers },
  } as unknown as KubeObject;
}

/** A traefik/whoami container listening on `port` (it answers with its host name, addresses and RemoteAddr). */
export function whoamiContainer(name = "api", port = 8080): Record<string, unknown> {
  return { name, image: "traefik/whoami:v1.10", args: ["--port", String(port)] };
}

/** A tools container that idles (`nicolaka/netshoot -- sleep infinity`): a client to exec into. */
export function toolsContainer(name = "main"): Record<string, unknown> {
  return { name, image: "nicolaka/netshoot", command: ["sleep", "infinity"] };
}

/** A Deployment whose Pods (labelled `app: <name>`) all run on `nodeName`, with any containers. */
export function pinnedDeployment(name: string, replicas: number, nodeName: string, containers: readonly Record<string, unknown>[]): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { nodeName, containers } },
    },
  } as unknown as KubeObject;
}
