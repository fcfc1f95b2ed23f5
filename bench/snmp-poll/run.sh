#!/usr/bin/env bash
# SOTP's SNMP poller against the LibreNMS-style pattern (one net-snmp snmpbulkwalk process per device and
# table, devices in parallel), polling the same simulated agents: IF-MIB ifTable and ifXTable, CPU
# (hrProcessorLoad) and memory (hrStorage). Prints wall time, CPU seconds per OID and the ratios.
# Needs snmpbulkwalk (Debian package snmp). Usage: bench/snmp-poll/run.sh [devices=200] [parallel=16]
set -euo pipefail
cd "$(dirname "$0")"
devices=${1:-200}
parallel=${2:-16}
command -v snmpbulkwalk >/dev/null || { echo "apt-get install -y snmp"; exit 1; }
export MIBS=

dotnet build -c Release -v quiet -nologo SnmpPoll.csproj >/dev/null
app=bin/Release/net10.0/SnmpPoll.dll
work=$(mktemp -d)
dotnet "$app" agents "$devices" > "$work/agents.out" &
agents_pid=$!
trap 'kill $agents_pid 2>/dev/null || true; rm -rf "$work"' EXIT
until grep -q ready "$work/agents.out"; do sleep 0.2; done

for i in $(seq 0 $((devices - 1))); do echo "127.0.$((20 + i / 250)).$((i % 250 + 1))"; done > "$work/hosts"

measure() { local TIMEFORMAT="%R %U %S"; { time "$@" >"$work/out" 2>"$work/err" || true; } 2>"$work/time"; }

# LibreNMS-style: per device, one snmpbulkwalk per table, devices in parallel.
walk_device() {
  for table in .1.3.6.1.2.1.2.2 .1.3.6.1.2.1.31.1.1 .1.3.6.1.2.1.25.3.3.1.2 .1.3.6.1.2.1.25.2.3; do
    snmpbulkwalk -v2c -c bench -On -Cr10 -t 5 -r 1 "udp:$1:16100" "$table"
  done
}
export -f walk_device
measure bash -c "xargs -P $parallel -I{} bash -c 'walk_device {}' < '$work/hosts'"
read -r n_wall n_user n_sys < "$work/time"
n_oids=$(grep -c ' = ' "$work/out" || true)

measure dotnet "$app" poll "$devices"
read -r s_wall s_user s_sys < "$work/time"
read -r s_oids s_ms s_cpu_ms < "$work/out"

awk -v d="$devices" -v p="$parallel" -v nw="$n_wall" -v nu="$n_user" -v ns="$n_sys" -v no="$n_oids" \
    -v sw="$s_wall" -v su="$s_user" -v ss="$s_sys" -v so="$s_oids" -v sms="$s_ms" -v scm="$s_cpu_ms" 'BEGIN {
  nc = nu + ns; sc = su + ss
  printf "devices %d (24 interfaces each), net-snmp with %d walks in parallel\n", d, p
  printf "%-34s %8s %8s %9s %14s\n", "", "wall s", "cpu s", "oids", "cpu us/oid"
  printf "%-34s %8.2f %8.2f %9d %14.1f\n", "snmpbulkwalk per device (process)", nw, nc, no, nc / no * 1e6
  printf "%-34s %8.2f %8.2f %9d %14.1f\n", "SOTP poller (process)", sw, sc, so, sc / so * 1e6
  printf "%-34s %8.2f %8.2f %9d %14.1f\n", "SOTP poller (poll only)", sms / 1000, scm / 1000, so, scm / 1000 / so * 1e6
  printf "throughput ratio SOTP/net-snmp (oids per wall second, process): %.1fx\n", (so / sw) / (no / nw)
  printf "cpu per oid ratio SOTP/net-snmp (process): %.2f\n", (sc / so) / (nc / no)
  printf "throughput ratio (poll only): %.1fx   cpu per oid ratio (poll only): %.2f\n", (so / (sms / 1000)) / (no / nw), (scm / 1000 / so) / (nc / no)
}'
