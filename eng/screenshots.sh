#!/usr/bin/env bash
# Refreshes the pictures of the README and docs/operations.md in docs/screenshots/: runs the browser tests that open those pages against
# real peers (a silenced loopback host, simulated SNMP agents, an FRR router with sshd in a namespace) and
# copies their screenshots. Needs what eng/test.sh needs (root for the lab).
set -euo pipefail
cd "$(dirname "$0")/.."

shots=$(mktemp -d)
trap 'rm -rf "$shots"' EXIT
SOTP_SCREENSHOTS="$shots" eng/test.sh -- \
  --filter-method "*A_second_page_sees_a_device_go_down_without_reloading" \
  --filter-method "*Snmp_configured_in_the_dialog_brings_live_vitals_to_the_device_page" \
  --filter-method "*Quick_command_show_version_after_trusting_the_key_then_the_interactive_terminal" \
  --filter-method "*An_open_page_shows_the_outage_banner_while_it_lasts_and_stays_signed_in"

# docs name <- test screenshot name
declare -A pictures=([dashboard]=dashboard-down [device]=device-vitals [console]=console-show-version [outage]=database-banner)
for doc in "${!pictures[@]}"; do
  cp "$shots/${pictures[$doc]}.png" "docs/screenshots/$doc.png"
done
echo "docs/screenshots/: ${!pictures[*]} refreshed"
