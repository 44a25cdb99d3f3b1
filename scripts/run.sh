#!/usr/bin/env bash
# Open the window on the default database (demo data on the first start). The first run sets
# everything up; later runs start at once, offline: setup.sh stops after a dpkg query and a
# stamp check unless pyproject.toml, setup.py, setup.sh or a system package changed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/cxdesk "$@"
