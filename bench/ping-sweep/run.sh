#!/usr/bin/env bash
# SOTP's ICMP engine against fping: the same 4,096 loopback targets (127.1.0.0 - 127.1.15.255), every tenth
# one made silent with an nftables drop rule, one probe each, 500 ms timeout. Prints wall time, CPU time and
# loss for both, and the ratios. Needs root (nft) and fping (Debian packages nftables, fping).
set -euo pipefail
cd "$(dirname "$0")"
[[ $(id -u) == 0 ]] || { echo "run as root (nftables silences the down hosts)"; exit 1; }
command -v fping >/dev/null || { echo "apt-get install -y fping"; exit 1; }

work=$(mktemp -d)
table="sotp_bench_$$"
cleanup() { nft delete table inet "$table" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for i in $(seq 0 4095); do echo "127.1.$((i / 256)).$((i % 256))"; done > "$work/targets"
awk 'NR % 10 == 0' "$work/targets" > "$work/silent"
nft add table inet "$table"
nft add chain inet "$table" in '{ type filter hook input priority 0; policy accept; }'
nft add set inet "$table" down '{ type ipv4_addr; }'
nft add rule inet "$table" in ip daddr @down icmp type echo-request drop
nft add element inet "$table" down "{ $(paste -sd, "$work/silent") }"
silent=$(wc -l < "$work/silent")

dotnet build -c Release -v quiet -nologo PingSweep.csproj >/dev/null

# Whole-process wall and CPU (user+sys) seconds of a command, from bash's own accounting.
measure() { local TIMEFORMAT="%R %U %S"; { time "$@" >"$work/out" 2>"$work/err" || true; } 2>"$work/time"; }

measure fping -q -c 1 -t 500 -r 0 -i 0 -f "$work/targets"
read -r f_wall f_user f_sys < "$work/time"
f_lost=$(grep -c '100%' "$work/err" || true)

measure dotnet bin/Release/net10.0/PingSweep.dll "$work/targets" "$work/sotp-lost" 500
read -r s_wall s_user s_sys < "$work/time"
read -r _ s_lost s_sweep_ms s_sweep_cpu_ms < "$work/out"
s_wrong=$(comm -13 <(sort "$work/silent") <(sort "$work/sotp-lost") | wc -l)

awk -v fw="$f_wall" -v fu="$f_user" -v fs="$f_sys" -v fl="$f_lost" \
    -v sw="$s_wall" -v su="$s_user" -v ss="$s_sys" -v sl="$s_lost" -v sm="$s_sweep_ms" -v sc="$s_sweep_cpu_ms" \
    -v silent="$silent" -v wrong="$s_wrong" 'BEGIN {
  printf "targets 4096, silent %d, one probe each, timeout 500 ms\n", silent
  printf "%-28s %10s %10s %8s\n", "", "wall s", "cpu s", "lost"
  printf "%-28s %10.3f %10.3f %8d\n", "fping -i 0 -r 0 (process)", fw, fu + fs, fl
  printf "%-28s %10.3f %10.3f %8d\n", "SOTP engine (process)", sw, su + ss, sl
  printf "%-28s %10.3f %10.3f %8s\n", "SOTP engine (sweep only)", sm / 1000, sc / 1000, "-"
  printf "answering hosts SOTP called lost: %d\n", wrong
  printf "ratio fping/SOTP wall (process): %.2f   cpu: %.2f\n", fw / sw, (fu + fs) / (su + ss)
  printf "ratio fping/SOTP wall (sweep only): %.2f   cpu: %.2f\n", fw / (sm / 1000), (fu + fs) / (sc / 1000)
}'
