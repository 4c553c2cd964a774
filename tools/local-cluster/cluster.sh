#!/usr/bin/env bash
# Local Kubernetes control plane for dev and tests: real etcd, kube-apiserver,
# kube-controller-manager and kube-scheduler (built by build.sh from the Go
# module proxy), run as plain processes by kwokctl's "binary" runtime, plus a
# kwok controller that plays kubelet for fake node pools.
#
# Usage: cluster.sh up|down|status|kubeconfig|kubectl|apiserver-stop|apiserver-start|diagnose
#   up          build if needed, start (or reuse) the cluster, wait until it is
#               usable; the LAST line of stdout is the kubeconfig path.
#   down        stop every process and remove the cluster's state.
#   status      exit 0 if the cluster is up and healthy, non-zero otherwise.
#   kubeconfig  print the kubeconfig path (whether or not the cluster is up).
#   kubectl ... run the cluster's own kubectl against it (e.g. `kubectl proxy`).
#   apiserver-stop [--crash]  fault tests: stop only the kube-apiserver (SIGTERM,
#               SIGKILL after 5s; with --crash SIGKILL at once) and return once
#               it has exited and the API refuses.
#   apiserver-start  start the stopped kube-apiserver again and wait for /readyz
#               and for the controller manager and scheduler to hold their leases.
#   diagnose    print which components run, the pods that are not ready and
#               why, unbound claims, volumes by phase and each component's
#               distinct logged errors (test.sh prints it when a step fails).
#
# Env:
#   LOCAL_CLUSTER_NAME                  cluster name (default tenants-dev)
#   LOCAL_CLUSTER_POD_READY_DELAY_MS    pod ready delay at `up` (default 1000)
#   LOCAL_CLUSTER_POD_READY_JITTER_MS   extra random delay 0..N ms (default 500)
#   LOCAL_CLUSTER_APISERVER_PORT        fixed apiserver port (default: random free port)
#   LOCAL_CLUSTER_TIMEOUT_S             readiness timeout for `up` (default 120)
#   LOCAL_CLUSTER_VOLUMES               fake PersistentVolumes in the pool (default 300)
#   XDG_CACHE_HOME                      state/cache root (default ~/.cache)
#
# Progress goes to stderr.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MANIFESTS="$HERE/manifests"

NAME="${LOCAL_CLUSTER_NAME:-tenants-dev}"
[[ "$NAME" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || { echo "invalid LOCAL_CLUSTER_NAME: $NAME" >&2; exit 2; }
STATE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/tenant-platform/local-cluster"
export KWOK_WORKDIR="$STATE_ROOT/kwok"          # kwokctl keeps clusters under here
CLUSTER_DIR="$KWOK_WORKDIR/clusters/$NAME"
KUBECONFIG_PATH="$CLUSTER_DIR/kubeconfig.yaml"
RENDERED_DIR="$STATE_ROOT/rendered/$NAME"
TIMEOUT_S="${LOCAL_CLUSTER_TIMEOUT_S:-120}"

log() { printf '[local-cluster:%s] %s\n' "$NAME" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1fs", b-a}'; }

# --- binaries ---------------------------------------------------------------
BIN=""
bin_dir_build() { BIN="$("$HERE/build.sh")" || die "build failed"; }
bin_dir_check() { BIN="$("$HERE/build.sh" --check 2>/dev/null)" || BIN=""; }

kwok_env() {
  # Every component points at our locally built binary. kwokctl is built with
  # its download prefixes aimed at a closed local port, so a missing binary
  # fails immediately instead of being downloaded.
  export KWOK_RUNTIME=binary
  export KWOK_KUBE_VERSION="$("$BIN/kube-apiserver" --version | awk '{print $2}')"
  export KWOK_KUBE_APISERVER_BINARY="$BIN/kube-apiserver"
  export KWOK_KUBE_CONTROLLER_MANAGER_BINARY="$BIN/kube-controller-manager"
  export KWOK_KUBE_SCHEDULER_BINARY="$BIN/kube-scheduler"
  export KWOK_KUBECTL_BINARY="$BIN/kubectl"
  export KWOK_ETCD_BINARY="$BIN/etcd"
  export KWOK_CONTROLLER_BINARY="$BIN/kwok"
  export KWOK_QUIET_PULL=true
}

kctl() { "$BIN/kubectl" --kubeconfig "$KUBECONFIG_PATH" "$@"; }

# healthy: apiserver /readyz ok, all our fake nodes Ready, controller-manager
# and scheduler holding their leader leases.
api_ready() {
  [[ -n "$BIN" && -f "$KUBECONFIG_PATH" ]] || return 1
  [[ "$(kctl --request-timeout=3s get --raw /readyz 2>/dev/null)" == "ok" ]]
}
healthy() {
  # all five component processes (etcd, apiserver, kcm, scheduler, kwok) alive
  (( $(cluster_pids | wc -l) >= 5 )) || return 1
  api_ready || return 1
  local want ready
  want=$(grep -c '^kind: Node$' "$MANIFESTS/nodes.yaml")
  ready=$(kctl --request-timeout=3s get nodes -l tenants.dev/local-cluster=true \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>/dev/null | grep -c '^True$' || true)
  [[ "$ready" == "$want" ]] || return 1
  kctl --request-timeout=3s -n kube-system get lease kube-controller-manager kube-scheduler >/dev/null 2>&1
}

# poll DESCRIPTION CMD...: run CMD every 200ms until it succeeds or the
# deadline (shared by the whole `up`) passes.
poll() {
  local what="$1"; shift
  local t; t=$(now)
  until "$@"; do
    if (( $(date +%s) >= DEADLINE )); then
      die "timed out waiting for: $what (logs: $CLUSTER_DIR/logs)"
    fi
    sleep 0.2
  done
  log "$what ($(elapsed "$t"))"
}

render_stages() {
  local delay="${LOCAL_CLUSTER_POD_READY_DELAY_MS:-1000}"
  local jitter="${LOCAL_CLUSTER_POD_READY_JITTER_MS:-500}"
  [[ "$delay" =~ ^[0-9]+$ && "$jitter" =~ ^[0-9]+$ ]] || die "pod ready delay/jitter must be integers (ms)"
  mkdir -p "$RENDERED_DIR"
  sed -e "s/@POD_READY_DELAY_MS@/$delay/g" \
      -e "s/@POD_READY_JITTER_MAX_MS@/$((delay + jitter))/g" \
      "$MANIFESTS/kwok-stages.yaml.tmpl" > "$RENDERED_DIR/kwok-stages.yaml.new"
  mv "$RENDERED_DIR/kwok-stages.yaml.new" "$RENDERED_DIR/kwok-stages.yaml"
  echo "delay=${delay}ms jitter=${jitter}ms"
}

render_volumes() {
  local count="${LOCAL_CLUSTER_VOLUMES:-300}" i
  cat "$MANIFESTS/storage.yaml.tmpl"
  for ((i = 0; i < count; i++)); do
    sed -e "s/@INDEX@/$i/g" "$MANIFESTS/volume.yaml.tmpl"
  done
}

apply_manifests() {
  kctl apply --server-side --force-conflicts -f "$MANIFESTS/nodes.yaml" -f "$MANIFESTS/service-cidr.yaml" >/dev/null
  kctl apply --server-side --force-conflicts -f "$MANIFESTS/crds.yaml" -f "$MANIFESTS/ingressclass.yaml" >/dev/null
  render_volumes > "$RENDERED_DIR/storage.yaml"
  kctl apply --server-side --force-conflicts -f "$RENDERED_DIR/storage.yaml" >/dev/null
}

crds_established() {
  kctl wait --for=condition=Established --timeout=2s \
    crd/certificates.cert-manager.io crd/dnsendpoints.externaldns.k8s.io >/dev/null 2>&1
}
nodes_ready() { healthy; }
leases_held() { kctl -n kube-system get lease kube-controller-manager kube-scheduler >/dev/null 2>&1; }
# The controller manager has populated the default namespace: its service
# account and the root CA ConfigMap (which would otherwise appear while the
# first tests run and look like something they created).
default_sa() {
  kctl -n default get serviceaccount default >/dev/null 2>&1 &&
    kctl -n default get configmap kube-root-ca.crt >/dev/null 2>&1
}

lock_cluster() {
  mkdir -p "$STATE_ROOT"
  exec 8>"$STATE_ROOT/.$NAME.lock"
  command -v flock >/dev/null && flock 8
  return 0
}

cmd_up() {
  local t0; t0=$(now)
  lock_cluster
  DEADLINE=$(( $(date +%s) + TIMEOUT_S ))
  bin_dir_build
  DEADLINE=$(( $(date +%s) + TIMEOUT_S ))   # build time does not count
  kwok_env

  if healthy; then
    log "already up"
    echo "$KUBECONFIG_PATH"
    return 0
  fi

  local stages_desc; stages_desc=$(render_stages)
  local args=(--name "$NAME" create cluster
    --runtime binary
    --config "$RENDERED_DIR/kwok-stages.yaml"
    --kubeconfig ""                 # never touch ~/.kube/config
    --kube-apiserver-binary "$BIN/kube-apiserver"
    --kube-controller-manager-binary "$BIN/kube-controller-manager"
    --kube-scheduler-binary "$BIN/kube-scheduler"
    --etcd-binary "$BIN/etcd"
    --kwok-controller-binary "$BIN/kwok"
    --quiet-pull
    --disable-qps-limits
    --timeout "${TIMEOUT_S}s")
  if [[ -n "${LOCAL_CLUSTER_APISERVER_PORT:-}" ]]; then
    args+=(--kube-apiserver-port "$LOCAL_CLUSTER_APISERVER_PORT")
  fi

  if [[ -d "$CLUSTER_DIR" ]]; then
    log "cluster state exists but is not healthy; restarting its components"
    if ! "$BIN/kwokctl" --name "$NAME" start cluster >&2 8>&- || ! { api_ready || wait_api_briefly; }; then
      log "restart failed; recreating"
      "$BIN/kwokctl" --name "$NAME" delete cluster --kubeconfig "$STATE_ROOT/kwokctl-contexts.yaml" >&2 || true
      rm -rf "$CLUSTER_DIR"
    fi
  fi
  if [[ ! -d "$CLUSTER_DIR" ]]; then
    log "creating cluster (pod ready $stages_desc)"
    "$BIN/kwokctl" "${args[@]}" >&2 8>&- || die "kwokctl create cluster failed (logs: $CLUSTER_DIR/logs)"
  fi

  poll "apiserver /readyz" api_ready
  apply_manifests
  poll "CRDs established" crds_established
  poll "controller-manager and scheduler leases" leases_held
  poll "default service account and root CA" default_sa
  poll "fake nodes Ready" nodes_ready
  log "up in $(elapsed "$t0"): $(kctl config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
  echo "$KUBECONFIG_PATH"
}

wait_api_briefly() {
  local end=$(( $(date +%s) + 30 ))
  until api_ready; do (( $(date +%s) < end )) || return 1; sleep 0.2; done
}

# PIDs of this cluster's component processes (from kwokctl's pid files),
# only if the process still runs one of this cluster's binaries.
cluster_pids() {
  local f pid
  for f in "$CLUSTER_DIR"/pids/*.pid; do
    [[ -f "$f" ]] || continue
    pid=$(<"$f")
    [[ "$pid" =~ ^[0-9]+$ ]] || continue
    { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$CLUSTER_DIR/" && echo "$pid"
  done
  return 0
}

cmd_down() {
  lock_cluster
  bin_dir_check
  if [[ -d "$CLUSTER_DIR" ]]; then
    local pids; pids=$(cluster_pids)
    if [[ -n "$BIN" ]]; then
      kwok_env
      # --kubeconfig: a file of ours, so ~/.kube/config is never edited.
      "$BIN/kwokctl" --name "$NAME" delete cluster --kubeconfig "$STATE_ROOT/kwokctl-contexts.yaml" >&2 \
        || log "kwokctl delete failed; stopping processes directly"
    fi
    # Make sure every component has exited (SIGTERM, then SIGKILL after 15s).
    local p end=$(( $(date +%s) + 15 ))
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    for p in $pids; do
      while kill -0 "$p" 2>/dev/null; do
        if (( $(date +%s) >= end )); then kill -9 "$p" 2>/dev/null || true; break; fi
        sleep 0.1
      done
    done
  fi
  rm -rf "$CLUSTER_DIR" "$RENDERED_DIR"
  log "down"
}

# PID of this cluster's kube-apiserver, if it runs.
apiserver_pid() {
  local f="$CLUSTER_DIR/pids/kube-apiserver.pid" pid
  [[ -f "$f" ]] || return 1
  pid=$(<"$f")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$CLUSTER_DIR/" || return 1
  echo "$pid"
}

# Stops only the kube-apiserver: etcd, the controller manager, the scheduler
# and kwok keep running (and keep retrying), as in a control-plane outage.
# A graceful shutdown can hang on open watches, so SIGKILL follows after 5s.
# --crash sends SIGKILL at once: open connections break the moment it returns.
cmd_apiserver_stop() {
  lock_cluster
  bin_dir_check
  [[ -n "$BIN" ]] || die "the local cluster is not built"
  local pid t; t=$(now)
  pid=$(apiserver_pid) || die "the kube-apiserver of $NAME is not running"
  local signal=TERM how="SIGTERM"
  [[ "${1:-}" == --crash ]] && { signal=KILL; how="SIGKILL"; }
  kill "-$signal" "$pid" 2>/dev/null || true
  local end=$(( $(date +%s) + 5 ))
  while kill -0 "$pid" 2>/dev/null; do
    if [[ "$how" == SIGTERM ]] && (( $(date +%s) >= end )); then
      kill -KILL "$pid" 2>/dev/null || true
      how="SIGTERM, then SIGKILL after 5s"
    fi
    sleep 0.1
  done
  ! api_ready || die "the API still answers after the kube-apiserver (pid $pid) exited"
  log "kube-apiserver stopped ($how, $(elapsed "$t"))"
}

# After an outage: every component runs again (the controller manager and the
# scheduler exit when they cannot renew their leader lease for 10s, so those
# that died are started again) and both have renewed their leases since
# $SINCE, so neither is about to exit for a lease it lost while the API was down.
control_plane_back() {
  if (( $(cluster_pids | wc -l) < 5 )); then
    log "restarting components that exited during the outage"
    "$BIN/kwokctl" --name "$NAME" start cluster >&2 8>&- || return 1
  fi
  api_ready || return 1
  local lease renewed
  for lease in kube-controller-manager kube-scheduler; do
    renewed=$(kctl --request-timeout=3s -n kube-system get lease "$lease" \
      -o jsonpath='{.spec.renewTime}' 2>/dev/null) || return 1
    [[ "$renewed" > "$SINCE" ]] || return 1
  done
}

# Starts the kube-apiserver again (`kwokctl start cluster` starts only the
# components that are not running) and waits until the control plane is back.
cmd_apiserver_start() {
  local t; t=$(now)
  lock_cluster
  DEADLINE=$(( $(date +%s) + TIMEOUT_S ))
  bin_dir_check
  [[ -n "$BIN" ]] || die "the local cluster is not built"
  [[ -d "$CLUSTER_DIR" ]] || die "cluster $NAME does not exist; run '$0 up'"
  kwok_env
  SINCE=$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)   # the format of a Lease's renewTime
  if ! apiserver_pid >/dev/null; then
    "$BIN/kwokctl" --name "$NAME" start cluster >&2 8>&- || die "kwokctl start cluster failed (logs: $CLUSTER_DIR/logs)"
  fi
  poll "apiserver /readyz" api_ready
  poll "controller-manager and scheduler leases renewed" control_plane_back
  log "kube-apiserver started ($(elapsed "$t"))"
}

# What a failed test run needs to tell a cluster problem from a product one:
# which components run, pods that are not ready and why, claims and volumes,
# and the distinct errors each component logged.
cmd_diagnose() {
  bin_dir_check
  [[ -n "$BIN" && -d "$CLUSTER_DIR" ]] || { log "no cluster state to diagnose"; return 0; }
  local f name pid running
  running=$(cluster_pids)
  echo "== components"
  for f in "$CLUSTER_DIR"/pids/*.pid; do
    name=$(basename "$f" .pid); pid=$(<"$f")
    if grep -qx "$pid" <<<"$running"; then echo "$name: running (pid $pid)"; else echo "$name: NOT running"; fi
  done
  if ! api_ready; then
    echo "the API server does not answer"
  else
    echo "== pods not ready (namespace name phase node reason)"
    kctl get pods -A --no-headers -o custom-columns='NS:.metadata.namespace,NAME:.metadata.name,PHASE:.status.phase,NODE:.spec.nodeName,READY:.status.conditions[?(@.type=="Ready")].status,SCHEDULED:.status.conditions[?(@.type=="PodScheduled")].message' \
      | awk '$5 != "True"' | head -40 || true
    echo "== claims not bound"
    kctl get pvc -A --no-headers 2>/dev/null | awk '$3 != "Bound"' | head -20 || true
    echo "== volumes by phase"
    kctl get pv -o jsonpath='{range .items[*]}{.status.phase}{"\n"}{end}' | sort | uniq -c
  fi
  for f in "$CLUSTER_DIR"/logs/*.log; do
    echo "== distinct errors in $(basename "$f") (count, first seen, message)"
    { grep -E '^[EF][0-9]{4} ' "$f" || true; } | awk '{t=$2; $1=$2=$3=""; m=substr($0, 4, 220); if (!(m in c)) {o[++n]=m; first[m]=t} c[m]++} END {for (i=1;i<=n;i++) print c[o[i]], first[o[i]], o[i]}' \
      | sort -rn | head -8 || true
  done
}

cmd_status() {
  bin_dir_check
  if [[ -z "$BIN" ]]; then log "down (binaries not built)"; return 1; fi
  if healthy; then
    log "up: $(kctl config view --minify -o jsonpath='{.clusters[0].cluster.server}') kubeconfig=$KUBECONFIG_PATH"
    return 0
  fi
  if [[ -d "$CLUSTER_DIR" ]]; then log "not healthy (state in $CLUSTER_DIR)"; else log "down"; fi
  return 1
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kubeconfig) echo "$KUBECONFIG_PATH" ;;
  apiserver-stop) shift; cmd_apiserver_stop "$@" ;;
  apiserver-start) cmd_apiserver_start ;;
  diagnose) cmd_diagnose ;;
  kubectl)
    shift
    bin_dir_check
    [[ -n "$BIN" ]] || die "the local cluster is not built; run '$0 up' first"
    exec "$BIN/kubectl" --kubeconfig "$KUBECONFIG_PATH" "$@"
    ;;
  *) echo "usage: $0 up|down|status|kubeconfig|kubectl|apiserver-stop [--crash]|apiserver-start|diagnose" >&2; exit 2 ;;
esac
