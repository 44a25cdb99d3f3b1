"""What the frozen cxdesk leaves out of what PyInstaller's hooks collect (cxdesk.spec trims)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

from cxdesk_bundle import DOCUMENT_LANGUAGES, IS_WINDOWS, ROOT, UI_LANGUAGES

#: A PyInstaller TOC: (path in the bundle, file on this machine or a link's target, kind).
Toc = list[tuple[str, str, str]]

#: Qt plugins the desk cannot use, by folder and name (lib prefix, suffix and version dropped).
#: Kept: platforms xcb, wayland, offscreen (screenshots, servers), windows, cocoa; input methods
#: compose and ibus (dead keys, accented names); image formats svg, ico, jpeg, gif; the svg icon
#: engine; xcb's GL integrations; the xdg-desktop-portal theme (native file dialogs); styles.
#: The GTK 3 theme goes: it links GTK, cairo and pango, which would be bundled and then clash
#: with the system's GTK it loads (the portal gives the same native dialogs).
QT_PLUGINS_DROPPED = {
    "platforms": {"qeglfs", "qlinuxfb", "qminimal", "qminimalegl", "qvnc", "qvkkhrdisplay",
                  "qdirect2d"},
    "egldeviceintegrations": {"*"},  # only for the eglfs platform
    "generic": {"*"},  # evdev and TUIO input, for kiosks without a window system
    "platforminputcontexts": {"qtvirtualkeyboardplugin"},  # needs Qt Quick
    "platformthemes": {"qgtk3"},
    "imageformats": {"qpdf", "qtiff", "qwebp", "qtga", "qwbmp", "qicns"},  # PDFs open in QtPdf
    "networkinformation": {"*"},
    "tls": {"*"},
}  # fmt: skip
#: Windows: Mesa's software OpenGL (20 MB) and the Direct3D shader compiler, for Qt Quick and
#: QOpenGLWidget on machines without a GPU driver. The desk draws with the raster engine only.
WINDOWS_DROPPED = ("opengl32sw.dll", "d3dcompiler_47.dll")


def babel_languages(root: Path = ROOT) -> set[str]:
    """Languages whose CLDR data is kept: the desk's own, and every official language
    (national, regional, de facto) of a participating country, which a visitor may speak and
    an agreement is then formatted in (cxdesk.pdf.layout.document_language)."""
    from babel.languages import get_official_languages

    kept = set(UI_LANGUAGES) | set(DOCUMENT_LANGUAGES)
    with open(root / "cxdesk" / "domain" / "data" / "countries.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for lang in get_official_languages(row["code"], regional=True, de_facto=True):
                kept.add(lang.split("_")[0])
    return kept


def plugin_name(filename: str) -> str:
    """A Qt plugin's name without lib prefix, suffix or version: libqxcb.so gives qxcb."""
    stem = filename.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep(dest: str, babel_keep: set[str], windows: bool = IS_WINDOWS) -> bool:
    """Whether a file the hooks collected stays in the bundle (dest: its path in the bundle)."""
    parts = dest.replace("\\", "/").split("/")
    name = parts[-1]
    if "plugins" in parts[:-2] and parts[0] == "PySide6":
        dropped = QT_PLUGINS_DROPPED.get(parts[-2], set())
        return not ("*" in dropped or plugin_name(name) in dropped)
    if parts[0] == "PySide6" and "translations" in parts[:-1]:
        # Qt's own strings (Cancel, Yes …) in the desk's languages; none for the other modules.
        match = re.fullmatch(r"qtbase_([a-z]{2})\.qm", name)
        return match is not None and match.group(1) in UI_LANGUAGES
    if windows and name.lower() in WINDOWS_DROPPED:
        return False
    if parts[:2] == ["pycountry", "locales"]:
        return False  # country names in 150 languages (20 MB): schwifty needs only the codes
    if parts[:2] == ["babel", "locale-data"]:
        lang = name.split(".")[0].split("_")[0]
        return lang == "root" or lang in babel_keep
    return True


def orphans(binaries: Toc, links: Toc, dropped: set[str]) -> set[str]:
    """Libraries collected only because a dropped file links to them (QtPdf for the PDF image
    plugin, Qt Quick and QML for the virtual keyboard, QtNetwork for TUIO, cairo and pango for
    the GTK theme …): the libraries the dropped files reach, less those anything kept reaches.
    """
    from PyInstaller.depend.bindepend import get_imports

    files = {dest: src for dest, src, kind in binaries if kind != "SYMLINK"}
    by_name: dict[str, str] = {}
    for dest in files:
        by_name.setdefault(Path(dest).name, dest)
    for dest, target, kind in links:  # PyInstaller's top-level links to the Qt libraries
        if kind == "SYMLINK" and target in files:
            by_name.setdefault(Path(dest).name, target)

    dropped = {dest for dest in dropped if dest in files}

    def reached(starts: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        stack = list(starts)
        while stack:
            for name, _path in get_imports(files[stack.pop()]):
                dest = by_name.get(Path(name.replace("\\", "/")).name)
                if dest is not None and dest not in seen:
                    seen.add(dest)
                    stack.append(dest)
        return seen

    candidates = reached(dropped) - dropped
    needed = reached(d for d in files if d not in candidates and d not in dropped)
    return candidates - needed


def trimmed(binaries: Toc, datas: Toc, babel_keep: set[str]) -> tuple[Toc, Toc]:
    """binaries and datas without what the desk cannot use; each file left out is logged."""
    dropped = {dest for dest, _src, kind in binaries if not keep(dest, babel_keep)}
    dropped |= orphans(binaries, binaries + datas, dropped)
    dropped |= {dest for dest, _, kind in datas if kind != "SYMLINK" and not keep(dest, babel_keep)}

    def kept(toc: Toc) -> Toc:
        # Links (PyInstaller puts one to each Qt library at the top) go with their target.
        return [
            (dest, src, kind)
            for dest, src, kind in toc
            if dest not in dropped and not (kind == "SYMLINK" and src in dropped)
        ]

    kept_binaries, kept_datas = kept(binaries), kept(datas)
    gone = sorted({e[0] for e in binaries + datas} - {e[0] for e in kept_binaries + kept_datas})
    counted = ("babel/", "pycountry/locales/")  # hundreds of languages: counted, not listed
    for dest in gone:
        if not dest.startswith(counted):
            print(f"cxdesk.spec: left out {dest}")
    print(
        f"cxdesk.spec: left out {len(gone)} of {len(binaries) + len(datas)} collected files "
        f"({sum(d.startswith('babel/') for d in gone)} babel locales, "
        f"{sum(d.startswith('pycountry/locales/') for d in gone)} pycountry translations)"
    )
    return kept_binaries, kept_datas
