#!/usr/bin/env bash
# Provisioning benchmark (prints figures; not a test, never fails on them).
#
# Brings up a local cluster of its own (LOCAL_CLUSTER_NAME, default
# tenants-bench) with a FIXED pod ready delay, provisions N tenants one after
# the other through the real scaffolder phase actions (every phase, then
# validation), prints per tenant: wall time, critical path (sum over phases of
# the slowest workload readiness), their ratio (target <= 1.03) and the API
# requests made, with min/median/max, a per-phase breakdown and the requests
# by verb and resource; then tears the tenants down and stops the cluster if
# it started it.
#
# Usage: scripts/bench-provisioning.sh [options]
#   -n, --tenants N          tenants to provision, sequentially (default 3; env BENCH_TENANTS)
#   --ready-delay-ms MS      pod ready delay of the cluster (default 3000; env BENCH_READY_DELAY_MS)
#   --jitter-ms MS           extra random ready delay 0..MS (default 0; env BENCH_READY_JITTER_MS)
#   --keep-cluster           leave the cluster running afterwards (reused by the next run)
#   --json FILE              also write the raw measurements as JSON
#   --verbose                log every phase action line (stderr)
#   --trace                  print every API request with its time offset (stderr)
#   --typecheck              type-check the benchmark sources first (tsc, ~1 min)
#
# The figures go to stdout; progress to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

TENANTS="${BENCH_TENANTS:-3}"
DELAY_MS="${BENCH_READY_DELAY_MS:-3000}"
JITTER_MS="${BENCH_READY_JITTER_MS:-0}"
KEEP_CLUSTER=0
TYPECHECK=0
BENCH_ARGS=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
while (($#)); do
  case "$1" in
    -n | --tenants) TENANTS="$2"; shift 2 ;;
    --ready-delay-ms) DELAY_MS="$2"; shift 2 ;;
    --jitter-ms) JITTER_MS="$2"; shift 2 ;;
    --keep-cluster) KEEP_CLUSTER=1; shift ;;
    --json) BENCH_ARGS+=(--json "$(realpath -m "$2")"); shift 2 ;;
    --verbose | --trace) BENCH_ARGS+=("$1"); shift ;;
    --typecheck) TYPECHECK=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for value in "$TENANTS" "$DELAY_MS" "$JITTER_MS"; do
  [[ "$value" =~ ^[0-9]+$ ]] || { echo "not a non-negative integer: $value" >&2; exit 2; }
done
((TENANTS >= 1)) || { echo "--tenants must be at least 1" >&2; exit 2; }

export LOCAL_CLUSTER_NAME="${LOCAL_CLUSTER_NAME:-tenants-bench}"
export LOCAL_CLUSTER_POD_READY_DELAY_MS="$DELAY_MS"
export LOCAL_CLUSTER_POD_READY_JITTER_MS="$JITTER_MS"
CLUSTER="$ROOT/tools/local-cluster/cluster.sh"
PKG="$ROOT/plugins/scaffolder-backend-module-tenants"
log() { printf '[bench-provisioning] %s\n' "$*" >&2; }

if [[ ! -d "$ROOT/node_modules" ]]; then
  log "node_modules missing: run scripts/bootstrap.sh first"
  exit 1
fi
if ((TYPECHECK)); then
  log "type-checking bench/ (tsc -p bench/tsconfig.json)"
  (cd "$ROOT" && yarn tsc -p plugins/scaffolder-backend-module-tenants/bench/tsconfig.json)
fi

# The delay is fixed when the cluster is created: a running cluster of this
# name with other delay settings is recreated.
STAGES="${XDG_CACHE_HOME:-$HOME/.cache}/tenant-platform/local-cluster/rendered/$LOCAL_CLUSTER_NAME/kwok-stages.yaml"
has_wanted_delay() {
  [[ -f "$STAGES" ]] &&
    grep -q "durationMilliseconds: $DELAY_MS\$" "$STAGES" &&
    grep -q "jitterDurationMilliseconds: $((DELAY_MS + JITTER_MS))\$" "$STAGES"
}

STARTED=1   # stop the cluster afterwards only if it was not running before
if "$CLUSTER" status 2>/dev/null; then
  STARTED=0
  if has_wanted_delay; then
    log "reusing running cluster $LOCAL_CLUSTER_NAME (ready delay ${DELAY_MS} ms, jitter ${JITTER_MS} ms)"
  else
    log "cluster $LOCAL_CLUSTER_NAME runs with other ready delay settings: recreating it"
    "$CLUSTER" down
  fi
fi
stop_cluster() {
  if ((STARTED && !KEEP_CLUSTER)); then
    log "stopping cluster $LOCAL_CLUSTER_NAME"
    "$CLUSTER" down || true
  fi
}
trap stop_cluster EXIT
KUBECONFIG_PATH="$("$CLUSTER" up | tail -n 1)"

log "provisioning $TENANTS tenant(s) on $LOCAL_CLUSTER_NAME (pod ready delay ${DELAY_MS} ms, jitter ${JITTER_MS} ms)"
# TypeScript runs through the Backstage CLI's node transform (SWC), as
# `backstage-cli package start` runs backends.
cd "$PKG"
node --require @backstage/cli-node/config/nodeTransform.cjs \
  bench/provisioningBenchmark.ts \
  --kubeconfig "$KUBECONFIG_PATH" \
  --tenants "$TENANTS" \
  --ready-delay-ms "$DELAY_MS" \
  --jitter-ms "$JITTER_MS" \
  ${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}
