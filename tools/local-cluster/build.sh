#!/usr/bin/env bash
# Build (or reuse from cache) the binaries of the local Kubernetes control plane:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl,
#   kwok, kwokctl.
# Everything comes from the Go module proxy through the build-only modules in
# ./modules/{etcd,kube,kwok} (go.mod + go.sum committed). Nothing is downloaded
# from release pages.
#
# Prints the bin directory as the last line of stdout; progress goes to stderr.
# Idempotent: a warm run only checks a stamp file and exits.
#
# Usage: build.sh           build if needed, print bin dir
#        build.sh --check   print bin dir if already built, else exit 1 (never builds)
# Env:
#   XDG_CACHE_HOME              cache root (default ~/.cache)
#   LOCAL_CLUSTER_FORCE_BUILD=1 rebuild even when the stamp exists
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODS="$HERE/modules"

# Versions (must match modules/*/go.mod).
KUBE_VERSION="v1.36.3"
KUBE_BUILD_DATE="2026-07-22T18:07:38Z" # release time of the module version (reproducible)
ETCD_VERSION="v3.6.16"
KWOK_VERSION="v0.8.0"
BUILD_REV="1" # bump when flags below change

log() { printf '[build] %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1fs", b-a}'; }

hash_inputs() {
  {
    echo "$KUBE_VERSION $ETCD_VERSION $KWOK_VERSION $BUILD_REV $(go env GOOS GOARCH | tr '\n' ' ')"
    cat "$MODS"/etcd/go.mod "$MODS"/etcd/go.sum \
        "$MODS"/kube/go.mod "$MODS"/kube/go.sum \
        "$MODS"/kwok/go.mod "$MODS"/kwok/go.sum
  } | sha256sum | cut -c1-12
}

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/tenant-platform/local-cluster"
KEY="k8s-${KUBE_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}_$(hash_inputs)"
OUT="$CACHE_ROOT/$KEY"
BIN="$OUT/bin"
STAMP="$OUT/.complete"
BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok kwokctl)

all_present() {
  [[ -f "$STAMP" ]] || return 1
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$BIN/$b" ]] || return 1; done
}

if [[ "${1:-}" == "--check" ]]; then
  all_present && { echo "$BIN"; exit 0; }
  exit 1
fi

if [[ "${LOCAL_CLUSTER_FORCE_BUILD:-0}" != "1" ]] && all_present; then
  log "cached: $BIN"
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { log "go not found in PATH"; exit 1; }
mkdir -p "$BIN"
# One build at a time (e.g. dev and test clusters started together).
exec 9>"$CACHE_ROOT/.build.lock"
if command -v flock >/dev/null; then
  flock 9
  if [[ "${LOCAL_CLUSTER_FORCE_BUILD:-0}" != "1" ]] && all_present; then
    log "built by a concurrent run: $BIN"; echo "$BIN"; exit 0
  fi
fi
rm -f "$STAMP"

export CGO_ENABLED=0
# Never silently change go.mod/go.sum: they are committed and must be complete.
export GOFLAGS="-mod=readonly -buildvcs=false"

T_ALL=$(now)

# 1. Module downloads (separately timed so cold-build figures can be split).
T=$(now)
for m in etcd kube kwok; do
  log "downloading modules for $m"
  (cd "$MODS/$m" && go mod download)
done
log "module download: $(elapsed "$T")"

# 2. etcd
if [[ ! -x "$BIN/etcd" || "${LOCAL_CLUSTER_FORCE_BUILD:-0}" == "1" ]]; then
  T=$(now)
  log "building etcd $ETCD_VERSION"
  (cd "$MODS/etcd" && go build -trimpath -ldflags="-s -w" -o "$BIN/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$BIN/etcd.tmp" "$BIN/etcd"
  log "etcd: $(elapsed "$T")"
fi

# 3. Kubernetes control plane, one go build invocation so packages compile once.
kube_missing=0
for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  [[ -x "$BIN/$b" ]] || kube_missing=1
done
if [[ $kube_missing == 1 || "${LOCAL_CLUSTER_FORCE_BUILD:-0}" == "1" ]]; then
  T=$(now)
  v="${KUBE_VERSION#v}"; major="${v%%.*}"; rest="${v#*.}"; minor="${rest%%.*}"
  ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=$major -X $p.gitMinor=$minor"
    ld+=" -X $p.gitCommit=0000000000000000000000000000000000000000 -X $p.gitTreeState=clean"
    ld+=" -X $p.buildDate=$KUBE_BUILD_DATE"
  done
  log "building kube-apiserver kube-controller-manager kube-scheduler kubectl $KUBE_VERSION"
  tmp="$OUT/kube.tmp"; rm -rf "$tmp"; mkdir -p "$tmp"
  (cd "$MODS/kube" && go build -trimpath -ldflags="$ld" -o "$tmp/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kubectl)
  mv "$tmp"/* "$BIN/"; rmdir "$tmp"
  log "kube: $(elapsed "$T")"
fi

# 4. kwok + kwokctl. Download prefixes point at a closed local port so that any
# attempt by kwokctl to fetch a release binary/image fails at once instead of
# reaching out (we always pass explicit local binaries).
if [[ ! -x "$BIN/kwok" || ! -x "$BIN/kwokctl" || "${LOCAL_CLUSTER_FORCE_BUILD:-0}" == "1" ]]; then
  T=$(now)
  c=sigs.k8s.io/kwok/pkg/consts
  nodl="http://127.0.0.1:9/kwok-download-disabled"
  ld="-s -w -X $c.Version=${KWOK_VERSION#v} -X $c.KubeVersion=${KUBE_VERSION#v}"
  for var in BinaryPrefix KubeBinaryPrefix KubeBinaryUnofficialPrefix EtcdBinaryPrefix KectlBinaryPrefix \
             KindBinaryPrefix PrometheusBinaryPrefix JaegerBinaryPrefix MetricsServerBinaryPrefix; do
    ld+=" -X $c.$var=$nodl"
  done
  log "building kwok kwokctl $KWOK_VERSION"
  tmp="$OUT/kwok.tmp"; rm -rf "$tmp"; mkdir -p "$tmp"
  (cd "$MODS/kwok" && go build -trimpath -ldflags="$ld" -o "$tmp/" \
    sigs.k8s.io/kwok/cmd/kwok sigs.k8s.io/kwok/cmd/kwokctl)
  mv "$tmp"/* "$BIN/"; rmdir "$tmp"
  log "kwok: $(elapsed "$T")"
fi

for b in "${BINARIES[@]}"; do [[ -x "$BIN/$b" ]] || { log "missing $BIN/$b"; exit 1; }; done
{
  echo "key=$KEY"
  echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "total=$(elapsed "$T_ALL")"
} > "$STAMP"
log "total: $(elapsed "$T_ALL") -> $BIN"
echo "$BIN"
