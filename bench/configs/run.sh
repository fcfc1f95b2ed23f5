#!/usr/bin/env bash
# Configuration history and compliance at size (Program.cs says what is measured against which peer): a 10,000-line
# configuration diffed by SOTP, git and GNU diff, and shown by the history page in Debian's Chromium; 1,000 stored
# configurations checked against 50 rules by SOTP, and the required lines found by one GNU grep pass.
# Needs git, diffutils, grep and /usr/bin/chromium. Usage: bench/configs/run.sh
# SOTP runs published, in Production, on the seeded data folder, with nothing to contact (demo off, devices unmonitored).
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
work=$(mktemp -d)
dotnet build -c Release -v quiet -nologo Configs.csproj >/dev/null
dotnet publish -c Release -v quiet -nologo -o "$work/app" "$root/Sotp.Console/Sotp.Console.csproj" >/dev/null
mkdir -p "$work/data"
dotnet bin/Release/net10.0/Configs.dll seed "$work/data"
dotnet bin/Release/net10.0/Configs.dll inprocess "$work/data"

port=$(( 20000 + RANDOM % 20000 ))
password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Sotp__Demo__Enabled=false Sotp__Bootstrap__AdminPassword="$password" Sotp__Database__DataDirectory="$work/data" \
  Sotp__Configs__BackupEveryHours=0 Sotp__Security__SignInAttemptsPerMinute=1000 Logging__LogLevel__Default=Warning \
  exec dotnet Sotp.Console.dll > "$work/sotp.log" 2>&1) &
sotp_pid=$!
trap 'kill $sotp_pid 2>/dev/null; wait $sotp_pid 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/healthz/live" >/dev/null; do sleep 0.5; done
dotnet bin/Release/net10.0/Configs.dll browser "http://127.0.0.1:$port" "$password" 1
