#!/usr/bin/env bash
# The Debian package dist/cxdesk_<version>_<arch>.deb from the frozen folder dist/cxdesk
# (bash packaging/build.sh makes it), then lintian over it. See packaging/README.md.
#
#   bash packaging/build_deb.sh           package, then lintian
#   bash packaging/build_deb.sh --build   run packaging/build.sh first
set -euo pipefail
cd "$(dirname "$0")/.."

# dpkg-shlibdeps must find every library the folder links to but does not carry, to name its
# package: Qt's Wayland plugins link libwayland-cursor/-egl, which a desktop has and a build
# container may not. lintian checks the result.
wanted=(dpkg-dev binutils patchelf lintian libwayland-client0 libwayland-cursor0 libwayland-egl1)
need=()
installed=" $(dpkg-query -W -f='${Package}:${db:Status-Status} ' "${wanted[@]}" 2>/dev/null || true)"
for pkg in "${wanted[@]}"; do
  [[ "$installed" == *" $pkg:installed "* ]] || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Please install (as root): apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "Installing ${need[*]}…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ "${1:-}" = "--build" ] || [ ! -x dist/cxdesk/cxdesk ]; then
  bash packaging/build.sh
fi

start=$(date +%s)
deb=$(.venv/bin/python packaging/cxdesk_deb.py)
echo "== $deb: $(du -h "$deb" | cut -f1), made in $(( $(date +%s) - start )) s"
dpkg-deb --field "$deb" Depends | fold -s -w 96 | sed 's/^/   /'

echo "== lintian"
# --fail-on error: warnings are shown, and those a PyInstaller bundle cannot avoid are overridden
# (packaging/linux/lintian-overrides, each with its reason).
lintian --fail-on error "$deb" || {
  echo "lintian found errors in $deb" >&2
  exit 1
}
echo "   lintian: no errors"
