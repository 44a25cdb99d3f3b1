#!/usr/bin/env bash
# Set up, then run every check: lint, the layers without Qt, and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
# Strict typing where the rules, the data and the packages live (a ratchet: see pyproject).
.venv/bin/mypy cxdesk/core cxdesk/domain cxdesk/db cxdesk/sync
# The layers below ui must work where PySide6 cannot even be imported.
.venv/bin/python -m pytest -q -p tests.qt_blocker -p no:pytest-qt \
  -W "ignore::pytest.PytestConfigWarning" --ignore=tests/ui -m "not slow" tests
# Everything, the window included.
.venv/bin/python -m pytest -q -m "not slow" tests "$@"
