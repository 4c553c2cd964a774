#!/usr/bin/env bash
# Starts the product on its embedded defaults: bootstraps the toolchain, starts
# the two local Kubernetes clusters (tenants-dev for the azure regions,
# tenants-dev-aws for the aws and gcp ones, with cert-manager, external-dns and
# their DNS server on 127.0.0.1:15353), and runs Backstage with SQLite:
# frontend on http://localhost:3000, backend on http://localhost:7007.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/bootstrap.sh
source scripts/env.sh

eval "$(scripts/local-clusters.sh up dev)"
export KUBECONFIG="$TENANTS_LOCAL_KUBECONFIG"
echo "[start] local clusters ready; kubeconfig (contexts local-azure, local-aws): $KUBECONFIG" >&2
echo "[start] stop them with: scripts/local-clusters.sh down dev" >&2

# The catalog's Kubernetes tab reaches each local cluster through a kubectl
# proxy (app-config.yaml: kubernetes.clusterLocatorMethods): :8001 for the
# azure cluster, :8002 for the aws one.
kubectl="$(tools/local-cluster/build.sh --check)/kubectl"
proxy_pids=()
for proxy in local-azure:8001 local-aws:8002; do
  context="${proxy%:*}" port="${proxy#*:}"
  if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
    echo "[start] port $port is taken; the Kubernetes tab of $context uses whatever proxy listens there" >&2
  else
    "$kubectl" --kubeconfig "$KUBECONFIG" --context "$context" proxy --port="$port" >/dev/null &
    proxy_pids+=($!)
  fi
done
trap 'kill "${proxy_pids[@]}" 2>/dev/null || true' EXIT

yarn start
