#!/usr/bin/env bash
# Local Kubernetes control plane for dev and tests: real etcd, kube-apiserver,
# kube-controller-manager and kube-scheduler (built by build.sh from the Go
# module proxy), run as plain processes by kwokctl's "binary" runtime, plus a
# kwok controller that plays kubelet for fake node pools, a cert-manager
# controller (CA + SelfSigned issuers) and external-dns publishing DNSEndpoints
# into an authoritative DNS server (Knot DNS on 127.0.0.1) shared by the
# clusters of a set.
#
# Usage: cluster.sh up|down|status|kubeconfig|kubectl|dns|dns-updates|apiserver-stop|apiserver-start|diagnose
#   up          build if needed, start (or reuse) the cluster, its DNS server,
#               cert-manager and external-dns, and wait until it is usable
#               (ClusterIssuer tenant-platform-ca Ready); the LAST line of
#               stdout is the kubeconfig path.
#   down        stop every process and remove the cluster's state; delete the
#               cluster's records from the shared zone; stop the DNS server
#               if no other cluster uses it.
#   dns         print "127.0.0.1:<port> <zone>" of the cluster's DNS server.
#   dns-updates deny|allow  fault tests: make the DNS server refuse (REFUSED)
#               or accept dynamic updates again (for every cluster using it).
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
#   LOCAL_DNS_NAME                      DNS server instance, shared by the clusters that name it (default tenants-dns)
#   LOCAL_DNS_PORT                      its port on 127.0.0.1, UDP+TCP (default 15353)
#   LOCAL_DNS_ZONE                      the zone it serves and external-dns writes (default tenants.localhost)
#   LOCAL_DNS_POLICY                    external-dns policy: sync | upsert-only (default sync)
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
# cert-manager and external-dns of this cluster: pids/, logs/, dns.env (the
# DNS instance the cluster publishes to, recorded at `up`).
ADDONS_DIR="$CLUSTER_DIR/addons"
DNS_ROOT="$STATE_ROOT/dns"                      # one dir per DNS instance
CA_ISSUER="tenant-platform-ca"

log() { printf '[local-cluster:%s] %s\n' "$NAME" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1fs", b-a}'; }

# alive PID: the process exists and has not exited. An exited child of ours
# is reparented to PID 1, which may take a while to reap it; a zombie counts
# as gone (it holds no ports or files any more).
alive() {
  local st
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [[ -n "$st" && "$st" != Z ]]
}

# --- binaries ---------------------------------------------------------------
BIN=""
bin_dir_build() { BIN="$("$HERE/build.sh")" || die "build failed"; CRDS_DIR="$(dirname "$BIN")/crds"; }
bin_dir_check() { BIN="$("$HERE/build.sh" --check 2>/dev/null)" || BIN=""; CRDS_DIR="$(dirname "${BIN:-.}")/crds"; }

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
# and scheduler holding their leader leases (core_healthy), and cert-manager,
# external-dns and the cluster's DNS server running (the last one answering).
api_ready() {
  [[ -n "$BIN" && -f "$KUBECONFIG_PATH" ]] || return 1
  [[ "$(kctl --request-timeout=3s get --raw /readyz 2>/dev/null)" == "ok" ]]
}
healthy() {
  core_healthy || return 1
  addon_current cert-manager && addon_current external-dns || return 1
  dns_from_record
  dns_pid >/dev/null && dns_answers
}
core_healthy() {
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
      die "timed out waiting for: $what (logs: $CLUSTER_DIR/logs, $ADDONS_DIR/logs)"
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
  local count="${LOCAL_CLUSTER_VOLUMES:-300}" i tmpl
  cat "$MANIFESTS/storage.yaml.tmpl"
  tmpl=$(<"$MANIFESTS/volume.yaml.tmpl")
  for ((i = 0; i < count; i++)); do
    printf '%s\n' "${tmpl//@INDEX@/$i}"
  done
}

apply_manifests() {
  kctl apply --server-side --force-conflicts -f "$MANIFESTS/nodes.yaml" -f "$MANIFESTS/service-cidr.yaml" >/dev/null
  # Upstream CRDs of cert-manager and external-dns, copied by build.sh from
  # the module sources of the versions it builds.
  kctl apply --server-side --force-conflicts -f "$CRDS_DIR" -f "$MANIFESTS/ingressclass.yaml" >/dev/null
  render_volumes > "$RENDERED_DIR/storage.yaml"
  # The volume pool takes a few seconds to apply: that runs in the background
  # while the DNS server and the add-ons start; `up` waits for it (storage_applied).
  kctl apply --server-side --force-conflicts -f "$RENDERED_DIR/storage.yaml" >"$RENDERED_DIR/storage.log" 2>&1 &
  STORAGE_PID=$!
}
storage_applied() {
  local t; t=$(now)
  wait "$STORAGE_PID" || { cat "$RENDERED_DIR/storage.log" >&2; die "applying the StorageClass and volumes failed"; }
  log "StorageClass and ${LOCAL_CLUSTER_VOLUMES:-300} volumes applied ($(elapsed "$t") more)"
}

crds_established() {
  kctl wait --for=condition=Established --timeout=2s \
    crd/certificates.cert-manager.io crd/certificaterequests.cert-manager.io \
    crd/issuers.cert-manager.io crd/clusterissuers.cert-manager.io \
    crd/dnsendpoints.externaldns.k8s.io >/dev/null 2>&1
}
# The CA chain of `up`: SelfSigned ClusterIssuer -> CA Certificate (Secret in
# cert-manager) -> CA ClusterIssuer tenant-platform-ca.
apply_issuers() {
  kctl apply --server-side --force-conflicts -f "$MANIFESTS/cert-manager-issuers.yaml" >/dev/null 2>"$RENDERED_DIR/issuers.err" || {
    # A CRD established a moment ago can be missing from kubectl's discovery
    # cache; poll retries. Anything else is worth seeing.
    grep -q 'no matches for kind\|ensure CRDs are installed' "$RENDERED_DIR/issuers.err" || cat "$RENDERED_DIR/issuers.err" >&2
    return 1
  }
}
issuer_ready() {
  [[ "$(kctl --request-timeout=3s get clusterissuer "$CA_ISSUER" \
    -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]
}
nodes_ready() { core_healthy; }
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

# --- DNS server (Knot DNS), shared by the clusters that name it --------------
# State of instance <name>: $DNS_ROOT/<name>/ with knot.conf (generated),
# tsig.secret (made once per instance), instance.env (port, zone), zones/,
# db/ (journal), run/ (pid file, control socket), knotd.log, users/<cluster>
# (one file per cluster that uses it) and updates-denied (dns-updates deny).

# dns_from_env: the DNS instance the environment asks for.
dns_from_env() {
  DNS_NAME="${LOCAL_DNS_NAME:-tenants-dns}"
  DNS_PORT="${LOCAL_DNS_PORT:-15353}"
  DNS_ZONE="${LOCAL_DNS_ZONE:-tenants.localhost}"
  DNS_ZONE="${DNS_ZONE%.}"; DNS_ZONE="${DNS_ZONE,,}"
  [[ "$DNS_NAME" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "invalid LOCAL_DNS_NAME: $DNS_NAME"
  [[ "$DNS_PORT" =~ ^[0-9]+$ ]] && (( DNS_PORT >= 1024 && DNS_PORT <= 65535 )) || die "invalid LOCAL_DNS_PORT: $DNS_PORT"
  [[ "$DNS_ZONE" =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]] || die "invalid LOCAL_DNS_ZONE: $DNS_ZONE"
  DNS_DIR="$DNS_ROOT/$DNS_NAME"
}
# dns_from_record: the DNS instance this cluster was brought up with (so that
# `down`, `dns` etc. need no LOCAL_DNS_* settings), else the environment's.
dns_from_record() {
  dns_from_env
  local k v
  [[ -f "$ADDONS_DIR/dns.env" ]] || return 0
  while IFS='=' read -r k v; do
    case "$k" in name) DNS_NAME="$v" ;; port) DNS_PORT="$v" ;; zone) DNS_ZONE="$v" ;; esac
  done < "$ADDONS_DIR/dns.env"
  DNS_DIR="$DNS_ROOT/$DNS_NAME"
}
dns_binding() { printf 'name=%s\nport=%s\nzone=%s\n' "$DNS_NAME" "$DNS_PORT" "$DNS_ZONE"; }
dns_key_name() { echo "$DNS_NAME-update"; }

knot_bin() { command -v "$1" 2>/dev/null || { [[ -x "/usr/sbin/$1" ]] && echo "/usr/sbin/$1"; } || { [[ -x "/usr/bin/$1" ]] && echo "/usr/bin/$1"; }; }
ensure_knot() {
  if [[ -z "$(knot_bin knotd)" || -z "$(knot_bin knotc)" || -z "$(knot_bin kdig)" ]]; then
    local sudo=()
    [[ "$(id -u)" == 0 ]] || sudo=(sudo -n)
    log "installing Knot DNS (apt-get install -y knot knot-dnsutils)"
    (
      exec 7>"$STATE_ROOT/.apt.lock"; command -v flock >/dev/null && flock 7
      "${sudo[@]}" apt-get update >&2 &&
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y knot knot-dnsutils >&2
    ) 8>&- 9>&- || die "could not install knot and knot-dnsutils"
  fi
  KNOTD=$(knot_bin knotd); KNOTC=$(knot_bin knotc); KDIG=$(knot_bin kdig)
  [[ -n "$KNOTD" && -n "$KNOTC" && -n "$KDIG" ]] || die "knotd/knotc/kdig not found after installing knot"
}

# The control socket lives in run/ unless that path is too long for a unix
# socket (108 bytes), then in $TMPDIR.
dns_sock() {
  local s="$DNS_DIR/run/knot.sock"
  (( ${#s} <= 100 )) || s="${TMPDIR:-/tmp}/knot-$(printf %s "$DNS_DIR" | sha256sum | cut -c1-12).sock"
  echo "$s"
}
# PID of the instance's knotd, if it runs (and is ours: started with our config).
dns_pid() {
  local f="$DNS_DIR/run/knot.pid" pid
  [[ -f "$f" ]] || return 1
  pid=$(<"$f"); [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$DNS_DIR/knot.conf" || return 1
  echo "$pid"
}
# The zone's SOA is served on the instance's port.
dns_answers() {
  local kdig; kdig=$(knot_bin kdig) || return 1
  "$kdig" @127.0.0.1 -p "$DNS_PORT" +timeout=1 +retry=0 +short "$DNS_ZONE" SOA 2>/dev/null \
    | grep -qE '^[^;].* [0-9]+ [0-9]+ [0-9]+ [0-9]+ [0-9]+$'
}
# Something (not our instance) listens on the port, UDP or TCP.
port_taken() {
  command -v ss >/dev/null || return 1
  [[ -n "$(ss -Hlnut "( sport = :$DNS_PORT )" 2>/dev/null)" ]]
}
dns_lock() { mkdir -p "$DNS_DIR"; exec 9>"$DNS_DIR/.lock"; command -v flock >/dev/null && flock 9; return 0; }
dns_unlock() { exec 9>&-; }
knotc_() { "$(knot_bin knotc)" -s "$(dns_sock)" "$@"; }

dns_write_config() {
  local secret; secret=$(<"$DNS_DIR/tsig.secret")
  (umask 077; cat > "$DNS_DIR/knot.conf.new" <<CONF
# Generated by tools/local-cluster/cluster.sh for DNS instance $DNS_NAME.
server:
    rundir: "$DNS_DIR/run"
    pidfile: "$DNS_DIR/run/knot.pid"
    listen: 127.0.0.1@$DNS_PORT
    udp-workers: 1
    tcp-workers: 2
    background-workers: 1
log:
  - target: stderr
    any: info
database:
    storage: "$DNS_DIR/db"
control:
    listen: "$(dns_sock)"
key:
  - id: $(dns_key_name)
    algorithm: hmac-sha256
    secret: $secret
acl:
  # external-dns of every cluster using this instance: AXFR to list records,
  # dynamic updates (RFC 2136) to change them, both signed with the key.
  - id: external-dns
    key: $(dns_key_name)
    action: [transfer, update]
template:
  - id: default
    storage: "$DNS_DIR/zones"
    file: "%s.zone"
zone:
  - domain: $DNS_ZONE
    acl: [external-dns]
CONF
  )
  mv "$DNS_DIR/knot.conf.new" "$DNS_DIR/knot.conf"
}
dns_write_zone() {
  cat > "$DNS_DIR/zones/$DNS_ZONE.zone" <<ZONE
\$ORIGIN $DNS_ZONE.
\$TTL 60
@   SOA ns hostmaster 1 3600 600 86400 60
@   NS  ns
ns  A   127.0.0.1
ZONE
}

# dns_ensure: register this cluster as a user of its DNS instance and start
# the instance unless it runs; wait until it answers the zone's SOA.
dns_ensure() {
  dns_lock
  mkdir -p "$DNS_DIR"/{run,db,zones,users}
  touch "$DNS_DIR/users/$NAME"
  local want="port=$DNS_PORT zone=$DNS_ZONE" have=""
  [[ -f "$DNS_DIR/instance.env" ]] && have=$(<"$DNS_DIR/instance.env")
  if dns_pid >/dev/null; then
    [[ "$have" == "$want" ]] || die "DNS instance $DNS_NAME already runs with $have (asked: $want); use another LOCAL_DNS_NAME or the same settings"
    poll "DNS $DNS_NAME answers on 127.0.0.1:$DNS_PORT" dns_answers
    dns_unlock
    return 0
  fi
  ensure_knot
  if port_taken || dns_answers; then
    die "port $DNS_PORT (LOCAL_DNS_PORT) is already in use on this machine; pick another one"
  fi
  if [[ ! -s "$DNS_DIR/tsig.secret" ]]; then
    (umask 077; head -c 32 /dev/urandom | base64 > "$DNS_DIR/tsig.secret")
    log "generated TSIG key $(dns_key_name) (hmac-sha256) for DNS instance $DNS_NAME"
  fi
  if [[ "$have" != "$want" || ! -f "$DNS_DIR/zones/$DNS_ZONE.zone" ]]; then
    rm -rf "$DNS_DIR/db" "$DNS_DIR/zones"; mkdir -p "$DNS_DIR/db" "$DNS_DIR/zones"
    dns_write_zone
    echo "$want" > "$DNS_DIR/instance.env"
  fi
  dns_write_config
  rm -f "$DNS_DIR/run/knot.pid"
  # knotd logs every transfer and update (info); keep the log bounded.
  if [[ -f "$DNS_DIR/knotd.log" ]] && (( $(stat -c %s "$DNS_DIR/knotd.log") > 10485760 )); then
    mv -f "$DNS_DIR/knotd.log" "$DNS_DIR/knotd.log.1"
  fi
  log "starting DNS $DNS_NAME: zone $DNS_ZONE on 127.0.0.1:$DNS_PORT"
  # Own session (setsid) so a signal to the caller's process group does not
  # take it down; lock fds closed so it does not hold our locks.
  (cd "$DNS_DIR" && exec setsid "$KNOTD" -c "$DNS_DIR/knot.conf" >>"$DNS_DIR/knotd.log" 2>&1 </dev/null 8>&- 9>&-) &
  local starter=$!
  dns_started() {
    dns_pid >/dev/null && dns_answers && return 0
    if ! alive "$starter" && ! dns_pid >/dev/null; then
      tail -n 5 "$DNS_DIR/knotd.log" >&2
      die "knotd exited (log: $DNS_DIR/knotd.log)"
    fi
    return 1
  }
  poll "DNS $DNS_NAME answers on 127.0.0.1:$DNS_PORT" dns_started
  if [[ -f "$DNS_DIR/updates-denied" ]]; then
    knotc_ zone-freeze "$DNS_ZONE" >/dev/null
    log "dynamic updates stay refused (dns-updates deny is in effect)"
  fi
  dns_unlock
}

# dns_release: this cluster no longer uses its DNS instance; stop the instance
# (and drop its zone data) when no other cluster does. Users whose cluster
# state is gone are dropped first.
dns_release() {
  [[ -d "$DNS_DIR" ]] || return 0
  dns_lock
  rm -f "$DNS_DIR/users/$NAME"
  local u users=()
  for u in "$DNS_DIR"/users/*; do
    [[ -e "$u" ]] || continue
    if [[ -d "$KWOK_WORKDIR/clusters/${u##*/}" ]]; then users+=("${u##*/}"); else rm -f "$u"; fi
  done
  if (( ${#users[@]} > 0 )); then
    log "DNS $DNS_NAME keeps running for: ${users[*]}"
  else
    local pid
    if pid=$(dns_pid); then
      stop_pid "$pid"
      log "DNS $DNS_NAME stopped (no cluster uses it)"
    fi
    rm -rf "$DNS_DIR/db" "$DNS_DIR/zones" "$DNS_DIR/run" "$DNS_DIR/updates-denied" "$DNS_DIR/instance.env"
    rm -f "$(dns_sock)"
    # An instance that never started (e.g. its port was taken) leaves nothing.
    [[ -f "$DNS_DIR/tsig.secret" ]] || rm -rf "$DNS_DIR"
  fi
  dns_unlock
}

# stop_pid PID...: SIGTERM, SIGKILL after 10s, wait until gone.
stop_pid() {
  local p end=$(( $(date +%s) + 10 ))
  for p in "$@"; do kill "$p" 2>/dev/null || true; done
  for p in "$@"; do
    while alive "$p"; do
      if (( $(date +%s) >= end )); then kill -9 "$p" 2>/dev/null || true; fi
      sleep 0.1
    done
  done
}

# --- cert-manager and external-dns of this cluster ---------------------------
# Processes of our own (not kwokctl's); identified by pid file plus the
# cluster's kubeconfig path on their command line.
ADDONS=(cert-manager external-dns)
addon_pid() {
  local f="$ADDONS_DIR/pids/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid=$(<"$f"); [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "--kubeconfig $KUBECONFIG_PATH" || return 1
  echo "$pid"
}
addon_log() { echo "$ADDONS_DIR/logs/$1.log"; }
# The add-on runs, from the current bin dir (not one of an older build).
addon_current() {
  local pid; pid=$(addon_pid "$1") || return 1
  { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$BIN/"
}

external_dns_args() {
  EXTERNAL_DNS_ARGS=(
    --kubeconfig "$KUBECONFIG_PATH"
    --source crd --provider rfc2136 --registry txt
    --txt-owner-id "$NAME"
    --policy "${LOCAL_DNS_POLICY:-sync}"
    --interval 30s --min-event-sync-interval 1s
    --domain-filter "$DNS_ZONE"
    --rfc2136-host 127.0.0.1 --rfc2136-port "$DNS_PORT" --rfc2136-zone "$DNS_ZONE"
    --rfc2136-tsig-keyname "$(dns_key_name)" --rfc2136-tsig-secret-alg hmac-sha256 --rfc2136-axfr
  )
}

# start_addon NAME CMD...: start in its own session, stdout+stderr to its log
# (the previous log is kept as .log.1).
start_addon() {
  local name="$1"; shift
  local logf; logf=$(addon_log "$name")
  mkdir -p "$ADDONS_DIR/pids" "$ADDONS_DIR/logs"
  [[ -f "$logf" ]] && mv -f "$logf" "$logf.1"
  setsid "$@" >"$logf" 2>&1 </dev/null 8>&- 9>&- &
  echo $! > "$ADDONS_DIR/pids/$name.pid"
  log "$name started (pid $!, log $logf)"
}
stop_addons() {
  local a pid pids=()
  for a in "${ADDONS[@]}"; do pid=$(addon_pid "$a") && pids+=("$pid"); done
  (( ${#pids[@]} == 0 )) || stop_pid "${pids[@]}"
  rm -f "$ADDONS_DIR"/pids/*.pid
}

# ensure_addons: cert-manager and external-dns run for this cluster, the
# latter against the DNS instance in DNS_*; (re)start what is not running.
ensure_addons() {
  mkdir -p "$ADDONS_DIR"
  echo "$BIN" > "$ADDONS_DIR/bin.path"
  local pid
  if pid=$(addon_pid cert-manager) && ! addon_current cert-manager; then
    log "cert-manager runs an older build; restarting it"
    stop_pid "$pid"
  fi
  if ! addon_pid cert-manager >/dev/null; then
    start_addon cert-manager "$BIN/cert-manager-controller" --kubeconfig "$KUBECONFIG_PATH" \
      --cluster-resource-namespace cert-manager --workers 2 \
      --certificate-request-minimum-backoff-duration 30s --certificate-request-maximum-backoff-duration 5m
  fi
  if pid=$(addon_pid external-dns) && ! { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null \
      | grep -qF -- "--rfc2136-port $DNS_PORT --rfc2136-zone $DNS_ZONE --rfc2136-tsig-keyname $(dns_key_name) "; then
    log "external-dns points at another DNS instance; restarting it"
    stop_pid "$pid"
  elif pid=$(addon_pid external-dns) && ! addon_current external-dns; then
    log "external-dns runs an older build; restarting it"
    stop_pid "$pid"
  fi
  if ! addon_pid external-dns >/dev/null; then
    external_dns_args
    EXTERNAL_DNS_RFC2136_TSIG_SECRET="$(<"$DNS_DIR/tsig.secret")" \
      start_addon external-dns "$BIN/external-dns" "${EXTERNAL_DNS_ARGS[@]}"
  fi
}
addon_alive() {
  addon_pid "$1" >/dev/null && return 0
  tail -n 5 "$(addon_log "$1")" >&2 2>/dev/null || true
  die "$1 exited (log: $(addon_log "$1"))"
}
external_dns_ready() {
  addon_alive external-dns
  grep -q "watching DNSEndpoints" "$(addon_log external-dns)" 2>/dev/null
}
ca_issuer_ready() { addon_alive cert-manager; issuer_ready; }

# purge_dns_records: delete this cluster's records (owner = cluster name) from
# the shared zone, so that nothing stale stays behind for the other clusters.
purge_dns_records() {
  [[ -n "$BIN" && -x "$BIN/external-dns" && -f "$DNS_DIR/tsig.secret" ]] || return 0
  dns_pid >/dev/null || return 0
  mkdir -p "$ADDONS_DIR/logs"
  external_dns_args
  if EXTERNAL_DNS_RFC2136_TSIG_SECRET="$(<"$DNS_DIR/tsig.secret")" \
      timeout 20 "$BIN/external-dns" "${EXTERNAL_DNS_ARGS[@]}" --purge >>"$(addon_log external-dns)" 2>&1 8>&- 9>&-; then
    log "deleted the records of $NAME from zone $DNS_ZONE"
  else
    log "could not delete the records of $NAME from zone $DNS_ZONE (see $(addon_log external-dns))"
  fi
}

cmd_up() {
  local t0; t0=$(now)
  lock_cluster
  DEADLINE=$(( $(date +%s) + TIMEOUT_S ))
  bin_dir_build
  DEADLINE=$(( $(date +%s) + TIMEOUT_S ))   # build time does not count
  kwok_env

  # The DNS instance: the one recorded for this cluster unless LOCAL_DNS_*
  # ask for another; then the cluster leaves the old one (external-dns is
  # restarted against the new one below).
  dns_from_env
  local want_dns; want_dns=$(dns_binding)
  if [[ -z "${LOCAL_DNS_NAME:-}${LOCAL_DNS_PORT:-}${LOCAL_DNS_ZONE:-}" ]]; then
    dns_from_record
    want_dns=$(dns_binding)
  fi
  if [[ -f "$ADDONS_DIR/dns.env" && "$(<"$ADDONS_DIR/dns.env")" != "$want_dns" ]]; then
    dns_from_record
    log "switching from DNS $DNS_NAME (127.0.0.1:$DNS_PORT $DNS_ZONE) to the one in LOCAL_DNS_*"
    local pid; pid=$(addon_pid external-dns) && stop_pid "$pid"
    purge_dns_records
    dns_release
    rm -f "$ADDONS_DIR/dns.env"
  fi

  if healthy; then
    log "already up"
    echo "$KUBECONFIG_PATH"
    return 0
  fi
  dns_from_env
  if [[ -z "${LOCAL_DNS_NAME:-}${LOCAL_DNS_PORT:-}${LOCAL_DNS_ZONE:-}" ]]; then dns_from_record; fi
  # Fail before creating anything if the DNS port is taken by something else.
  if ! dns_pid >/dev/null && { port_taken || dns_answers; }; then
    die "port $DNS_PORT (LOCAL_DNS_PORT) is already in use on this machine; pick another one"
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
    if ! kwokctl_start || ! { api_ready || wait_api_briefly; }; then
      log "restart failed; recreating"
      stop_addons
      "$BIN/kwokctl" --name "$NAME" delete cluster --kubeconfig "$STATE_ROOT/kwokctl-contexts.yaml" >&2 || true
      rm -rf "$CLUSTER_DIR"
    fi
  fi
  if [[ ! -d "$CLUSTER_DIR" ]]; then
    log "creating cluster (pod ready $stages_desc)"
    # kwokctl picks free ports by probing: two clusters created at once can
    # pick the same ones. One creation at a time on this machine, until its
    # API server has bound them.
    exec 6>"$STATE_ROOT/.create.lock"
    command -v flock >/dev/null && flock 6
    "$BIN/kwokctl" "${args[@]}" >&2 8>&- 6>&- || die "kwokctl create cluster failed (logs: $CLUSTER_DIR/logs)"
  fi

  poll "apiserver /readyz" api_ready
  exec 6>&-
  apply_manifests
  # Record the DNS instance first, so that a `down` after a failed `up`
  # releases it.
  mkdir -p "$ADDONS_DIR"; dns_binding > "$ADDONS_DIR/dns.env"
  dns_ensure
  poll "CRDs established" crds_established
  ensure_addons
  poll "bootstrap issuers applied" apply_issuers
  storage_applied
  poll "controller-manager and scheduler leases" leases_held
  poll "default service account and root CA" default_sa
  poll "fake nodes Ready" nodes_ready
  poll "external-dns watching DNSEndpoints" external_dns_ready
  poll "ClusterIssuer $CA_ISSUER Ready" ca_issuer_ready
  log "up in $(elapsed "$t0"): $(kctl config view --minify -o jsonpath='{.clusters[0].cluster.server}'), DNS 127.0.0.1:$DNS_PORT zone $DNS_ZONE"
  echo "$KUBECONFIG_PATH"
}

wait_api_briefly() {
  local end=$(( $(date +%s) + 30 ))
  until api_ready; do (( $(date +%s) < end )) || return 1; sleep 0.2; done
}

# PIDs of this cluster's component processes (from kwokctl's pid files),
# only if the process still runs one of this cluster's binaries.
# `kwokctl start cluster` starts the components whose pid file names no
# running process; it takes a killed component that PID 1 has not reaped yet
# (a zombie) for running and waits for it in vain. Forget those first.
kwokctl_start() {
  local f pid
  for f in "$CLUSTER_DIR"/pids/*.pid; do
    [[ -f "$f" ]] || continue
    pid=$(<"$f")
    if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! alive "$pid"; then rm -f "$f"; fi
  done
  "$BIN/kwokctl" --name "$NAME" start cluster >&2 8>&- 6>&-
}

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
  # Binaries changed since `up` (e.g. a version bump): use the ones it ran.
  if [[ -z "$BIN" && -f "$ADDONS_DIR/bin.path" && -x "$(<"$ADDONS_DIR/bin.path")/kwokctl" ]]; then
    BIN=$(<"$ADDONS_DIR/bin.path")
  fi
  dns_from_record
  if [[ -d "$ADDONS_DIR" ]]; then
    stop_addons
    purge_dns_records
  fi
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
      while alive "$p"; do
        if (( $(date +%s) >= end )); then kill -9 "$p" 2>/dev/null || true; break; fi
        sleep 0.1
      done
    done
  fi
  rm -rf "$CLUSTER_DIR" "$RENDERED_DIR"
  dns_release
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
  while alive "$pid"; do
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
    kwokctl_start || return 1
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
    kwokctl_start || die "kwokctl start cluster failed (logs: $CLUSTER_DIR/logs)"
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
  dns_from_record
  for name in "${ADDONS[@]}"; do
    if pid=$(addon_pid "$name"); then echo "$name: running (pid $pid)"; else echo "$name: NOT running"; fi
  done
  local dns_users=""
  dns_users=$(ls "$DNS_DIR/users" 2>/dev/null | paste -sd ' ' -)
  if pid=$(dns_pid); then
    echo "dns $DNS_NAME (127.0.0.1:$DNS_PORT zone $DNS_ZONE): running (pid $pid), $(if dns_answers; then echo "answers SOA"; else echo "does NOT answer SOA"; fi), dynamic updates $(if [[ -f "$DNS_DIR/updates-denied" ]]; then echo "REFUSED (dns-updates deny)"; else echo allowed; fi), used by: ${dns_users:-none}"
  else
    echo "dns $DNS_NAME (127.0.0.1:$DNS_PORT zone $DNS_ZONE): NOT running, used by: ${dns_users:-none}"
  fi
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
    echo "== issuers and certificates not ready (kind namespace name reason: message)"
    kctl get clusterissuers,issuers,certificates -A --no-headers -o custom-columns='KIND:.kind,NS:.metadata.namespace,NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status,REASON:.status.conditions[?(@.type=="Ready")].reason,MESSAGE:.status.conditions[?(@.type=="Ready")].message' 2>/dev/null \
      | awk '$4 != "True" {$4=""; print}' | head -20 || true
    echo "== DNSEndpoints not published yet (namespace name generation observed)"
    kctl get dnsendpoints -A --no-headers -o custom-columns='NS:.metadata.namespace,NAME:.metadata.name,GEN:.metadata.generation,OBS:.status.observedGeneration' 2>/dev/null \
      | awk '$3 != $4' | head -20 || true
  fi
  for f in "$CLUSTER_DIR"/logs/*.log "$(addon_log cert-manager)"; do
    [[ -f "$f" ]] || continue
    echo "== distinct errors in $(basename "$f") (count, first seen, message)"
    { grep -E '^[EF][0-9]{4} ' "$f" || true; } | awk '{t=$2; $1=$2=$3=""; m=substr($0, 4, 220); if (!(m in c)) {o[++n]=m; first[m]=t} c[m]++} END {for (i=1;i<=n;i++) print c[o[i]], first[o[i]], o[i]}' \
      | sort -rn | head -8 || true
  done
  f=$(addon_log external-dns)
  if [[ -f "$f" ]]; then
    echo "== distinct errors in external-dns.log (count, first seen, message)"
    { grep -E 'level=(error|fatal)' "$f" || true; } \
      | sed -E 's/^time="([^"]*)" level=[a-z]+ msg="(([^"\\]|\\.)*)".*$/\1 \2/' \
      | awk '{t=$1; $1=""; m=substr($0, 2, 220); if (!(m in c)) {o[++n]=m; first[m]=t} c[m]++} END {for (i=1;i<=n;i++) print c[o[i]], first[o[i]], o[i]}' \
      | sort -rn | head -8 || true
  fi
  f="$DNS_DIR/knotd.log"
  if [[ -f "$f" ]]; then
    echo "== distinct errors and warnings in knotd.log of $DNS_NAME (count, first seen, message)"
    { grep -E '^[^ ]+ (error|warning|critical): ' "$f" || true; } \
      | awk '{t=$1; $1=""; m=substr($0, 2, 220); if (!(m in c)) {o[++n]=m; first[m]=t} c[m]++} END {for (i=1;i<=n;i++) print c[o[i]], first[o[i]], o[i]}' \
      | sort -rn | head -8 || true
  fi
}

# Print "127.0.0.1:<port> <zone>" of the cluster's DNS server.
cmd_dns() {
  dns_from_record
  echo "127.0.0.1:$DNS_PORT $DNS_ZONE"
}

# Fault tests: make the cluster's DNS server refuse dynamic updates, or accept
# them again. Knot answers an update that its ACL denies with NOTAUTH and a
# TSIG BADKEY error (which clients report as a signature failure), so "deny"
# freezes the zone instead: every update is then answered REFUSED, correctly
# signed, while queries and zone transfers keep working. The state is kept in
# the instance's dir (re-applied if knotd restarts) and affects every cluster
# publishing to the instance. external-dns retries a failed update after 1-5 s.
cmd_dns_updates() {
  local mode="${1:-}"
  [[ "$mode" == deny || "$mode" == allow ]] || die "usage: $0 dns-updates deny|allow"
  dns_from_record
  dns_lock
  dns_pid >/dev/null || die "DNS $DNS_NAME (127.0.0.1:$DNS_PORT) is not running"
  if [[ "$mode" == deny ]]; then
    touch "$DNS_DIR/updates-denied"
    knotc_ zone-freeze "$DNS_ZONE" >/dev/null || die "knotc zone-freeze failed"
    poll_status() { knotc_ zone-status "$DNS_ZONE" 2>/dev/null | grep -q 'freeze: yes'; }
  else
    rm -f "$DNS_DIR/updates-denied"
    knotc_ zone-thaw "$DNS_ZONE" >/dev/null || die "knotc zone-thaw failed"
    poll_status() { ! knotc_ zone-status "$DNS_ZONE" 2>/dev/null | grep -q 'freeze: yes'; }
  fi
  DEADLINE=$(( $(date +%s) + 10 ))
  poll "dynamic updates to $DNS_ZONE on DNS $DNS_NAME: $([[ "$mode" == deny ]] && echo refused || echo allowed)" poll_status
  dns_unlock
}

cmd_status() {
  bin_dir_check
  if [[ -z "$BIN" ]]; then log "down (binaries not built)"; return 1; fi
  if healthy; then
    log "up: $(kctl config view --minify -o jsonpath='{.clusters[0].cluster.server}') kubeconfig=$KUBECONFIG_PATH dns=127.0.0.1:$DNS_PORT/$DNS_ZONE"
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
  dns) cmd_dns ;;
  dns-updates) shift; cmd_dns_updates "$@" ;;
  kubectl)
    shift
    bin_dir_check
    [[ -n "$BIN" ]] || die "the local cluster is not built; run '$0 up' first"
    exec "$BIN/kubectl" --kubeconfig "$KUBECONFIG_PATH" "$@"
    ;;
  *) echo "usage: $0 up|down|status|kubeconfig|kubectl|dns|dns-updates deny|allow|apiserver-stop [--crash]|apiserver-start|diagnose" >&2; exit 2 ;;
esac
