#!/usr/bin/env bash
# Install the Debian packages the test suite needs outside the virtual environment, only
# when missing: Chromium (browser tests), a CJK font (Chinese glyphs in screenshots),
# nginx (deploy config test). Needs root; otherwise prints what is missing and goes on.
set -euo pipefail
PACKAGES=(chromium fonts-noto-cjk nginx-light)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "${SKIP_SYSTEM_DEPS:-}" = "1" ]; then
  echo "system-deps: skipped (SKIP_SYSTEM_DEPS=1); missing: ${missing[*]}"; exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "system-deps: not root, cannot install: ${missing[*]} (browser tests will skip outside CI)"; exit 0
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
