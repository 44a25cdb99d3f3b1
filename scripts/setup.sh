#!/usr/bin/env bash
# Set up everything cxdesk needs on a fresh Linux machine: system packages, a venv, the package.
# Run again with nothing changed, it checks the system packages (one dpkg query) and the stamp
# of what the venv was made from, and stops: no network, no pip.
set -euo pipefail
cd "$(dirname "$0")/.."

# The tests read PDFs with poppler and qpdf; Qt needs EGL/GL, fonts and D-Bus even offscreen.
base=(qpdf poppler-utils libegl1 libgl1 libdbus-1-3 libfontconfig1 libfreetype6 fontconfig
  fonts-dejavu-core libxkbcommon0)
# Qt's xcb platform, the window on a real X server: Qt's own list of X11 requirements (it
# covers what `ldd` shows libqxcb.so and libQt6XcbQpa.so link to).
xcb=(libx11-6 libx11-xcb1 libxext6 libxfixes3 libxi6 libxrender1 libxcb1 libxcb-cursor0
  libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xinerama0
  libxcb-xinput0 libxcb-xkb1 libxkbcommon-x11-0)
# An X server without a screen: the window test draws on it, xvfb-run starts the desk on it.
xserver=(xvfb xauth)
# Signing with a token: p11-kit's proxy reaches the system's tokens; SoftHSM2 is the token the
# signing tests make (softhsm2-util).
tokens=(p11-kit-modules softhsm2)
wanted=("${base[@]}" "${xcb[@]}" "${xserver[@]}" "${tokens[@]}")

need=()
if command -v dpkg-query >/dev/null; then
  installed=" $(dpkg-query -W -f='${Package}:${db:Status-Status} ' "${wanted[@]}" 2>/dev/null || true)"
  for pkg in "${wanted[@]}"; do
    [[ "$installed" == *" $pkg:installed "* ]] || need+=("$pkg")
  done
fi
if [ "${#need[@]}" -gt 0 ]; then
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  if [ "${#sudo[@]}" -gt 0 ] && ! command -v sudo >/dev/null; then
    echo "Please install: ${need[*]}" >&2
  else
    echo "Installing ${need[*]}…" >&2
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

# The venv is made again only when what it is made from changed (or it is not there).
stamp_file=.venv/.setup-stamp
stamp=$(cat pyproject.toml setup.py scripts/setup.sh | sha256sum | cut -d' ' -f1)
if [ -x .venv/bin/cxdesk ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
rm -f "$stamp_file"  # an install stopped half-way is done again next time
.venv/bin/python -m pip install -q --upgrade pip 2>/dev/null || true
# pip's chatter goes to a log; it is shown only when the install fails.
if ! .venv/bin/python -m pip install -q -e ".[test]" >.venv/pip-install.log 2>&1; then
  tail -40 .venv/pip-install.log >&2
  exit 1
fi
.venv/bin/python -c "import cxdesk, PySide6, sqlalchemy, reportlab"

# Say so now, not as an abort when the window first opens on a real display.
qxcb=$(.venv/bin/python -c "import pathlib, PySide6; print(next(pathlib.Path(PySide6.__file__).parent.glob('Qt/plugins/platforms/libqxcb.so'), ''))")
if [ -n "$qxcb" ] && command -v ldd >/dev/null; then
  missing=$(ldd "$qxcb" | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')
  if [ -n "$missing" ]; then
    echo "The window cannot open on an X display until these libraries are installed: $missing" >&2
  fi
fi
echo "$stamp" >"$stamp_file"
