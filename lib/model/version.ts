/**
 * The one place that says which Kubernetes podtalk models: v1.35, installed with kubeadm on
 * Debian nodes running containerd, with flannel. Every text that shows a version (nodes'
 * VERSION column, `describe node` System Info, the system Pods' images) reads it from here, and
 * so do the wordings that changed between releases (see docs/fidelity.md, "Kubernetes version").
 */

/** The Kubernetes release: kubelet, kube-proxy, kubectl and the control plane all run it. */
export const KUBERNETES_VERSION = "v1.35.0";

/** What each node reports in `status.nodeInfo` (`get nodes -o wide`, `describe node`). */
export const NODE_INFO = {
  /** `kubeletVersion`: the VERSION column. */
  version: KUBERNETES_VERSION,
  osImage: "Debian GNU/Linux 12 (bookworm)",
  kernelVersion: "6.1.0-28-amd64",
  /**
   * `containerRuntimeVersion`: a containerd 2 release of 2025, as a node installed for v1.35
   * would run. This is podtalk's choice, not something Kubernetes fixes.
   */
  containerRuntime: "containerd://2.1.4",
  /**
   * `kubeProxyVersion`: empty. The field is deprecated (KEP-4004) and the kubelet stopped filling
   * it once the `DisableNodeKubeProxyVersion` feature gate came on by default (v1.31 on); kubectl
   * still prints the `Kube-Proxy Version:` line of `describe node`, with nothing after it.
   */
  kubeProxyVersion: "",
} as const;

/**
 * The images kubeadm v1.35.0 deploys. The control-plane components and kube-proxy carry the
 * Kubernetes version; etcd and CoreDNS the versions kubeadm pins for the release
 * (cmd/kubeadm/app/constants/constants.go `DefaultEtcdVersion`, `CoreDNSVersion`, the same
 * versions as build/dependencies.yaml at the v1.35.0 tag: etcd 3.6.6, CoreDNS v1.13.1).
 */
export const KUBEADM_IMAGES = {
  etcd: "registry.k8s.io/etcd:3.6.6-0",
  kubeApiserver: `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`,
  kubeControllerManager: `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
  kubeScheduler: `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`,
  kubeProxy: `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`,
  coredns: "registry.k8s.io/coredns/coredns:v1.13.1",
} as const;

/** The flannel release kube-flannel.yml deploys (independent of Kubernetes' version). */
export const FLANNEL_IMAGE = "ghcr.io/flannel-io/flannel:v0.26.7";

/**
 * What kube-proxy v1.35 says when it starts in IPVS mode, which v1.35 deprecates (KEP-5495,
 * kubernetes/kubernetes PR #134539, cmd/kube-proxy/app/server_linux.go): a warning in its log and
 * a Warning event `IPVSDeprecation` on its Node.
 */
export const IPVS_DEPRECATION = "The ipvs proxier is now deprecated and may be removed in a future release. Please use 'nftables' instead.";
