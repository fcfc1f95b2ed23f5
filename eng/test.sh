#!/usr/bin/env bash
# Runs every SOTP test. As root it first installs what the lab and browser tests need (Debian packages);
# otherwise it prints the one install line that is missing and runs what it can (lab tests then skip,
# unless SOTP_LAB_REQUIRED=1, when they fail).
#   eng/test.sh                 all tests
#   eng/test.sh --filter X      passed on to dotnet test
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests talk to (see ../shared/LAB.md).
packages=(postgresql chromium fonts-dejavu-core)

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

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
dotnet test Sotp.sln --nologo -v quiet \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" || status=$?

# One summary line a person (and CI) can read, whatever the runner printed.
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" || true)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$((passed + ${p:-0}))
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${f:-0}))
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters"); skipped=$((skipped + ${n:-0}))
done
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit $status
