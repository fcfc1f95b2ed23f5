#!/usr/bin/env bash
# Audit trail at scale: SOTP's auditor queries vs the same SQL in the sqlite3 shell. Usage: run.sh [entries]
set -euo pipefail
cd "$(dirname "$0")"
command -v sqlite3 >/dev/null || { echo "needs sqlite3 (apt-get install sqlite3)"; exit 1; }
dotnet run -c Release -- "${1:-1000000}"
