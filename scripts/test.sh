#!/usr/bin/env bash
# Set up, then run every check: lint, the layers without Qt, and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# Strict typing of the whole package (pyproject: strict, unused ignores reported).
.venv/bin/mypy cxdesk
# The layers below ui must work where PySide6 cannot even be imported (the packaging tests
# are about the frozen Qt program: they run in the full run below).
.venv/bin/python -m pytest -q -p tests.qt_blocker -p no:pytest-qt \
  -W "ignore::pytest.PytestConfigWarning" --ignore=tests/ui --ignore=tests/packaging -m "not slow" tests
# Everything, the window included.
.venv/bin/python -m pytest -q -m "not slow" tests "$@"
