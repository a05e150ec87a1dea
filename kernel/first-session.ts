/**
 * A first session's cells: the course's first cell, a client Pod, and a realistic cell (apply a
 * Deployment and a Service, curl the Service, show the trace). `npm run build` runs them to seed
 * the kernel's code cache (scripts/kernel-code-cache.cjs); `npm run bench -- cold` measures them.
 */

/** The first cell of the course. */
export const FIRST_CELL = 'import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 3, seed: 1 });\ncluster';

/** A realistic cell; `n` makes its text (so its compile) and its objects new. */
export function realisticCell(n: number): string {
  return `cluster.apply(\`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-${n}
spec:
  replicas: 2
  selector:
    matchLabels: { app: api-${n} }
  template:
    metadata:
      labels: { app: api-${n} }
    spec:
      containers:
        - name: api
          image: traefik/whoami:v1.10
          ports:
            - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: api-${n}
spec:
  selector: { app: api-${n} }
  ports:
    - port: 80
\`);
const trace${n} = cluster.exec("client", "curl -s http://api-${n}/");
trace${n}`;
}

/** The Pod the realistic cells curl from. */
export const CLIENT_CELL = `cluster.apply(\`
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
    - name: client
      image: curlimages/curl:8.11.1
      command: ["sleep", "infinity"]
\`)`;
