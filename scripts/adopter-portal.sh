#!/usr/bin/env bash
# Proves docs/install.md in a Backstage portal that is not this repository:
# creates a brand-new app with @backstage/create-app (the version of the
# Backstage release this repository pins) outside the repository, pins its
# dependencies as this repository does, serves the five packages as packed
# for publishing from a registry on loopback, applies the guide's blocks (its
# `yarn add` commands install from that registry; of its two permission
# policy variants it takes a policy of the portal's own), type checks the
# portal, and starts its backend against the local cluster: every plugin
# starts, the Tenant Service answers and the packaged template reaches the
# catalog. Then Playwright starts the whole portal and, in Chromium, a
# platform admin provisions a tenant to ready and approves the change request
# its tenant admin files (scripts/adopter/e2e).
#
# The portal gets what an adopter's portal has before the guide, sign-in and
# people (scripts/adopter/portalSignInBehindProxy.mjs), and nothing else.
#
#   scripts/adopter-portal.sh            # all of it; needs TENANTS_TEST_KUBECONFIG
#                                        # and TENANTS_TEST_DNS_RESOLVER (scripts/test.sh sets them)
#   ADOPTER_DIR=<dir> scripts/adopter-portal.sh prepare   # up to the type check: needs no cluster
#   ADOPTER_DIR=<dir> scripts/adopter-portal.sh run       # the rest, on the portal prepared there
#
# Env: ADOPTER_DIR (default: a new temporary directory, removed afterwards
# unless KEEP_ADOPTER_PORTAL=1; prepare and run need it). The yarn cache is shared with this repository
# (scripts/env.sh), so warm runs download nothing; a cold run is timed with
# empty caches: TENANT_PLATFORM_YARN_FOLDER=$(mktemp -d) npm_config_cache=$(mktemp -d).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
# The new portal's lockfile is written by its first install; under CI=true
# Yarn would otherwise refuse to write it.
export YARN_ENABLE_IMMUTABLE_INSTALLS=false

# The create-app of the pinned release: its templates carry backstage.json 1.55.0.
CREATE_APP_VERSION=0.9.2

mode="${1:-all}"
case "$mode" in
  all | run) : "${TENANTS_TEST_KUBECONFIG:?set it to the kubeconfig of the local cluster, see tools/local-cluster}" ;;&
  prepare | run) : "${ADOPTER_DIR:?set it to the directory of the portal that prepare creates and run uses}" ;;
  all) ;;
  *) echo "usage: $0 [prepare|run]" >&2; exit 2 ;;
esac
work="${ADOPTER_DIR:-$(mktemp -d /tmp/tenant-platform-adopter.XXXXXX)}"
portal="$work/portal"
registry_pid=
cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; fi
  if [ -z "${ADOPTER_DIR:-}" ] && [ "${KEEP_ADOPTER_PORTAL:-}" != 1 ]; then
    rm -rf "$work"
  fi
}
trap cleanup EXIT
started=$(date +%s)
phase_started=$started
phase() {
  local now; now=$(date +%s)
  printf '[adopter] %s (%ss)\n' "$*" "$((now - phase_started))" >&2
  phase_started=$now
}

prepare() {
  scripts/adopter/packPackages.sh "$work/packages"
  for tarball in "$work/packages"/*.tgz; do
    printf '[adopter]   %s: %s KiB packed\n' "$(basename "$tarball")" "$(($(stat -c %s "$tarball") / 1024))" >&2
  done
  phase "packed $(ls "$work/packages" | wc -l) packages into $work/packages"

  # The guide's `yarn add @tenant-platform/...` reach the tarballs through a
  # registry of their own on loopback.
  coproc REGISTRY { node scripts/adopter/localRegistry.mjs "$work/packages"; }
  registry_pid=$REGISTRY_PID
  read -r registry <&"${REGISTRY[0]}"
  # Yarn caches package metadata by host, not port: forget an earlier run's.
  rm -rf "$YARN_GLOBAL_FOLDER"/metadata/npm/*/127.0.0.1

  rm -rf "$portal"
  echo portal | npx --yes "@backstage/create-app@$CREATE_APP_VERSION" --path "$portal" --skip-install >&2
  node scripts/adopter/pinPortal.mjs "$portal" "$registry"
  node scripts/adopter/portalSignInBehindProxy.mjs "$portal"
  # The portal shares this repository's Yarn cache (scripts/env.sh).
  (cd "$portal" && yarn install >&2)
  phase "created and installed a new portal with @backstage/create-app@$CREATE_APP_VERSION"

  node scripts/adopter/applyInstallGuide.mjs docs/install.md "$portal" --variant own-policy
  phase "applied docs/install.md"

  (cd "$portal" && yarn tsc >&2)
  phase "the portal type-checks"
}

prove() {
  TENANTS_KUBECONFIG="$TENANTS_TEST_KUBECONFIG" node scripts/smoke-backend.mjs sqlite \
    --portal "$portal"
  phase "the portal's backend starts with the tenant platform"

  mkdir -p test-results
  # The guide's example domain is not the local clusters' DNS zone: the portal
  # serves tenants under the zone its DNS server holds, and validation asks that
  # server (Backstage reads APP_CONFIG_* variables over app-config.yaml).
  ADOPTER_PORTAL_DIR="$portal" TENANTS_KUBECONFIG="$TENANTS_TEST_KUBECONFIG" \
    APP_CONFIG_tenants_baseDomain=tenants.localhost \
    APP_CONFIG_tenants_validation_dnsResolver="${TENANTS_TEST_DNS_RESOLVER:?set by scripts/test.sh}" \
    yarn playwright test -c scripts/adopter/playwright.config.ts 2>&1 |
    tee test-results/adopter-e2e.log
  phase "end to end in the portal, in Chromium"
}

case "$mode" in
  prepare) prepare ;;
  run)
    [ -d "$portal/node_modules" ] || { echo "[adopter] no prepared portal in $portal: run 'prepare' first" >&2; exit 1; }
    prove
    ;;
  all)
    prepare
    prove
    ;;
esac
echo "[adopter] $mode passed in $(($(date +%s) - started))s"
