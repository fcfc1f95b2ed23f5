#!/usr/bin/env bash
# SOTP's own telemetry, what it costs: the ping sweep (1,024 loopback addresses) and the SNMP poll (N simulated
# agents, 24 interfaces each) run ROUNDS times with telemetry off, on at the default sampling (0.05 of background
# work), and on with every probe traced (1.0), exporting over OTLP to the Aspire Dashboard (a real receiver,
# from the NuGet cache: run the tests once to fetch it). Each setting runs REPS times, interleaved in a rotating
# order (on two cores a run's CPU time varies by +-10 % with what else runs); the medians are compared.
# Usage: bench/telemetry/run.sh [rounds=40] [devices=100] [reps=9]
set -euo pipefail
cd "$(dirname "$0")"
rounds=${1:-40}
devices=${2:-100}
reps=${3:-9}
# Idle thread-pool threads spin before they sleep; on two cores that spinning is most of the noise. Off for every
# setting alike, so the CPU counted is the work's.
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
dashboard=${NUGET_PACKAGES:-$HOME/.nuget/packages}/aspire.dashboard.sdk.linux-x64/13.6.5/tools/Aspire.Dashboard
[[ -x $dashboard ]] || { echo "Aspire Dashboard not in the NuGet cache: run eng/test.sh once (it downloads it)"; exit 1; }

dotnet build -c Release -v quiet -nologo Telemetry.csproj >/dev/null
app=bin/Release/net10.0/Telemetry.dll
work=$(mktemp -d)
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ui=$(port); grpc=$(port); http=$(port)
ASPNETCORE_URLS=http://127.0.0.1:$ui ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:$grpc \
  ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:$http ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
  Dashboard__Api__Enabled=true DOTNET_DASHBOARD_TELEMETRY_OPTOUT=true "$dashboard" > "$work/dashboard.log" 2>&1 &
dashboard_pid=$!
dotnet "$app" agents "$devices" > "$work/agents.out" &
agents_pid=$!
trap 'kill $agents_pid $dashboard_pid 2>/dev/null || true; rm -rf "$work"' EXIT
until grep -q ready "$work/agents.out"; do sleep 0.2; done
until curl -sf "http://127.0.0.1:$ui/api/telemetry/traces" >/dev/null; do sleep 0.5; done

settings=("off 0.05" "http://127.0.0.1:$grpc 0.05" "http://127.0.0.1:$grpc 1")
for i in $(seq 0 $((reps - 1))); do
  for j in 0 1 2; do
    set -- ${settings[$(((i + j) % 3))]}
    name=$([[ $1 == off ]] && echo off || echo "on-$2")
    dotnet "$app" run "$1" "$2" "$rounds" "$devices" >> "$work/$name"
  done
done
# What the receiver holds (its query API keeps the most recent spans, OTLP JSON).
received=$(curl -sf "http://127.0.0.1:$ui/api/telemetry/traces" | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]["resourceSpans"]; print(sum(len(s["spans"]) for r in d for s in r["scopeSpans"]))' 2>/dev/null || echo "?")

median() { sort -n -k1,1 "$work/$1" | sed -n "$(((reps + 1) / 2))p"; }
read -r off_cpu off_wall _ <<< "$(median off)"
read -r s_cpu s_wall s_spans <<< "$(median on-0.05)"
read -r a_cpu a_wall a_spans <<< "$(median on-1)"
awk -v r="$rounds" -v d="$devices" -v oc="$off_cpu" -v ow="$off_wall" -v sc="$s_cpu" -v sw="$s_wall" -v ss="$s_spans" \
    -v ac="$a_cpu" -v aw="$a_wall" -v as="$a_spans" -v t="$received" -v n="$reps" 'BEGIN {
  printf "%d rounds of: ping 1,024 loopback addresses, SNMP-poll %d agents (24 interfaces each); median of %d runs\n", r, d, n
  printf "%-38s %9s %9s %12s %10s\n", "", "cpu s", "wall s", "spans", "cpu +%"
  printf "%-38s %9.2f %9.2f %12s %10s\n", "telemetry off", oc / 1000, ow / 1000, "-", "-"
  printf "%-38s %9.2f %9.2f %12d %9.1f%%\n", "on, default sampling (0.05)", sc / 1000, sw / 1000, ss, (sc / oc - 1) * 100
  printf "%-38s %9.2f %9.2f %12d %9.1f%%\n", "on, every probe traced (1.0)", ac / 1000, aw / 1000, as, (ac / oc - 1) * 100
  printf "spans the Aspire Dashboard holds at the end: %s\n", t
}'
