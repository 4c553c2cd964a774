#!/usr/bin/env bash
# Starts the product on its embedded defaults: bootstraps the toolchain, starts
# the local Kubernetes control plane (tenants-dev), and runs Backstage with
# SQLite: frontend on http://localhost:3000, backend on http://localhost:7007.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/bootstrap.sh
source scripts/env.sh

KUBECONFIG="$(tools/local-cluster/cluster.sh up | tail -n 1)"
export KUBECONFIG
echo "[start] local cluster ready; kubeconfig: $KUBECONFIG" >&2
echo "[start] stop it with: tools/local-cluster/cluster.sh down" >&2

# The catalog's Kubernetes tab reaches the local cluster through kubectl proxy
# on :8001 (app-config.yaml: clusterLocatorMethods localKubectlProxy).
if (exec 3<>/dev/tcp/127.0.0.1/8001) 2>/dev/null; then
  echo "[start] port 8001 is taken; the Kubernetes tab uses whatever proxy listens there" >&2
else
  tools/local-cluster/cluster.sh kubectl proxy --port=8001 >/dev/null &
  proxy_pid=$!
  trap 'kill "$proxy_pid" 2>/dev/null || true' EXIT
fi

yarn start
