#!/usr/bin/env bash
# The availability report at scale: a month of 10-second probes for DEVICES devices (default 1000) with realistic
# outages, on SQLite and on PostgreSQL: SOTP's figures and PDF against one SQL query in the database itself, both
# network figures printed (they must agree), and the managed heap while computing. Usage: run.sh [devices]. Needs
# PostgreSQL's server binaries (Debian package postgresql); runs a throw-away server on 127.0.0.1 with trust auth,
# stopped by its data folder at exit.
set -euo pipefail
cd "$(dirname "$0")"
devices=${1:-1000}
source ../postgres.sh
start_postgres

dotnet build -c Release -v quiet -nologo Report.csproj >/dev/null
sqlite=$(mktemp -d)
trap 'stop_postgres; rm -rf "$sqlite"' EXIT
dotnet bin/Release/net10.0/Report.dll sqlite "Data Source=$sqlite/report.db;Pooling=false" "$devices"
dotnet bin/Release/net10.0/Report.dll postgresql "Host=127.0.0.1;Port=$port;Username=postgres;Database=report" "$devices"
