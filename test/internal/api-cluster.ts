/**
 * The cluster the verb tests share: a 3-replica nginx Deployment `api` whose Pods turn Ready 5 s
 * after they start (so a rolling update takes simulated time), its Service, and a client Pod.
 */
import { Cluster } from "../../lib/index.js";

export function apiDeployment(image = "nginx:1.26", extra = ""): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
${extra}spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: app
          image: "${image}"
          ports: [{containerPort: 80}]
          readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 5}
        - name: sidecar
          image: busybox
          command: [sleep, infinity]
`;
}

export const API_SERVICE = `apiVersion: v1
kind: Service
metadata: {name: api}
spec: {selector: {app: api}, ports: [{port: 80}]}
`;

export const CLIENT = `apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {nodeName: node-1, containers: [{name: c, image: nicolaka/netshoot, command: [sleep, infinity]}]}
`;

/** A cluster with `api` rolled out and settled (10 s after applying). */
export function apiCluster(options: { proxyMode?: "iptables" | "ipvs" | "nftables"; nodes?: number } = {}): Cluster {
  const cluster = new Cluster({ seed: 1, nodes: options.nodes ?? 2, ...(options.proxyMode ? { proxyMode: options.proxyMode } : {}), controlPlaneTaint: false });
  cluster.apply([apiDeployment(), API_SERVICE, CLIENT].join("---\n"));
  cluster.advance("10s");
  return cluster;
}
