#!/usr/bin/env bash
# Create the project's virtual environment with the given Python (>= 3.11).
# On Debian, `python3 -m venv` needs the python3-venv package: install it when missing and
# running as root, else say what to do.
set -euo pipefail
PYTHON=${1:-python3}
VENV=${2:-.venv}
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
  echo "Python >= 3.11 is required ($PYTHON is $("$PYTHON" --version 2>&1))"; exit 1; }
if "$PYTHON" -m venv "$VENV" 2>/dev/null; then exit 0; fi
rm -rf "$VENV"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  ver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "python${ver}-venv" >/dev/null || apt-get install -y -qq python3-venv >/dev/null
  exec "$PYTHON" -m venv "$VENV"
fi
echo "Cannot create a virtual environment: install python3-venv (apt-get install python3-venv)"; exit 1
