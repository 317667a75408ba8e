#!/usr/bin/env bash
# Sends the seven sample deliveries (01..07) to a running example, in order, then shows
# enrollment 880101. Usage: scripts/send-samples.sh [BASE_URL]   (default http://localhost:8080)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
base=${1:-http://localhost:${PORT:-8080}}
samples="$here/../enrollment-sync-core/src/test/resources/thinkific/deliveries"
for f in "$samples"/0*.json; do
  "$here/send-delivery.sh" "$f" "$base/api/webhooks/enrollment"
done
sleep 1
echo "GET $base/enrollments/880101"
curl -sS "$base/enrollments/880101"
echo
