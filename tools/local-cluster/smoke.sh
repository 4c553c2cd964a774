#!/usr/bin/env bash
# Smoke test of the local cluster: brings it up (LOCAL_CLUSTER_NAME, default
# tenants-smoke), checks scheduling/readiness/endpoints/fault injection/
# namespace finalization, then takes it down. Exit 0 on success.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export LOCAL_CLUSTER_NAME="${LOCAL_CLUSTER_NAME:-tenants-smoke}"

KUBECONFIG="$("$HERE/cluster.sh" up | tail -n1)"
export KUBECONFIG
K="$("$HERE/build.sh" --check)/kubectl"
NS="smoke-$$"
pass=0; fail=0
ok() { echo "PASS: $*"; pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
cleanup() { "$HERE/cluster.sh" down >/dev/null 2>&1 || true; }
[[ "${KEEP_CLUSTER:-0}" == "1" ]] || trap cleanup EXIT

$K create namespace "$NS" >/dev/null
cat <<EOF | $K -n "$NS" apply -f - >/dev/null
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: never-ready, labels: {fault.tenants.dev/inject: never-ready}}
spec: {containers: [{name: app, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: crash, labels: {fault.tenants.dev/inject: container-fail}}
spec: {containers: [{name: app, image: busybox}]}
EOF

if $K -n "$NS" wait --for=condition=Ready pod -l app=web --timeout=20s >/dev/null 2>&1 \
   && [[ "$($K -n "$NS" get pods -l app=web --no-headers | wc -l)" == 2 ]]; then
  ok "deployment pods ready"; else bad "deployment pods ready"; fi

eps=""
for _ in $(seq 50); do
  eps=$($K -n "$NS" get endpointslices -l kubernetes.io/service-name=web \
        -o jsonpath='{range .items[*].endpoints[*]}{.addresses[0]}{" "}{end}')
  [[ $(wc -w <<<"$eps") == 2 ]] && break; sleep 0.2
done
[[ $(wc -w <<<"$eps") == 2 ]] && ok "service endpoints: $eps" || bad "service endpoints: '$eps'"

msg=""
for _ in $(seq 50); do
  msg=$($K -n "$NS" get pod never-ready -o jsonpath='{.status.phase}/{.status.conditions[?(@.type=="Ready")].status}/{.status.conditions[?(@.type=="Ready")].message}')
  [[ "$msg" == Running/False/*never-ready* ]] && break; sleep 0.2
done
[[ "$msg" == Running/False/*never-ready* ]] && ok "never-ready: $msg" || bad "never-ready: $msg"

st=""
for _ in $(seq 50); do
  st=$($K -n "$NS" get pod crash -o jsonpath='{.status.containerStatuses[0].state.waiting.reason}/{.status.containerStatuses[0].lastState.terminated.exitCode}')
  [[ "$st" == CrashLoopBackOff/1 ]] && break; sleep 0.2
done
[[ "$st" == CrashLoopBackOff/1 ]] && ok "container-fail: $st" || bad "container-fail: $st"

if $K delete namespace "$NS" --timeout=90s >/dev/null 2>&1 \
   && ! $K get namespace "$NS" >/dev/null 2>&1; then
  ok "namespace finalized"; else bad "namespace finalized"; fi

echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
