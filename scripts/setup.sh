#!/usr/bin/env bash
# Set up everything cxdesk needs on a fresh Linux machine: system packages, a venv, the package.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt needs a few system libraries even offscreen; the tests read PDFs with poppler and qpdf.
need=()
for pkg in qpdf poppler-utils libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Please install: ${need[*]}" >&2
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip 2>/dev/null
# pip's chatter goes to a log; it is shown only when the install fails.
if ! .venv/bin/python -m pip install -q -e ".[test]" >.venv/pip-install.log 2>&1; then
  tail -40 .venv/pip-install.log >&2
  exit 1
fi
.venv/bin/python -c "import cxdesk, PySide6, sqlalchemy, reportlab" 
