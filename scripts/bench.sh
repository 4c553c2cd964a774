#!/usr/bin/env bash
# Every performance figure of docs/performance.md in one command (prints
# figures; not a test, never fails on them). Each benchmark prints its full
# report as it finishes; one summary block of all figures comes last.
#
#   1. Sequential provisioning (scripts/bench-provisioning.sh): wall time over
#      critical path and kube-apiserver requests per tenant, on the local
#      cluster tenants-bench with a FIXED pod ready delay.
#   2. Concurrent provisioning (scripts/bench/concurrentProvisioning.ts): one
#      tenant alone, then 50 at once through scaffolder + tenant actions +
#      Tenant Service in one backend process, on the same cluster: how many
#      reach `ready`, p50/p95 duration against the single tenant's, queue
#      wait, requests per tenant, backend memory at rest and under the load.
#      Runs once per --task-limit (the scaffolder's concurrentTasksLimit).
#   3. API latency (scripts/bench/apiLatency.mjs): 10,000 seeded tenants, list
#      and status endpoints at a fixed, paced request rate (open loop), on
#      SQLite and PostgreSQL, each against its target.
#   4. Drift checks (scripts/bench/driftCheck.ts): 1,000 tenants' objects on
#      the same cluster, a few changed by hand, then rounds of the scheduled
#      drift check (TenantDriftChecker.checkAll): time to check them all,
#      p50/p95 per tenant, API requests per tenant per check, CPU. Its report
#      is printed and kept (drift.txt, drift.json), not in the summary block.
#
# Starts what it needs (the tenants-bench cluster, PostgreSQL on
# 127.0.0.1:54329) and stops afterwards what it started. Works from a fresh
# clone after scripts/bootstrap.sh.
#
# Usage: scripts/bench.sh [options]
#   --quick                  a short run for trying it out: 3 concurrent tenants,
#                            1,000 API tenants, 3 s per endpoint, 2 sequential tenants,
#                            50 drift check tenants
#   --sequential N           tenants of the sequential benchmark (default 3)
#   --tenants N              tenants provisioned at once (default 50)
#   --task-limit L[,L...]    scaffolder concurrentTasksLimit of the concurrent runs;
#                            `default` = app-config's (none set: 10) (default: default,50)
#   --provisioning-db DB     sqlite (in memory, as app-config.yaml) or postgres (default sqlite)
#   --api-tenants N          tenants seeded for the API benchmark (default 10000)
#   --rate R                 API requests per second (default 200)
#   --duration S             measured seconds per API endpoint (default 20)
#   --api-db LIST            databases of the API benchmark (default sqlite,postgres)
#   --drift-tenants N        tenants of the drift check benchmark (default 1000)
#   --ready-delay-ms MS      pod ready delay of the cluster (default 3000)
#   --skip-provisioning      only the API benchmark
#   --skip-api               only the provisioning benchmarks
#   --skip-drift             no drift check benchmark
#   --out DIR                keep the reports and JSON figures there (default: a temporary directory)
#   --keep-cluster           leave the tenants-bench cluster running
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"

SEQUENTIAL=3
TENANTS=50
TASK_LIMITS="default,50"
PROVISIONING_DB=sqlite
API_TENANTS=10000
RATE=200
DURATION=20
API_DB=sqlite,postgres
DELAY_MS=3000
SKIP_PROVISIONING=0
SKIP_API=0
DRIFT_TENANTS=1000
SKIP_DRIFT=0
OUT=""
KEEP_CLUSTER=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
while (($#)); do
  case "$1" in
    --quick) SEQUENTIAL=2; TENANTS=3; TASK_LIMITS=default; API_TENANTS=1000; DURATION=3; DRIFT_TENANTS=50; shift ;;
    --sequential) SEQUENTIAL="$2"; shift 2 ;;
    --tenants) TENANTS="$2"; shift 2 ;;
    --task-limit) TASK_LIMITS="$2"; shift 2 ;;
    --provisioning-db) PROVISIONING_DB="$2"; shift 2 ;;
    --api-tenants) API_TENANTS="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --api-db) API_DB="$2"; shift 2 ;;
    --ready-delay-ms) DELAY_MS="$2"; shift 2 ;;
    --skip-provisioning) SKIP_PROVISIONING=1; shift ;;
    --skip-api) SKIP_API=1; shift ;;
    --drift-tenants) DRIFT_TENANTS="$2"; shift 2 ;;
    --skip-drift) SKIP_DRIFT=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    --keep-cluster) KEEP_CLUSTER=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

log() { printf '\n[bench] === %s\n' "$*" >&2; }
if [[ ! -d "$ROOT/node_modules" ]]; then
  echo "[bench] node_modules missing: run scripts/bootstrap.sh first" >&2
  exit 1
fi
if [[ -z "$OUT" ]]; then OUT="$(mktemp -d -t tenants-bench-XXXXXX)"; fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
rm -f "$OUT"/*.json

started=$(date +%s)
load_start="$(cut -d' ' -f1 /proc/loadavg)"

export LOCAL_CLUSTER_NAME=tenants-bench
export LOCAL_CLUSTER_POD_READY_DELAY_MS="$DELAY_MS"
export LOCAL_CLUSTER_POD_READY_JITTER_MS=0
CLUSTER="$ROOT/tools/local-cluster/cluster.sh"
started_cluster=0
started_postgres=0
cleanup() {
  local code=$?
  if ((started_cluster && !KEEP_CLUSTER)); then
    log "stopping cluster $LOCAL_CLUSTER_NAME"
    "$CLUSTER" down >/dev/null 2>&1 || true
  fi
  if ((started_postgres)); then
    scripts/postgres.sh stop || true
  fi
  exit "$code"
}
trap cleanup EXIT
failures=()

if ((!SKIP_PROVISIONING)); then
  "$CLUSTER" status >/dev/null 2>&1 || started_cluster=1

  log "1. sequential provisioning: $SEQUENTIAL tenant(s), pod ready delay $DELAY_MS ms"
  # --keep-cluster: the concurrent runs use the same cluster; this script stops it.
  if ! scripts/bench-provisioning.sh -n "$SEQUENTIAL" --ready-delay-ms "$DELAY_MS" \
    --jitter-ms 0 --keep-cluster --json "$OUT/sequential.json" | tee "$OUT/sequential.txt"; then
    failures+=("sequential provisioning")
  fi

  kubeconfig="$("$CLUSTER" up | tail -n 1)"
  # Room for 50 tenants (about 600 Services and 450 pods): the local cluster
  # has a second Service range and six general nodes (tools/local-cluster).
  if [[ "$PROVISIONING_DB" == postgres ]]; then
    scripts/postgres.sh status >/dev/null 2>&1 || started_postgres=1
    eval "$(scripts/postgres.sh start)"
  fi
  IFS=',' read -r -a limits <<<"$TASK_LIMITS"
  for limit in "${limits[@]}"; do
    limit_args=()
    [[ "$limit" == default ]] || limit_args=(--task-limit "$limit")
    log "2. concurrent provisioning: 1 tenant alone, then $TENANTS at once (scaffolder concurrentTasksLimit $limit, $PROVISIONING_DB)"
    if ! node --require @backstage/cli-node/config/nodeTransform.cjs --expose-gc \
      scripts/bench/concurrentProvisioning.ts \
      --kubeconfig "$kubeconfig" --tenants "$TENANTS" --baseline 5 \
      --db "$PROVISIONING_DB" --ready-delay-ms "$DELAY_MS" --jitter-ms 0 \
      --cluster-pids-dir "$(dirname "$kubeconfig")/pids" \
      ${limit_args[@]+"${limit_args[@]}"} \
      --json "$OUT/concurrent-$limit.json" | tee "$OUT/concurrent-$limit.txt"; then
      failures+=("concurrent provisioning (limit $limit)")
    fi
  done
fi

if ((!SKIP_API)); then
  if [[ ",$API_DB," == *",postgres,"* ]]; then
    scripts/postgres.sh status >/dev/null 2>&1 || started_postgres=1
    eval "$(scripts/postgres.sh start)"
  fi
  log "3. API latency: $API_TENANTS tenants, $RATE req/s, $DURATION s per endpoint ($API_DB)"
  if ! node scripts/bench/apiLatency.mjs --db "$API_DB" --tenants "$API_TENANTS" \
    --rate "$RATE" --duration "$DURATION" --json "$OUT/api.json" | tee "$OUT/api.txt"; then
    failures+=("API latency")
  fi
fi

if ((!SKIP_DRIFT)); then
  "$CLUSTER" status >/dev/null 2>&1 || started_cluster=1
  kubeconfig="$("$CLUSTER" up | tail -n 1)"
  # A cluster this script stops afterwards need not have the tenants'
  # namespaces deleted first (minutes for 1,000 tenants).
  drift_keep=()
  if ((started_cluster && !KEEP_CLUSTER)); then drift_keep=(--keep); fi
  log "4. drift checks: $DRIFT_TENANTS tenants on $LOCAL_CLUSTER_NAME"
  if ! node --require @backstage/cli-node/config/nodeTransform.cjs --expose-gc \
    scripts/bench/driftCheck.ts --kubeconfig "$kubeconfig" \
    --cluster-name "$LOCAL_CLUSTER_NAME" --tenants "$DRIFT_TENANTS" \
    ${drift_keep[@]+"${drift_keep[@]}"} \
    --json "$OUT/drift.json" | tee "$OUT/drift.txt"; then
    failures+=("drift checks")
  fi
fi

load_end="$(cut -d' ' -f1 /proc/loadavg)"
node scripts/bench/summary.mjs "$OUT" --wall-s "$(($(date +%s) - started))" \
  --load "$load_start at the start, $load_end at the end" | tee "$OUT/summary.txt"
echo "[bench] reports and JSON figures: $OUT" >&2
if ((${#failures[@]})); then
  echo "[bench] did not complete: ${failures[*]}" >&2
  exit 1
fi
