#!/usr/bin/env bash
# Build the one-folder program dist/cxdesk/ (and dist/cxdesk.app on macOS): no Python needed to
# run it. Linux, macOS, and Windows under Git Bash. See packaging/README.md.
#
#   bash packaging/build.sh            build, then report the folder's size and biggest parts
#   CXDESK_CONSOLE=1 bash packaging/build.sh      with a console, for debugging
#   bash packaging/build.sh --smoke    and run packaging/smoke_test.sh on the result
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x .venv/Scripts/python.exe ]; then BIN=.venv/Scripts; else BIN=.venv/bin; fi
if [ ! -x "$BIN/python" ] && [ ! -x "$BIN/python.exe" ]; then
  bash scripts/setup.sh
  BIN=.venv/bin
fi
PY="$BIN/python"

echo "== build tools (packaging/requirements-build.txt)"
"$PY" -m pip install -q -r packaging/requirements-build.txt 2>&1 | grep -v "^WARNING: Location" || true
"$PY" -m PyInstaller --version

echo "== catalogs: build/translations/*/LC_MESSAGES/cxdesk.mo"
# `pybabel compile -d translations -D cxdesk`, but written under build/: a .mo beside its .po
# would shadow later edits of the .po in the source tree (the program prefers the .mo).
for po in translations/*/LC_MESSAGES/cxdesk.po; do
  lang=$(basename "$(dirname "$(dirname "$po")")")
  mkdir -p "build/translations/$lang/LC_MESSAGES"
  "$BIN/pybabel" compile --statistics -l "$lang" -i "$po" \
    -o "build/translations/$lang/LC_MESSAGES/cxdesk.mo" 2>&1 | grep -v "^compiling" | sed 's/^/   /'
done

echo "== icons from resources/icons/cxdesk.svg"
QT_QPA_PLATFORM=offscreen "$PY" packaging/make_icons.py build/icons

echo "== PyInstaller (nice; the machine's cores are shared)"
start=$(date +%s)
NICE=""
command -v nice >/dev/null && NICE="nice -n 10"
mkdir -p build
if ! $NICE "$PY" -m PyInstaller --noconfirm --clean --log-level WARN cxdesk.spec \
    >build/pyinstaller.log 2>&1; then
  tail -40 build/pyinstaller.log >&2
  echo "PyInstaller failed; the whole log is build/pyinstaller.log" >&2
  exit 1
fi
grep -E "^cxdesk.spec:" build/pyinstaller.log | sed 's/^/   /' || true
echo "   built in $(( $(date +%s) - start )) s (log: build/pyinstaller.log)"

case "$(uname -s)" in
  Linux)
    # Desktop integration beside the program: copy share/ to ~/.local/share or /usr/share.
    mkdir -p dist/cxdesk/share/applications dist/cxdesk/share/icons
    cp packaging/linux/cxdesk.desktop dist/cxdesk/share/applications/
    cp -r build/icons/hicolor dist/cxdesk/share/icons/
    ;;
esac

echo "== size"
du -sh dist/cxdesk
[ -d dist/cxdesk.app ] && du -sh dist/cxdesk.app
echo "   biggest parts (KiB):"
du -ak dist/cxdesk | sort -n | tail -25 | sed 's/^/   /'

if [ "${1:-}" = "--smoke" ]; then
  bash packaging/smoke_test.sh
fi
