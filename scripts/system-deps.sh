#!/usr/bin/env bash
# Install what the test suite needs outside the virtual environment, only when missing:
#   chromium        browser tests (Playwright drives Debian's Chromium; no browser download)
#   fonts-noto-cjk  Chinese glyphs instead of boxes in screenshots
#   nginx-light     the deploy configuration is tested with a real nginx
#   openjdk-17-jre-headless  Java for the Nu HTML Checker (npm vnu-jar); Debian 12's default Java
#   nodejs + npm    npm test tools (axe-core, ...) when node/npm are not on PATH
# Needs root; otherwise prints what is missing and goes on (browser tests then skip
# outside CI and fail in CI). SKIP_SYSTEM_DEPS=1 skips this step.
set -euo pipefail
PACKAGES=(chromium fonts-noto-cjk nginx-light openjdk-17-jre-headless)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
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
