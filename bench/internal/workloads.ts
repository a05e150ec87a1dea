/** What the benchmarks build clusters from. */
import type { Container, ServicePort } from "kubernetes-types/core/v1";
import type { KubeObject } from "../../lib/model/objects.js";

/**
 * `count` Deployments `app-<i>` of `replicas` Pods running `container`, each behind a Service of
 * its own with `ports`: Deployment, Service, Deployment, … in that order.
 */
export function appsWithServices(count: number, replicas: number, container: Container, ports: ServicePort[]): KubeObject[] {
  const objects: KubeObject[] = [];
  for (let i = 0; i < count; i++) {
    const name = `app-${i}`;
    objects.push(
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name },
        spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [container] } } },
      },
      { apiVersion: "v1", kind: "Service", metadata: { name }, spec: { selector: { app: name }, ports } },
    );
  }
  return objects;
}
