#!/usr/bin/env bash
# The dashboard and the devices page at a small and a large inventory (all Up, pinged every 10 s), loaded in
# Debian's Chromium: load time until the live data shows, circuit bytes, and the large/small ratios.
# Needs root (or ping_group_range) for ICMP and /usr/bin/chromium. Usage: bench/dashboard/run.sh [small=20] [large=20000]
# SOTP runs published, in Production; SOTP_CONSOLE_DLL may name another published Sotp.Console.dll (an older commit's, say).
set -euo pipefail
cd "$(dirname "$0")"
small=${1:-20}
large=${2:-20000}
root=$(cd ../.. && pwd)

work=$(mktemp -d)
dotnet build -c Release -v quiet -nologo Dashboard.csproj >/dev/null
if [[ -z ${SOTP_CONSOLE_DLL:-} ]]; then
  # Published, as the container image is: compressed, fingerprinted static files.
  dotnet publish -c Release -v quiet -nologo -o "$work/app" "$root/Sotp.Console/Sotp.Console.csproj" >/dev/null
  SOTP_CONSOLE_DLL=$work/app/Sotp.Console.dll
fi

port=$(( 20000 + RANDOM % 20000 ))
password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
(cd "$(dirname "$SOTP_CONSOLE_DLL")" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Sotp__Demo__Enabled=false Sotp__Bootstrap__AdminPassword="$password" Sotp__Database__DataDirectory="$work" \
  Sotp__Security__SignInAttemptsPerMinute=1000 Logging__LogLevel__Default=Warning \
  exec dotnet "$SOTP_CONSOLE_DLL" > "$work/sotp.log" 2>&1) &
sotp_pid=$!
trap 'kill $sotp_pid 2>/dev/null; wait $sotp_pid 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/healthz/live" >/dev/null; do sleep 0.5; done

dotnet bin/Release/net10.0/Dashboard.dll "http://127.0.0.1:$port" "$password" "$small" "$large"
echo "SOTP process CPU time: $(ps -o cputime= -p "$sotp_pid")"
