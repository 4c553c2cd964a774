#!/usr/bin/env bash
# End-to-end check of the TLS/DNS add-ons of the local cluster, on two
# throwaway clusters sharing one DNS server (both are removed at the end):
#   1. up A: ClusterIssuer tenant-platform-ca Ready
#   2. Certificate for demo.<zone> -> Ready; its Secret's certificate has the
#      host as SAN and verifies against the CA in the Secret
#   3. DNSEndpoint -> the DNS server answers A 127.0.0.1; deleted -> NXDOMAIN
#   4. dns-updates deny -> a new DNSEndpoint does not resolve and external-dns
#      logs REFUSED; allow -> it resolves
#   5. up B with the same DNS server: its record resolves next to A's
#   6. down A: A's records are gone, B's still resolve, the server runs
#   7. down B: the server has stopped
# Prints timings and the RSS of knotd, cert-manager and external-dns.
#
# Env: SELFTEST_CLUSTER_A / SELFTEST_CLUSTER_B (default tenants-selftest-a/-b),
#      SELFTEST_DNS_NAME (default selftest-dns), SELFTEST_DNS_PORT (default 15391),
#      SELFTEST_KEEP=1 leaves the clusters up. Never point it at clusters you use.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
A="${SELFTEST_CLUSTER_A:-tenants-selftest-a}"
B="${SELFTEST_CLUSTER_B:-tenants-selftest-b}"
export LOCAL_DNS_NAME="${SELFTEST_DNS_NAME:-selftest-dns}"
export LOCAL_DNS_PORT="${SELFTEST_DNS_PORT:-15391}"
export LOCAL_DNS_ZONE="${SELFTEST_DNS_ZONE:-tenants.localhost}"
ZONE="$LOCAL_DNS_ZONE"
NS=selftest

say() { printf '[selftest] %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1fs", b-a}'; }
cl() { LOCAL_CLUSTER_NAME="$1" "$HERE/cluster.sh" "${@:2}"; }
k() { cl "$1" kubectl "${@:2}"; }
KDIG=$(command -v kdig || echo /usr/bin/kdig)
resolve() { "$KDIG" @127.0.0.1 -p "$LOCAL_DNS_PORT" +timeout=1 +retry=0 +short "$1" A 2>/dev/null; }
rcode() { "$KDIG" @127.0.0.1 -p "$LOCAL_DNS_PORT" +timeout=1 +retry=0 "$1" A 2>/dev/null | sed -n 's/.*status: \([A-Z]*\).*/\1/p'; }
# wait_for SECONDS DESCRIPTION CMD...: poll every 100ms.
wait_for() {
  local limit="$1" what="$2" t; shift 2; t=$(now)
  local end; end=$(awk -v a="$t" -v l="$limit" 'BEGIN{printf "%d", a+l}')
  until "$@"; do (( $(date +%s) < end )) || fail "$what (not within ${limit}s)"; sleep 0.1; done
  say "$what ($(since "$t"))"
}
is_ip() { [[ "$(resolve "$1")" == 127.0.0.1 ]]; }
is_nx() { [[ "$(rcode "$1")" == NXDOMAIN ]]; }

TMP=$(mktemp -d)
cleanup() {
  local rc=$?
  if (( rc != 0 )); then
    say "failed (exit $rc); diagnose of both clusters:"
    cl "$A" diagnose >&2 || true
    cl "$B" diagnose >&2 || true
  fi
  rm -rf "$TMP"
  [[ "${SELFTEST_KEEP:-0}" == 1 ]] && return 0
  cl "$A" down >/dev/null 2>&1 || true
  cl "$B" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

dnsendpoint() { # cluster name host
  k "$1" apply -f - >/dev/null <<EOF
apiVersion: externaldns.k8s.io/v1alpha1
kind: DNSEndpoint
metadata: {name: $2, namespace: $NS}
spec:
  endpoints:
  - {dnsName: $3, recordType: A, recordTTL: 300, targets: [127.0.0.1]}
EOF
}
rss() { ps -o rss= -p "$1" | awk '{printf "%.1f MiB", $1/1024}'; }
# The process runs (an exited one that its new parent has not reaped yet is a
# zombie, and counts as gone).
alive() { local st; st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1; [[ -n "$st" && "$st" != Z ]]; }

# 1
t=$(now); cl "$A" up >/dev/null; say "up $A: $(since "$t")"
k "$A" create namespace "$NS" >/dev/null

# 2
k "$A" apply -f - >/dev/null <<EOF
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: tenant-tls, namespace: $NS}
spec:
  secretName: tenant-tls
  dnsNames: [demo.$ZONE]
  issuerRef: {group: cert-manager.io, kind: ClusterIssuer, name: tenant-platform-ca}
EOF
t=$(now)
k "$A" -n "$NS" wait --for=condition=Ready certificate/tenant-tls --timeout=60s >/dev/null || fail "Certificate not Ready"
say "Certificate Ready ($(since "$t"))"
k "$A" -n "$NS" get secret tenant-tls -o jsonpath='{.data.tls\.crt}' | base64 -d > "$TMP/tls.crt"
k "$A" -n "$NS" get secret tenant-tls -o jsonpath='{.data.ca\.crt}' | base64 -d > "$TMP/ca.crt"
openssl x509 -in "$TMP/tls.crt" -noout -ext subjectAltName | grep -q "DNS:demo.$ZONE" || fail "SAN is not demo.$ZONE"
openssl verify -CAfile "$TMP/ca.crt" "$TMP/tls.crt" >/dev/null || fail "certificate does not verify against the CA"
say "Secret tenant-tls: SAN DNS:demo.$ZONE, issued by $(openssl x509 -in "$TMP/tls.crt" -noout -issuer | sed 's/^issuer=//')"

# 3
dnsendpoint "$A" tenant "demo.$ZONE"
wait_for 15 "demo.$ZONE A 127.0.0.1" is_ip "demo.$ZONE"
k "$A" -n "$NS" delete dnsendpoint tenant >/dev/null
wait_for 15 "demo.$ZONE NXDOMAIN after the DNSEndpoint was deleted" is_nx "demo.$ZONE"

# 4
cl "$A" dns-updates deny 2>/dev/null
log_a="$(dirname "$(cl "$A" kubeconfig)")/addons/logs/external-dns.log"
dnsendpoint "$A" denied "denied.$ZONE"
refused() { grep -q 'REFUSED' "$log_a"; }
wait_for 15 "external-dns logs REFUSED while updates are denied" refused
is_nx "denied.$ZONE" || fail "denied.$ZONE resolves although updates are denied"
cl "$A" dns-updates allow 2>/dev/null
wait_for 15 "denied.$ZONE A 127.0.0.1 after updates are allowed again" is_ip "denied.$ZONE"

# 5
t=$(now); cl "$B" up >/dev/null; say "up $B (same DNS server): $(since "$t")"
k "$B" create namespace "$NS" >/dev/null
dnsendpoint "$B" other "other.$ZONE"
wait_for 15 "other.$ZONE (from $B) A 127.0.0.1" is_ip "other.$ZONE"
is_ip "denied.$ZONE" || fail "$A's record vanished"

state_a="$(dirname "$(cl "$A" kubeconfig)")/addons/pids"
dns_pid_file="${XDG_CACHE_HOME:-$HOME/.cache}/tenant-platform/local-cluster/dns/$LOCAL_DNS_NAME/run/knot.pid"
say "RSS: knotd $(rss "$(<"$dns_pid_file")"), cert-manager ($A) $(rss "$(<"$state_a/cert-manager.pid")"), external-dns ($A) $(rss "$(<"$state_a/external-dns.pid")")"

# 6
t=$(now); cl "$A" down 2>/dev/null; say "down $A: $(since "$t")"
is_nx "denied.$ZONE" || fail "$A's record is still served after its down"
is_ip "other.$ZONE" || fail "$B's record is gone after $A's down"
knot_pid=$(<"$dns_pid_file")
alive "$knot_pid" || fail "the DNS server stopped although $B uses it"
say "after down $A: its records are gone, $B's resolve, the DNS server runs"

# 7
[[ "${SELFTEST_KEEP:-0}" == 1 ]] && { say "OK (SELFTEST_KEEP=1: $B is left up)"; exit 0; }
cl "$B" down 2>/dev/null
! alive "$knot_pid" || fail "the DNS server still runs after both clusters are down"
[[ -z "$(resolve "other.$ZONE")" ]] || fail "the DNS port still answers"
say "after down $B: the DNS server has stopped"
say "OK"
