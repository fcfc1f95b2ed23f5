#!/usr/bin/env bash
# SOTP's own telemetry, what it costs: the ping sweep (1,024 loopback addresses) and the SNMP poll (N simulated
# agents, 24 interfaces each) run in blocks of ROUNDS rounds with telemetry off, on at the default sampling (0.05
# of background work), and on with every probe traced (1.0), exporting over OTLP to the Aspire Dashboard (a real
# receiver, from the NuGet cache: run the tests once to fetch it). The three settings alternate inside one
# process, BLOCKS times in a rotating order, and each "on" block is compared with the "off" block next to it: on
# two shared cores a whole run's CPU time varies by +-10 %, neighbouring blocks far less.
# With two cores or more the measured process gets a core of its own and the receiver and the agents share the
# others: the receiver's work is Tempo's in production, not SOTP's, and is not counted.
# Usage: bench/telemetry/run.sh [rounds=3] [devices=100] [blocks=100]
set -euo pipefail
cd "$(dirname "$0")"
rounds=${1:-3}
devices=${2:-100}
blocks=${3:-100}
# Idle thread-pool threads spin before they sleep; that spinning is most of the noise. Off for every setting alike,
# so the CPU counted is the work's.
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
dashboard=${NUGET_PACKAGES:-$HOME/.nuget/packages}/aspire.dashboard.sdk.linux-x64/13.6.5/tools/Aspire.Dashboard
[[ -x $dashboard ]] || { echo "Aspire Dashboard not in the NuGet cache: run eng/test.sh once (it downloads it)"; exit 1; }
last=$(($(nproc) - 1))
if ((last > 0)); then peers="taskset -c 0-$((last - 1))"; measured="taskset -c $last"; else peers=""; measured=""; fi

dotnet build -c Release -v quiet -nologo Telemetry.csproj >/dev/null
app=bin/Release/net10.0/Telemetry.dll
work=$(mktemp -d)
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ui=$(port); grpc=$(port); http=$(port)
ASPNETCORE_URLS=http://127.0.0.1:$ui ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:$grpc \
  ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:$http ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
  Dashboard__Api__Enabled=true DOTNET_DASHBOARD_TELEMETRY_OPTOUT=true $peers "$dashboard" > "$work/dashboard.log" 2>&1 &
dashboard_pid=$!
$peers dotnet "$app" agents "$devices" > "$work/agents.out" &
agents_pid=$!
trap 'kill $agents_pid $dashboard_pid 2>/dev/null || true; rm -rf "$work"' EXIT
until grep -q ready "$work/agents.out"; do sleep 0.2; done
until curl -sf "http://127.0.0.1:$ui/api/telemetry/traces" >/dev/null; do sleep 0.5; done

$measured dotnet "$app" run "http://127.0.0.1:$grpc" "$rounds" "$devices" "$blocks" > "$work/blocks"
python3 - "$work/blocks" "$rounds" "$devices" "$blocks" <<'PY'
import statistics as st, sys
path, rounds, devices, blocks = sys.argv[1], *map(int, sys.argv[2:])
runs = {}
for line in open(path):
    name, cpu, wall, spans = line.split()
    runs.setdefault(name, []).append((int(cpu), int(wall), int(spans)))
off = [r[0] for r in runs["off"]]
print(f"{blocks} blocks of {rounds} rounds of: ping 1,024 loopback addresses, SNMP-poll {devices} agents (24 interfaces each)")
print(f"{'':32} {'cpu s':>8} {'wall s':>8} {'spans':>8} {'cpu +%':>8} {'95 % interval':>16}")
for name, label in [("off", "telemetry off"), ("on-0.05", "on, default sampling (0.05)"), ("on-1", "on, every probe traced (1.0)")]:
    r = runs[name]
    cpu, wall, spans = (sum(x[i] for x in r) for i in range(3))
    extra = interval = "-"
    if name != "off":
        # Each block against the "off" block beside it; the sums weigh every round alike (a sampled round is rare
        # and dear, so a median of blocks would hide it); the interval is two standard errors of the paired means.
        diffs = [b[0] - a for a, b in zip(off, r)]
        mean, se = st.mean(diffs), st.stdev(diffs) / len(diffs) ** 0.5
        per = sum(off) / len(off)
        extra = "%+.1f %%" % ((cpu / sum(off) - 1) * 100)
        interval = "%+.1f to %+.1f %%" % ((mean - 2 * se) / per * 100, (mean + 2 * se) / per * 100)
    print(f"{label:32} {cpu / 1000:8.2f} {wall / 1000:8.2f} {spans:8d} {extra:>8} {interval:>16}")
PY
