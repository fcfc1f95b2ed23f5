#!/usr/bin/env bash
# Runs every SOTP test. As root it first installs what the lab and browser tests need (Debian packages);
# otherwise it prints the one install line that is missing and runs what it can (lab tests then skip,
# unless SOTP_LAB_REQUIRED=1, when they fail).
#   eng/test.sh                 all tests
#   eng/test.sh --fast          unit, component and API tests only (no real peer, root or browser; seconds)
#   eng/test.sh -- --filter-namespace 'Sotp.Tests.Api'   arguments go to dotnet test and the runner
set -euo pipefail
cd "$(dirname "$0")/.."

# Tests marked [LabTest] carry the trait Category=Lab (docs/lab.md).
fast=0
if [[ ${1:-} == --fast ]]; then
  fast=1
  shift
fi

args=("$@")
if ((fast)); then
  if [[ " ${args[*]} " == *" -- "* ]]; then
    args+=(--filter-not-trait "Category=Lab")
  else
    args+=(-- --filter-not-trait "Category=Lab")
  fi
fi

# Debian packages the tests talk to (see docs/lab.md).
packages=(postgresql chromium fonts-dejavu-core nftables snmpd snmp snmptrapd snmpsim yamllint openssh-server openssh-client frr iputils-ping sqlite3 prometheus bsdutils rsyslog rsyslog-gnutls python3-aiosmtpd poppler-utils)

if ((fast)); then
  packages=()
fi

# The console's build restores xterm.js with npm; any Node.js with npm will do.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]]; then
    echo "Installing test prerequisites: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing test prerequisites. Install them with:"
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}"
    echo "Lab and browser tests skip without them (or fail when SOTP_LAB_REQUIRED=1)."
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test --solution Sotp.sln --no-progress "${args[@]}" 2>&1 | tee "$log" || status=$?

# One summary line a person (and CI) can read, summed over the test assemblies.
count() { sed -n "s/^ *$1: *\([0-9]*\)$/\1/p" "$log" | awk '{n += $1} END {print n + 0}'; }
echo "Tests: $(count succeeded) passed, $(count failed) failed, $(count skipped) skipped"
exit "$status"
