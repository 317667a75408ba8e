#!/usr/bin/env bash
# Signs a webhook body the way Thinkific does and POSTs it to a running example.
#
#   scripts/send-delivery.sh FILE [URL]
#
# FILE is sent byte for byte (no newline added). The key comes from THINKIFIC_WEBHOOK_SECRET
# (default: test-site-api-key-0001, the key that signed the sample deliveries). URL defaults to
# http://localhost:${PORT:-8080}/api/webhooks/enrollment. Prints the HTTP status and the answer.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 FILE [URL]   (FILE must exist; got '${1:-}')" >&2
  exit 2
fi
file=$1
url=${2:-http://localhost:${PORT:-8080}/api/webhooks/enrollment}
key=${THINKIFIC_WEBHOOK_SECRET:-test-site-api-key-0001}

signature=$(openssl dgst -sha256 -hmac "$key" -hex < "$file" | sed 's/^.*= //')

printf '%s -> ' "$(basename "$file")"
curl -sS -o - -w ' [HTTP %{http_code}]\n' -X POST "$url" \
  -H 'Content-Type: application/json' \
  -H "X-Thinkific-Hmac-Sha256: $signature" \
  --data-binary @"$file"
