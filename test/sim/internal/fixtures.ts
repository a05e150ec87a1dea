/**
 * Manifest builders shared by the sim, render and cluster tests. They return plain objects typed
 * like the Kubernetes API, so a test reads as the manifest a notebook would apply.
 */
import type { KubeObject } from "../../../lib/model/manifest.js";

/** A Deployment whose Pods run one container listening on `port` (TCP), labelled `app: <name>`. */
export function deployment(
  name: string,
  replicas: number,
  options: { port?: number; image?: string; namespace?: string } = {},
): KubeObject {
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
