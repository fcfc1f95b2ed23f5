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
source ../postgres.sh
start_postgres -c fsync=off

dotnet build -c Release -v quiet -nologo OutageMemory.csproj >/dev/null
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 10000)
for devices in "${sizes[@]}"; do
  dotnet bin/Release/net10.0/OutageMemory.dll "Host=127.0.0.1;Port=$port;Username=postgres;Database=outage_$devices" $devices
done
