#!/usr/bin/env bash
# Adds a migration with the same name to both migration sets (SQLite and PostgreSQL).
# Usage: eng/add-migration.sh MigrationName
set -euo pipefail
name=${1:?usage: eng/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for flavour in Sqlite PostgreSql; do
  dotnet ef migrations add "$name" \
    --project Sotp.Core --startup-project Sotp.Console \
    --context "${flavour}SotpDbContext" \
    --output-dir "Persistence/Migrations/$flavour"
done
