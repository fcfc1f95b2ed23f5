#!/usr/bin/env bash
# SOTP's syslog receiver against rsyslog, fed by the same generator on the same machine.
# - UDP: the highest rate each takes without losing a line, trying RATES (lines a second) for SECONDS each. SOTP
#   counts what it stored (parsed, given to a device, classified and explained, saved to SQLite); rsyslog counts
#   what its imudp input wrote to a file through a template that uses its parsed fields (host, program, severity).
# - TCP (octet counting, one connection): lines a second from the first line sent to the last one stored or written.
# SOTP runs as the console runs (dotnet Sotp.Console.dll, Release, SQLite in a temp folder, a device for 127.0.0.1).
# Needs rsyslogd (Debian package rsyslog) and sqlite3. Usage: bench/syslog/run.sh [seconds=4] [tcp lines=200000] [rates...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-4}
tcp_lines=${2:-200000}
shift 2 2>/dev/null || shift $#
rates=("$@")
((${#rates[@]})) || rates=(5000 10000 20000 40000 80000)
command -v rsyslogd >/dev/null && command -v sqlite3 >/dev/null || { echo "apt-get install -y rsyslog sqlite3"; exit 1; }

dotnet build -c Release -v quiet -nologo Syslog.csproj >/dev/null
dotnet build -c Release -v quiet -nologo ../../Sotp.Console/Sotp.Console.csproj >/dev/null
gen=bin/Release/net10.0/Syslog.dll
console=../../Sotp.Console/bin/Release/net10.0/Sotp.Console.dll
work=$(mktemp -d)
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

# rsyslog: its own instance, imudp and imtcp, one file.
r_udp=$(port); r_tcp=$(port)
cat > "$work/rsyslog.conf" <<CONF
global(workDirectory="$work")
module(load="imudp")
module(load="imtcp")
input(type="imudp" port="$r_udp" address="127.0.0.1")
input(type="imtcp" port="$r_tcp" address="127.0.0.1")
template(name="parsed" type="string" string="%timegenerated:::date-rfc3339% %fromhost-ip% %hostname% %programname% %syslogseverity-text% %msg%\n")
action(type="omfile" file="$work/rsyslog.out" template="parsed")
CONF
rsyslogd -n -f "$work/rsyslog.conf" -i "$work/rsyslog.pid" &
pids+=($!)

# SOTP: the console with its syslog receiver, a device for the sender.
s_udp=$(port); s_tcp=$(port); http=$(port)
ConnectionStrings__Sotp="Data Source=$work/sotp.db" Sotp__Demo__Enabled=false ASPNETCORE_URLS="http://127.0.0.1:$http" \
  Sotp__Syslog__BindAddress=127.0.0.1 Sotp__Syslog__UdpPort=$s_udp Sotp__Syslog__TcpPort=$s_tcp Sotp__Syslog__TlsPort= \
  Sotp__Traps__Port= Logging__LogLevel__Default=Warning dotnet "$console" > "$work/sotp.log" 2>&1 &
pids+=($!)
until curl -sf "http://127.0.0.1:$http/healthz/ready" >/dev/null; do sleep 0.5; done
sqlite3 "$work/sotp.db" "INSERT INTO Devices (Name, Address, Kind, Platform, Tags, Monitored, IsDemo, CreatedAt, UpdatedAt) VALUES ('bench-rtr', '127.0.0.1', 'Router', 'cisco-ios', '[]', 0, 0, 0, 0);" 2>/dev/null || true

# Each run's lines are the rows after the newest one before it (a primary-key range, not a scan that would slow SOTP).
mark() { sqlite3 "$work/sotp.db" "SELECT coalesce(max(Id), 0) FROM DeviceEvents;"; }
stored() { sqlite3 "$work/sotp.db" "SELECT count(*) FROM DeviceEvents WHERE Id > $from;"; }
written() { grep -c -- "$1-" "$work/rsyslog.out" 2>/dev/null || echo 0; }
# Waits until a count stops growing (3 s unchanged), prints it.
settle() { local last=-1 now; now=$("$@"); while [[ $now != "$last" ]]; do last=$now; sleep 3; now=$("$@"); done; echo "$now"; }

best_sotp=0; best_rsyslog=0
printf '%-10s %14s %16s\n' "UDP rate" "SOTP stored" "rsyslog written"
for rate in "${rates[@]}"; do
  count=$((rate * seconds))
  from=$(mark)
  dotnet "$gen" udp "$s_udp" "$rate" "$count" "s$rate" >/dev/null
  dotnet "$gen" udp "$r_udp" "$rate" "$count" "r$rate" >/dev/null
  s=$(settle stored "s$rate"); r=$(settle written "r$rate")
  printf '%-10s %8d/%-6d %10d/%-6d\n' "$rate/s" "$s" "$count" "$r" "$count"
  ((s == count && rate > best_sotp)) && best_sotp=$rate
  ((r == count && rate > best_rsyslog)) && best_rsyslog=$rate
done

tcp_rate() { # generator, port, run, counter
  local start end n
  from=$(mark)
  start=$(date +%s.%N)
  dotnet "$gen" tcp "$2" "$tcp_lines" "$3" >/dev/null
  until [[ $($4 "$3") -ge $tcp_lines ]]; do sleep 0.5; done
  end=$(date +%s.%N)
  awk -v n="$tcp_lines" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }'
}
t_sotp=$(tcp_rate "$gen" "$s_tcp" tcps stored)
t_rsyslog=$(tcp_rate "$gen" "$r_tcp" tcpr written)

echo
echo "lossless UDP rate (lines/s, of ${rates[*]}): SOTP $best_sotp, rsyslog $best_rsyslog"
echo "TCP, $tcp_lines octet-counted lines on one connection (lines/s): SOTP $t_sotp, rsyslog $t_rsyslog"
awk -v a="$best_sotp" -v b="$best_rsyslog" -v c="$t_sotp" -v d="$t_rsyslog" 'BEGIN {
  printf "ratio SOTP/rsyslog: UDP %.2f, TCP %.2f\n", (b ? a / b : 0), (d ? c / d : 0) }'
