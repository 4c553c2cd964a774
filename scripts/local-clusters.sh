#!/usr/bin/env bash
# The platform's two local clusters, as scripts/start.sh (set "dev") and
# scripts/test.sh (set "test") run them: one serves the azure regions, the
# other the aws and gcp regions, and both publish tenant names into one DNS
# server on loopback (tools/local-cluster/README.md).
#
# Usage: scripts/local-clusters.sh up|down|status dev|test
#   up      starts both clusters (and their DNS server) and writes one
#           kubeconfig with the contexts local-azure and local-aws, the
#           contexts app-config.yaml names; prints `export` lines:
#           TENANTS_LOCAL_KUBECONFIG (both contexts), TENANTS_LOCAL_AZURE_KUBECONFIG,
#           TENANTS_LOCAL_AWS_KUBECONFIG (each cluster's own), TENANTS_DNS_RESOLVER,
#           and LOCAL_DNS_NAME/LOCAL_DNS_PORT, so that another cluster.sh up
#           (e.g. a test's own cluster) publishes to the same DNS server.
#   down    stops both clusters and the DNS server.
#   status  exit 0 if both clusters are up.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cluster_sh="$root/tools/local-cluster/cluster.sh"

command="${1:-}"
set_name="${2:-}"
case "$set_name" in
  dev) azure=tenants-dev; aws=tenants-dev-aws; dns_port=15353 ;;
  test) azure=tenants-test; aws=tenants-test-aws; dns_port=15354 ;;
  *) echo "usage: $0 up|down|status dev|test" >&2; exit 2 ;;
esac
export LOCAL_DNS_NAME="tenants-$set_name-dns" LOCAL_DNS_PORT="$dns_port"

merged="${XDG_CACHE_HOME:-$HOME/.cache}/tenant-platform/local-cluster/$set_name-clusters.kubeconfig.yaml"

case "$command" in
  up)
    azure_kubeconfig="$(LOCAL_CLUSTER_NAME=$azure "$cluster_sh" up | tail -n 1)"
    aws_kubeconfig="$(LOCAL_CLUSTER_NAME=$aws "$cluster_sh" up | tail -n 1)"
    kubectl="$("$root/tools/local-cluster/build.sh" --check)/kubectl"
    # One file with a context per platform cluster name; each cluster's own
    # kubeconfig (context kwok-<name>) stays as kwokctl wrote it.
    tmp="$merged.tmp"
    KUBECONFIG="$azure_kubeconfig:$aws_kubeconfig" "$kubectl" config view --flatten >"$tmp"
    "$kubectl" --kubeconfig "$tmp" config rename-context "kwok-$azure" local-azure >/dev/null
    "$kubectl" --kubeconfig "$tmp" config rename-context "kwok-$aws" local-aws >/dev/null
    "$kubectl" --kubeconfig "$tmp" config use-context local-azure >/dev/null
    chmod 600 "$tmp"
    mv "$tmp" "$merged"
    echo "export TENANTS_LOCAL_KUBECONFIG=$merged"
    echo "export TENANTS_LOCAL_AZURE_KUBECONFIG=$azure_kubeconfig"
    echo "export TENANTS_LOCAL_AWS_KUBECONFIG=$aws_kubeconfig"
    echo "export TENANTS_DNS_RESOLVER=127.0.0.1:$dns_port"
    echo "export LOCAL_DNS_NAME=$LOCAL_DNS_NAME LOCAL_DNS_PORT=$LOCAL_DNS_PORT"
    ;;
  down)
    LOCAL_CLUSTER_NAME=$aws "$cluster_sh" down
    LOCAL_CLUSTER_NAME=$azure "$cluster_sh" down
    rm -f "$merged"
    ;;
  status)
    LOCAL_CLUSTER_NAME=$azure "$cluster_sh" status && LOCAL_CLUSTER_NAME=$aws "$cluster_sh" status
    ;;
  *) echo "usage: $0 up|down|status dev|test" >&2; exit 2 ;;
esac
