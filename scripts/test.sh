#!/usr/bin/env bash
# The whole test suite, from a fresh clone: bootstraps the toolchain, starts
# what the tests need (two local Kubernetes clusters, tenants-test for the
# azure regions and tenants-test-aws for the aws ones, with cert-manager,
# external-dns and their DNS server; and PostgreSQL), type-checks, lints, checks the API reports, runs every
# package's tests (unit and integration, databases on SQLite and PostgreSQL),
# starts the real backend on SQLite and on PostgreSQL, follows docs/install.md
# in a brand-new portal and uses the product there in Chromium, runs the
# end-to-end tests of this repository's app in Chromium, then stops what it
# started. Exits non-zero on any failure.
#
# On a cold machine the control plane's `go build` takes most of the time: it
# runs in the background at low priority from the start, while the steps that
# need no cluster (dependencies, type check, lint, API reports, the frontend
# tests, preparing the adopter portal) run; the clusters start when it is done.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

step_started=0
step() {
  local now; now=$(date +%s)
  [ "$step_started" != 0 ] && printf '[test] ... %ss\n' "$((now - step_started))"
  step_started=$now
  printf '\n[test] === %s\n' "$*"
}

started_cluster=0
started_postgres=0
control_plane_build=
adopter_dir=
cleanup() {
  local code=$?
  if [ -n "$control_plane_build" ]; then kill -- "-$control_plane_build" 2>/dev/null || true; fi
  if [ -n "$adopter_dir" ]; then rm -rf "$adopter_dir"; fi
  if [ "$code" != 0 ] && [ -n "${TENANTS_TEST_KUBECONFIG:-}" ]; then
    for name in tenants-test tenants-test-aws; do
      echo "[test] failed; the state of the local cluster $name:" >&2
      LOCAL_CLUSTER_NAME=$name tools/local-cluster/cluster.sh diagnose >&2 || true
    done
  fi
  if [ "$started_cluster" = 1 ] && [ "${KEEP_TEST_SERVICES:-}" != 1 ]; then
    scripts/local-clusters.sh down test >/dev/null 2>&1 || true
  fi
  if [ "$started_postgres" = 1 ] && [ "${KEEP_TEST_SERVICES:-}" != 1 ]; then
    scripts/postgres.sh stop || true
  fi
  exit "$code"
}
trap cleanup EXIT

mkdir -p test-results

step "local Kubernetes control plane: build (in the background, low priority; cached after the first run)"
# setsid: its own process group, so that cleanup can stop the go build under it.
setsid nice -n 19 tools/local-cluster/build.sh > test-results/control-plane-build.log 2>&1 &
control_plane_build=$!

step "toolchain and dependencies"
scripts/bootstrap.sh
source scripts/env.sh

step "PostgreSQL"
scripts/postgres.sh status >/dev/null 2>&1 || started_postgres=1
eval "$(scripts/postgres.sh start)"
export TENANTS_REQUIRE_POSTGRES=true

step "type check"
yarn tsc
# Outside the workspaces: the benchmarks, the adopter test and the end-to-end tests.
yarn tsc -p scripts/bench/tsconfig.json
yarn tsc -p scripts/adopter/tsconfig.json

step "lint"
yarn backstage-cli repo lint
# package.json metadata that publishing needs (`yarn fix` writes it)
yarn backstage-cli repo fix --publish --check

step "API reports"
# Each package's report.api.md must describe its public API as it is now.
if ! yarn build:api-reports:only --ci; then
  echo "[test] A package's public API differs from its report.api.md (see above)." >&2
  echo "[test] Regenerate the reports with 'yarn build:api-reports', review the diff and commit it." >&2
  exit 1
fi

step "unit tests of the scripts"
node --test scripts/adopter/*.test.mjs 2>&1 | tee test-results/scripts.log
scripts_passed="$(sed -nE 's/^ℹ pass ([0-9]+)$/\1/p' test-results/scripts.log)"

# The packages whose tests need no cluster run while the control plane builds;
# every other package runs once the clusters are up (--ignoreProjects: a new
# package lands there unless it is listed here).
cluster_free_packages=(app @tenant-platform/backstage-plugin-tenants @tenant-platform/backstage-plugin-tenants-common)
# --experimental-vm-modules lets Jest load ESM-only packages (@kubernetes/client-node)
# through dynamic import(), the way the backend loads them at run time.
run_jest() { # <log file> <jest arguments...>
  local log="$1"; shift
  CI=true NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" yarn backstage-cli repo test "$@" 2>&1 | tee "$log"
}
jest_passed_in() { sed -nE 's/^Tests:.* ([0-9]+) passed.*/\1/p' "$1" | tail -n 1; }

step "unit tests of the packages that need no cluster (${cluster_free_packages[*]})"
run_jest test-results/jest-cluster-free.log --selectProjects "${cluster_free_packages[@]}"
jest_passed="$(jest_passed_in test-results/jest-cluster-free.log)"

step "Chromium for the end-to-end tests"
if ! command -v chromium >/dev/null 2>&1; then
  echo "[test] installing Debian's chromium" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi

step "adopter portal: a new @backstage/create-app portal with docs/install.md applied"
adopter_dir="$(mktemp -d /tmp/tenant-platform-adopter.XXXXXX)"
ADOPTER_DIR="$adopter_dir" scripts/adopter-portal.sh prepare

step "local Kubernetes clusters (tenants-test, tenants-test-aws) and their DNS server"
if ! wait "$control_plane_build"; then
  control_plane_build=
  tail -n 40 test-results/control-plane-build.log >&2
  echo "[test] building the control plane failed (test-results/control-plane-build.log)" >&2
  exit 1
fi
control_plane_build=
grep -E '^\[build\] (cached|total|module download|control-plane|external-dns)' test-results/control-plane-build.log || true
scripts/local-clusters.sh status test >/dev/null 2>&1 || started_cluster=1
clusters_env="$(scripts/local-clusters.sh up test)"
eval "$clusters_env"
# The azure cluster is the one most tests provision on; the placement tests
# use both.
export TENANTS_TEST_KUBECONFIG="$TENANTS_LOCAL_AZURE_KUBECONFIG"
export TENANTS_TEST_AWS_KUBECONFIG="$TENANTS_LOCAL_AWS_KUBECONFIG"
export TENANTS_TEST_DNS_RESOLVER="$TENANTS_DNS_RESOLVER"
export LOCAL_DNS_NAME LOCAL_DNS_PORT
# Not exported: tests that name no cluster connection expect the default
# kubeconfig to reach nothing. The backends started from app-config.yaml
# (smoke, end-to-end) get it, for the contexts local-azure and local-aws.

step "unit and integration tests of the other packages"
run_jest test-results/jest.log --ignoreProjects "${cluster_free_packages[@]}"
jest_passed=$((jest_passed + $(jest_passed_in test-results/jest.log)))

step "backend start-up on SQLite"
KUBECONFIG="$TENANTS_LOCAL_KUBECONFIG" node scripts/smoke-backend.mjs sqlite
smoke_passed=1

step "backend start-up on PostgreSQL"
KUBECONFIG="$TENANTS_LOCAL_KUBECONFIG" node scripts/smoke-backend.mjs postgres
smoke_passed=2

step "adopter portal: its backend and, in Chromium, the product in it"
ADOPTER_DIR="$adopter_dir" scripts/adopter-portal.sh run
smoke_passed=3
adopter_passed="$(sed -nE 's/^ *([0-9]+) passed \(.*/\1/p' test-results/adopter-e2e.log | tail -n 1)"

step "end-to-end tests in Chromium"
# Playwright starts the app (frontend :3000, backend :7007) and stops it afterwards;
# screenshots and traces go to test-results/e2e, the report to e2e-test-report/.
# The backend reaches the clusters of app-config.yaml through KUBECONFIG (the
# contexts local-azure and local-aws of the test clusters), where the tests
# provision tenants and inject faults, and asks the test clusters' DNS server
# instead of app-config.yaml's (the development clusters').
KUBECONFIG="$TENANTS_LOCAL_KUBECONFIG" APP_CONFIG_tenants_validation_dnsResolver="$TENANTS_TEST_DNS_RESOLVER" \
  CI=true yarn playwright test 2>&1 | tee test-results/e2e.log
e2e_passed="$(sed -nE 's/^ *([0-9]+) passed \(.*/\1/p' test-results/e2e.log | tail -n 1)"

step "done"
echo "[test] all checks passed"
echo "tests: $((scripts_passed + jest_passed + smoke_passed + adopter_passed + e2e_passed)) passed, 0 failed"
