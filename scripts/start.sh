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

exec yarn start
