import { Cluster } from "../../lib/index.js";

/** A Deployment `api` (two Pods, a named port), a NodePort Service `api` with two ports, and a bare Pod `client`. */
export const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, tier: web}}
    spec:
      containers:
      - {name: api, image: traefik/whoami, ports: [{containerPort: 80, name: http}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, labels: {team: core}}
spec:
  type: NodePort
  selector: {app: api}
  ports:
  - {name: http, port: 8080, targetPort: http}
  - {name: metrics, port: 9090, targetPort: 80}
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec:
  containers: [{name: client, image: curlimages/curl, command: ["sleep", "infinity"]}]
`;

/** A three-node cluster running MANIFEST, 30 simulated seconds later. */
export function apiCluster(options: ConstructorParameters<typeof Cluster>[0] = {}): Cluster {
  const c = new Cluster({ nodes: 3, seed: 1, ...options });
  c.apply(MANIFEST);
  c.advance("30s");
  return c;
}
