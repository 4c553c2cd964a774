#!/usr/bin/env bash
# Build (or reuse from cache) the binaries of the local Kubernetes control plane:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl,
#   kwok, kwokctl, cert-manager-controller, external-dns
# and copy the upstream CRDs of cert-manager and external-dns next to them
# (<bin dir>/../crds).
# Everything comes from the Go module proxy through two build-only modules
# (go.mod + go.sum committed); nothing is downloaded from release pages:
#   modules/control-plane  every binary but external-dns, in one `go build`:
#                          one set of dependency versions, so the packages
#                          they share (client-go, apimachinery, grpc, ...)
#                          compile once; cert-manager-controller is our own
#                          main.go (cert-manager-controller/)
#   modules/external-dns   our own main.go; needs Go 1.27, which its build
#                          takes from the module proxy
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
CERT_MANAGER_VERSION="v1.21.2"
EXTERNAL_DNS_VERSION="v0.23.0"
EXTERNAL_DNS_GOTOOLCHAIN="go1.27.3" # external-dns needs Go >= 1.27; only its module uses it
BUILD_REV="1" # bump when flags below change

log() { printf '[build] %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1fs", b-a}'; }

COMPONENTS=(control-plane external-dns)
# What each component puts into the output dir (relative to it).
component_outputs() {
  case "$1" in
    control-plane)
      echo bin/etcd bin/kube-apiserver bin/kube-controller-manager bin/kube-scheduler bin/kubectl \
        bin/kwok bin/kwokctl bin/cert-manager-controller "${CERT_MANAGER_CRDS[@]/#/crds/}" ;;
    external-dns) echo bin/external-dns "${EXTERNAL_DNS_CRDS[@]/#/crds/}" ;;
  esac
}
# Upstream CRDs copied from the module sources at build time, so a version
# bump updates them (only the kinds the linked controllers use).
CERT_MANAGER_CRDS=(cert-manager.io_certificates.yaml cert-manager.io_certificaterequests.yaml
                   cert-manager.io_issuers.yaml cert-manager.io_clusterissuers.yaml)
EXTERNAL_DNS_CRDS=(dnsendpoints.externaldns.k8s.io.yaml)

# Inputs of one component: versions, flags and its module's files.
component_hash() {
  local c="$1" f
  {
    echo "$c $BUILD_REV $GOOS_GOARCH"
    case "$c" in
      control-plane) echo "$KUBE_VERSION $KUBE_BUILD_DATE $ETCD_VERSION $KWOK_VERSION $CERT_MANAGER_VERSION ${CERT_MANAGER_CRDS[*]}" ;;
      external-dns) echo "$EXTERNAL_DNS_VERSION $EXTERNAL_DNS_GOTOOLCHAIN ${EXTERNAL_DNS_CRDS[*]}" ;;
    esac
    while IFS= read -r f; do echo "== ${f#"$MODS/$c/"}"; cat "$f"; done < <(
      find "$MODS/$c" -type f \( -name go.mod -o -name go.sum -o -name '*.go' \) | LC_ALL=C sort)
  } | sha256sum | cut -c1-12
}
GOOS_GOARCH="$(go env GOOS GOARCH | tr '\n' ' ')"
declare -A COMPONENT_HASH
for c in "${COMPONENTS[@]}"; do COMPONENT_HASH[$c]=$(component_hash "$c"); done
hash_inputs() {
  local c
  for c in "${COMPONENTS[@]}"; do echo "$c ${COMPONENT_HASH[$c]}"; done | sha256sum | cut -c1-12
}

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/tenant-platform/local-cluster"
KEY="k8s-${KUBE_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}_cm-${CERT_MANAGER_VERSION}_xdns-${EXTERNAL_DNS_VERSION}_$(hash_inputs)"
OUT="$CACHE_ROOT/$KEY"
BIN="$OUT/bin"
STAMP="$OUT/.complete"

component_present() {
  local o
  for o in $(component_outputs "$1"); do
    if [[ "$o" == bin/* ]]; then [[ -x "$OUT/$o" ]] || return 1; else [[ -f "$OUT/$o" ]] || return 1; fi
  done
}
all_present() {
  [[ -f "$STAMP" ]] || return 1
  local c
  for c in "${COMPONENTS[@]}"; do component_present "$c" || return 1; done
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
mkdir -p "$OUT/crds" "$OUT/.components"

export CGO_ENABLED=0
# Never silently change go.mod/go.sum: they are committed and must be complete.
export GOFLAGS="-mod=readonly -buildvcs=false"

T_ALL=$(now)
TIMES=()

# A component whose inputs are unchanged is taken from an earlier output dir
# (hard links) instead of being built again, e.g. the control plane when only
# the external-dns module changed. .components/<name> holds its input hash.
need() {
  local c="$1" d o
  [[ "${LOCAL_CLUSTER_FORCE_BUILD:-0}" == "1" ]] && return 0
  if component_present "$c" && [[ "$(cat "$OUT/.components/$c" 2>/dev/null)" == "${COMPONENT_HASH[$c]}" ]]; then
    return 1
  fi
  for d in "$CACHE_ROOT"/*/; do
    d="${d%/}"
    [[ "$d" != "$OUT" && "$(cat "$d/.components/$c" 2>/dev/null)" == "${COMPONENT_HASH[$c]}" ]] || continue
    for o in $(component_outputs "$c"); do [[ -f "$d/$o" ]] || continue 2; done
    for o in $(component_outputs "$c"); do
      cp -fl "$d/$o" "$OUT/$o" 2>/dev/null || cp -f "$d/$o" "$OUT/$o"
    done
    echo "${COMPONENT_HASH[$c]}" > "$OUT/.components/$c"
    log "$c: reused from ${d##*/}"
    return 1
  done
  return 0
}
built() { echo "${COMPONENT_HASH[$1]}" > "$OUT/.components/$1"; TIMES+=("$1=$2"); log "$1: $2"; }

# 1. Module downloads (separately timed so cold-build figures can be split).
T=$(now)
for m in "${COMPONENTS[@]}"; do
  log "downloading modules for $m"
  if [[ "$m" == external-dns ]]; then
    (cd "$MODS/$m" && GOTOOLCHAIN="$EXTERNAL_DNS_GOTOOLCHAIN" go mod download)
  else
    (cd "$MODS/$m" && go mod download)
  fi
done
log "module download: $(elapsed "$T")"

# copy_crds MODULE_DIR_OF_UPSTREAM SUBDIR FILES...: upstream CRDs into $OUT/crds.
copy_crds() {
  local src="$1/$2" f; shift 2
  for f in "$@"; do
    [[ -f "$src/$f" ]] || { log "missing CRD $src/$f"; exit 1; }
    cp -f "$src/$f" "$OUT/crds/$f.tmp" && chmod 644 "$OUT/crds/$f.tmp" && mv "$OUT/crds/$f.tmp" "$OUT/crds/$f"
  done
}

# 2. The control plane, one `go build` for all its binaries. -X flags naming a
# package a binary does not link are ignored by the linker, so one -ldflags
# serves them all.
if need control-plane; then
  T=$(now)
  v="${KUBE_VERSION#v}"; major="${v%%.*}"; rest="${v#*.}"; minor="${rest%%.*}"
  ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=$major -X $p.gitMinor=$minor"
    ld+=" -X $p.gitCommit=0000000000000000000000000000000000000000 -X $p.gitTreeState=clean"
    ld+=" -X $p.buildDate=$KUBE_BUILD_DATE"
  done
  # Download prefixes point at a closed local port so that any attempt by
  # kwokctl to fetch a release binary/image fails at once instead of reaching
  # out (we always pass explicit local binaries).
  k=sigs.k8s.io/kwok/pkg/consts
  nodl="http://127.0.0.1:9/kwok-download-disabled"
  ld+=" -X $k.Version=${KWOK_VERSION#v} -X $k.KubeVersion=${KUBE_VERSION#v}"
  for var in BinaryPrefix KubeBinaryPrefix KubeBinaryUnofficialPrefix EtcdBinaryPrefix KectlBinaryPrefix \
             KindBinaryPrefix PrometheusBinaryPrefix JaegerBinaryPrefix MetricsServerBinaryPrefix; do
    ld+=" -X $k.$var=$nodl"
  done
  ld+=" -X github.com/cert-manager/cert-manager/pkg/util.AppVersion=$CERT_MANAGER_VERSION"
  log "building etcd $ETCD_VERSION, kube-apiserver kube-controller-manager kube-scheduler kubectl $KUBE_VERSION," \
    "kwok kwokctl $KWOK_VERSION, cert-manager-controller $CERT_MANAGER_VERSION"
  tmp="$OUT/control-plane.tmp"; rm -rf "$tmp"; mkdir -p "$tmp"
  (cd "$MODS/control-plane" && go build -trimpath -ldflags="$ld" -o "$tmp/" \
    go.etcd.io/etcd/server/v3 \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kubectl \
    sigs.k8s.io/kwok/cmd/kwok sigs.k8s.io/kwok/cmd/kwokctl \
    ./cert-manager-controller)
  mv "$tmp/server" "$tmp/etcd" # the root package of go.etcd.io/etcd/server/v3
  mv "$tmp"/* "$BIN/"; rmdir "$tmp"
  copy_crds "$(cd "$MODS/control-plane" && go list -m -f '{{.Dir}}' github.com/cert-manager/cert-manager)" \
    deploy/crds "${CERT_MANAGER_CRDS[@]}"
  built control-plane "$(elapsed "$T")"
fi

# 3. external-dns: our main.go (modules/external-dns) linking the DNSEndpoint
# types, TXT registry, plan and RFC2136 provider only. Needs Go 1.27, which
# the go command fetches from the module proxy (golang.org/toolchain).
if need external-dns; then
  T=$(now)
  log "building external-dns $EXTERNAL_DNS_VERSION ($EXTERNAL_DNS_GOTOOLCHAIN)"
  (cd "$MODS/external-dns" && GOTOOLCHAIN="$EXTERNAL_DNS_GOTOOLCHAIN" go build -trimpath \
    -ldflags="-s -w -X sigs.k8s.io/external-dns/pkg/apis/externaldns.Version=$EXTERNAL_DNS_VERSION" \
    -o "$BIN/external-dns.tmp" .)
  mv "$BIN/external-dns.tmp" "$BIN/external-dns"
  copy_crds "$(cd "$MODS/external-dns" && GOTOOLCHAIN="$EXTERNAL_DNS_GOTOOLCHAIN" go list -m -f '{{.Dir}}' sigs.k8s.io/external-dns)" \
    config/crd/standard "${EXTERNAL_DNS_CRDS[@]}"
  built external-dns "$(elapsed "$T")"
fi

for c in "${COMPONENTS[@]}"; do component_present "$c" || { log "missing outputs of $c"; exit 1; }; done
{
  echo "key=$KEY"
  echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "total=$(elapsed "$T_ALL")"
  for t in "${TIMES[@]}"; do echo "time_$t"; done
} > "$STAMP"
log "total: $(elapsed "$T_ALL") -> $BIN"
echo "$BIN"
