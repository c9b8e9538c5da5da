#!/usr/bin/env bash
# Regenerates the receipt fixtures (dev only; tests never run this):
#   scripts/receipts/generate.sh           the 40 fixtures of test/fixtures/receipts (3 layouts, Noto Sans)
#   scripts/receipts/generate.sh layouts   the bench's set in test/fixtures/receipts-layouts
#                                          (13 layouts, 6 fonts; scripts/receipts/layouts.ts)
#   RENDER_ONLY='<regex on layout names>' scripts/receipts/generate.sh layouts
#                                          draws only those layouts (the truth of all is computed,
#                                          so every bill stays the same; other files untouched)
# Needs Debian's python3-pil and the CJK fonts (installed here with apt when missing, as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
fonts=(fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-uming fonts-arphic-ukai)
if ! /usr/bin/python3 -c 'import PIL' 2>/dev/null || [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] ||
  [ ! -f /usr/share/fonts/truetype/arphic/ukai.ttc ] || [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-pil "${fonts[@]}"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ "${1:-}" = layouts ]; then
  npx tsx scripts/receipts/make-truth.ts "$work" layouts
  /usr/bin/python3 scripts/receipts/render-layouts.py "$work" test/fixtures/receipts-layouts
  npx prettier --log-level warn --write 'test/fixtures/receipts-layouts/*.json'
else
  npx tsx scripts/receipts/make-truth.ts "$work"
  /usr/bin/python3 scripts/receipts/render.py "$work" test/fixtures/receipts
  npx prettier --log-level warn --write 'test/fixtures/receipts/*.json'
fi
