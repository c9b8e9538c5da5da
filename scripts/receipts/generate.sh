#!/usr/bin/env bash
# Regenerates the receipt fixtures in test/fixtures/receipts (dev only; tests never run this).
# Needs Debian's python3-pil and fonts-noto-cjk (installed here with apt when missing, as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c 'import PIL' 2>/dev/null || [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-pil fonts-noto-cjk
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npx tsx scripts/receipts/make-truth.ts "$work"
/usr/bin/python3 scripts/receipts/render.py "$work" test/fixtures/receipts
npx prettier --log-level warn --write 'test/fixtures/receipts/*.json'
