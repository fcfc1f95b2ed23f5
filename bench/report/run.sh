#!/usr/bin/env bash
# The availability report at scale: a month of 10-second probes for DEVICES devices (default 1000) with realistic
# outages, on SQLite and on PostgreSQL: SOTP's figures and PDF against one SQL query in the database itself, both
# network figures printed (they must agree), and the managed heap while computing. Usage: run.sh [devices]. Needs
# PostgreSQL's server binaries (Debian package postgresql); runs a throw-away server on 127.0.0.1 with trust auth,
# stopped by its data folder at exit.
set -euo pipefail
cd "$(dirname "$0")"
devices=${1:-1000}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[[ -x $bin/initdb ]] || { echo "apt-get install -y postgresql"; exit 1; }

work=$(mktemp -d)
as_pg=()
if [[ $(id -u) == 0 ]]; then chown postgres:postgres "$work"; as_pg=(runuser -u postgres --); fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() { "${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"${as_pg[@]}" "$bin/initdb" -D "$work/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $work" start >/dev/null

dotnet build -c Release -v quiet -nologo Report.csproj >/dev/null
sqlite=$(mktemp -d)
trap 'cleanup; rm -rf "$sqlite"' EXIT
dotnet bin/Release/net10.0/Report.dll sqlite "Data Source=$sqlite/report.db;Pooling=false" "$devices"
dotnet bin/Release/net10.0/Report.dll postgresql "Host=127.0.0.1;Port=$port;Username=postgres;Database=report" "$devices"
