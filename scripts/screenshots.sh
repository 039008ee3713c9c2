#!/usr/bin/env bash
# Regenerates the demo pages' screenshots linked from the README (docs/screenshots/*.png):
# both pages, English and Chinese, 1280 × 800 and 390 × 844. Installs what is missing first
# (the package build, Debian's Chromium, and Noto CJK fonts so that Chinese is not drawn as
# boxes) and skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_chromium
if fc-list :lang=zh 2>/dev/null | grep -q .; then
  echo "setup: CJK fonts present"
else
  echo "setup: installing fonts-noto-cjk from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
fi
[ -f www/pkg/refund_estimator_bg.wasm ] || bash scripts/build-wasm.sh
node www/scripts/screenshots.mjs docs/screenshots
