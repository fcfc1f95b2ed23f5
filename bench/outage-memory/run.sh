#!/usr/bin/env bash
# Memory held per minute of database outage, SOTP's queues against what PostgreSQL stores for the same records.
# For each fleet size: one minute of what a fleet queues while the database is away (every device polled every
# 30 s with CPU, memory and 8 interfaces in and out = 36 samples a minute, and one state change per device, as in
# a network-wide flap), measured on the managed heap; then PostgreSQL comes back, the writers save it all, and
# the tables' growth is measured. Usage: run.sh [devices ...] (default 1000 10000). Needs PostgreSQL's server
# binaries (Debian package postgresql); runs a throw-away server on 127.0.0.1 with trust auth, stopped by its
# data folder at exit.
set -euo pipefail
cd "$(dirname "$0")"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[[ -x $bin/initdb ]] || { echo "apt-get install -y postgresql"; exit 1; }

work=$(mktemp -d)
as_pg=()
if [[ $(id -u) == 0 ]]; then chown postgres:postgres "$work"; as_pg=(runuser -u postgres --); fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() { "${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"${as_pg[@]}" "$bin/initdb" -D "$work/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c fsync=off" start >/dev/null

dotnet build -c Release -v quiet -nologo OutageMemory.csproj >/dev/null
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 10000)
for devices in "${sizes[@]}"; do
  dotnet bin/Release/net10.0/OutageMemory.dll "Host=127.0.0.1;Port=$port;Username=postgres;Database=outage_$devices" $devices
done
