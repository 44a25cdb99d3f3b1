#!/usr/bin/env bash
# Set up, then open the window on the default database (demo data on the first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/cxdesk "$@"
