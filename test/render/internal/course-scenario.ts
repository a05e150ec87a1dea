/**
 * The manifests the view tests draw: whoami Pods behind `my-api`, nginx Pods of a `frontend`
 * Deployment (optionally behind a Service), and an idle client Pod.
 */

/** The scenario as YAML, with how many of each Pod. */
export function courseYaml(options: { api?: number; frontend?: number; frontendService?: boolean } = {}): string {
  const frontendService = options.frontendService
    ? `---
apiVersion: v1
kind: Service
metadata: { name: frontend }
spec:
  selector: { app: frontend }
  ports: [{ port: 80, targetPort: 80 }]
`
    : "";
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  replicas: ${options.api ?? 3}
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers: [{ name: whoami, image: "traefik/whoami:v1.10", args: ["--port", "8080"], ports: [{ containerPort: 8080 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: my-api }
spec:
  selector: { app: api }
  ports: [{ port: 8080, targetPort: 8080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: frontend }
spec:
  replicas: ${options.frontend ?? 2}
  selector: { matchLabels: { app: frontend } }
  template:
    metadata: { labels: { app: frontend } }
    spec:
      containers: [{ name: nginx, image: "nginx:1.27", ports: [{ containerPort: 80 }] }]
${frontendService}---
apiVersion: v1
kind: Pod
metadata: { name: client }
spec:
  containers: [{ name: netshoot, image: nicolaka/netshoot, command: ["sleep", "infinity"] }]
`;
}

/** The course scenario at its usual size: three whoami Pods, two nginx Pods, a client. */
export const COURSE_YAML = courseYaml();
