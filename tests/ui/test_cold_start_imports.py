"""The window starts without what its first rows do not need: Alembic when the schema is up to
date, the PDF, bank and spreadsheet libraries until a document, a payment or a sheet is made."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cxdesk.db.revision import HEAD_REVISION, alembic_head, known_revisions
from tests.ui.fast_start_helpers import PAINT_PROBE, normal_rows, run_python

#: Libraries the first painted rows never need.
LATER = ("alembic", "reportlab", "pypdf", "sepaxml", "schwifty", "openpyxl")

WINDOW = """
import json, sys
from PySide6.QtCore import QEventLoop
from cxdesk.services.workspace import open_workspace
from cxdesk.ui.app import build_main_window
from cxdesk.ui.application import application

app = application("en")
db = open_workspace(sys.argv[1])
window = build_main_window(db, "en")
window.resize(1280, 800)
window.show_tab("members")
window.show()
for _round in range(3):
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
shown = window.members.model.rowCount()
print(json.dumps({"rows": shown, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
window.close()
db.close()
"""


@pytest.fixture(scope="module")
def window_modules(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> set[str]:
    """The top-level modules loaded once the window has painted its members' rows."""
    home = tmp_path_factory.mktemp("home")
    done = run_python("-c", WINDOW, str(demo_template), home=home)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["rows"] > 0  # the rows were there: the window really started
    return set(answer["modules"])


@pytest.fixture(scope="module")
def screenshot_modules(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> set[str]:
    """The top-level modules `cxdesk screenshot --tab members` imports, from -X importtime."""
    home = tmp_path_factory.mktemp("home")
    out = home / "window.png"
    args = ("-X", "importtime", "-m", "cxdesk", "--db", str(demo_template), "screenshot")
    done = run_python(*args, "-o", str(out), "--tab", "members", home=home)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0
    rows = [line.split("|")[-1].strip() for line in done.stderr.splitlines()]
    return {name.split(".")[0] for name in rows if name}


@pytest.mark.parametrize("name", LATER)
def test_the_window_paints_its_first_rows_without(name: str, window_modules: set[str]) -> None:
    assert "PySide6" in window_modules  # the list is the window's
    assert name not in window_modules


@pytest.mark.parametrize("name", LATER)
def test_the_screenshot_command_starts_without(name: str, screenshot_modules: set[str]) -> None:
    assert "PySide6" in screenshot_modules
    assert name not in screenshot_modules


def test_an_up_to_date_database_opens_without_alembic(tmp_path: Path, demo_template: Path) -> None:
    probe = (
        "import sys; from cxdesk.services.workspace import open_workspace; "
        "open_workspace(sys.argv[1]).close(); print('alembic' in sys.modules)"
    )
    done = run_python("-c", probe, str(demo_template), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_head_revision_is_the_newest_migration() -> None:
    # The constant lets an up-to-date database open without Alembic; a new migration moves it.
    assert alembic_head() == HEAD_REVISION
    assert HEAD_REVISION in known_revisions()


def test_a_big_table_says_its_count_is_coming_then_counts_once_painted(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QThreadPool

    from cxdesk.ui import tasks
    from cxdesk.ui.table import lazy_model
    from tests.ui.test_models import COLUMNS, FakeSource

    source = FakeSource(lazy_model.FIRST_IDS * 2)
    model = lazy_model.LazyTableModel(source, COLUMNS, "")
    heard: list[str] = []
    model.countPending.connect(lambda: heard.append("counting"))
    model.totalChanged.connect(lambda total: heard.append(str(total)))
    tasks.SYNCHRONOUS = False  # as in the window: the count runs off the GUI thread
    try:
        model.reload()
        assert heard == ["counting"] and not model.counted  # the first rows only, so far
        model.rows_painted()  # the view painted them: the count starts
        qtbot.waitUntil(lambda: model.counted, timeout=10_000)
    finally:
        QThreadPool.globalInstance().waitForDone()
        tasks.SYNCHRONOUS = True
    assert heard == ["counting", str(lazy_model.FIRST_IDS * 2)]
    assert model.rowCount() == lazy_model.FIRST_IDS * 2


def test_the_count_under_a_big_table_says_counting_until_the_count_arrives(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QWidget

    from cxdesk.ui import tasks
    from cxdesk.ui.table.filter_bar import FilterBar
    from cxdesk.ui.table.lazy_model import FIRST_IDS, LazyTableModel
    from cxdesk.ui.tabs.table_tab import TableTab
    from tests.ui.test_models import COLUMNS, FakeSource

    class Rows(TableTab):
        name = "rows"

        def make_filter_bar(self, parent: QWidget) -> FilterBar:
            return FilterBar("", parent)

        def make_model(self) -> LazyTableModel:  # type: ignore[type-arg]
            return LazyTableModel(FakeSource(FIRST_IDS * 2), COLUMNS, "", None, self)

        def make_pane(self, parent: QWidget) -> QWidget:
            return QWidget(parent)

        def table_name(self) -> str:
            return "organisations"

        def current_filter(self) -> str:
            return ""

        def count_text(self, total: int) -> str:
            return "{n} rows"

    tasks.SYNCHRONOUS = False  # as in the window: the count waits for the first paint
    try:
        tab = Rows(None)  # type: ignore[arg-type]
        qtbot.addWidget(tab)
        tab.ensure_loaded()
        assert tab.model.rowCount() == FIRST_IDS  # the first rows are there ...
        assert tab.count.text() == "Counting…"  # ... and the label does not pretend to know
        tab.model.rows_painted()
        qtbot.waitUntil(lambda: tab.model.counted, timeout=10_000)
    finally:
        QThreadPool.globalInstance().waitForDone()
        tasks.SYNCHRONOUS = True
    assert tab.count.text() == f"{FIRST_IDS * 2:,} rows"


def test_the_match_command_lists_as_many_hosts_as_the_service_by_default() -> None:
    # The parser carries the service's default without importing it (it would load the stack).
    from cxdesk.cli.match_commands import DEFAULT_LIMIT
    from cxdesk.services.matching import DEFAULT_LIMIT as SERVICE_LIMIT

    assert DEFAULT_LIMIT == SERVICE_LIMIT


def test_building_the_parser_imports_no_service(tmp_path: Path) -> None:
    probe = (
        "import sys; from cxdesk.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.startswith(('cxdesk.services', 'sqlalchemy'))))"
    )
    done = run_python("-c", probe, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


#: `cxdesk screenshot --tab members` stopped at the first paint of rows: what was loaded then,
#: and the rows painted (as the bench measures it).
FIRST_PAINT = (
    PAINT_PROBE
    + """
from cxdesk.cli import main
main(["--db", sys.argv[1], "--lang", "en", "screenshot", "-o", sys.argv[2], "--tab", "members"])
"""
)


def test_the_screenshot_paints_the_windows_rows_before_loading_sqlalchemy(
    tmp_path: Path, demo_template: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    import shutil

    path = tmp_path / "desk.sqlite3"
    shutil.copy(demo_template, path)
    done = run_python("-c", FIRST_PAINT, str(path), str(tmp_path / "x.png"), home=tmp_path)
    assert done.returncode == 0, done.stderr
    painted = json.loads(done.stdout.strip().splitlines()[-1])
    assert painted["sqlalchemy"] is False
    assert painted["rows"] == normal_rows(path, qtbot)  # the same rows, same order and text


def test_a_deferred_window_works_as_usual_once_started(
    tmp_path: Path, demo_template: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from cxdesk.db.deferred import DeferredDatabase
    from cxdesk.db.first_page import read_first_page
    from cxdesk.domain.filters import OrgFilter, Sort
    from cxdesk.services.workspace import open_workspace
    from cxdesk.ui.app import build_main_window

    path = tmp_path / "desk.sqlite3"
    shutil.copy(demo_template, path)
    first = read_first_page(str(path), "name", False, 300, 50)
    assert first is not None
    db = DeferredDatabase(path.resolve(), lambda: open_workspace(str(path)), first)
    try:
        window = build_main_window(db, "en")
        qtbot.addWidget(window)
        window.show_tab("members")
        tab = window.members
        tab.ensure_loaded()
        assert not db.opened  # the first rows came without the database opened
        window.finish_start()
        assert db.opened and window.conflict_banner is not None
        tab.model.set_filter(OrgFilter(text="cluster"))
        tab.model.sort(0, Qt.SortOrder.DescendingOrder)
        shown = [tab.model.index(r, 0).data() for r in range(tab.model.rowCount())]
    finally:
        db.close()
    from cxdesk.services import browse

    real = open_workspace(str(path))
    try:
        ids = browse.organisation_ids(real, OrgFilter(text="cluster"), Sort("name", True), 0, 999)
        names = browse.organisation_lines(real, ids)
        assert shown == [names[i].name for i in ids] and shown
    finally:
        real.close()


def test_the_first_page_reader_leaves_damaged_or_other_databases_to_the_normal_path(
    tmp_path: Path, demo_template: Path
) -> None:
    import shutil
    import sqlite3

    from cxdesk.db.first_page import read_first_page

    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database at all" * 100)
    assert read_first_page(str(damaged), "name", False, 300, 50) is None
    assert read_first_page(str(tmp_path / "missing.sqlite3"), "name", False, 300, 50) is None
    assert read_first_page("postgresql+psycopg://u@h/db", "name", False, 300, 50) is None
    older = tmp_path / "older.sqlite3"
    shutil.copy(demo_template, older)
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    assert read_first_page(str(older), "name", False, 300, 50) is None


def test_a_damaged_database_is_told_by_the_screenshot_command(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database at all" * 100)
    args = ("-m", "cxdesk", "--db", str(damaged), "screenshot", "-o", str(tmp_path / "x.png"))
    done = run_python(*args, home=tmp_path)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and str(damaged) in done.stderr


def test_the_first_page_reader_knows_the_head_revision() -> None:
    from cxdesk.db.first_page import HEAD_REVISION as FIRST_PAGE_HEAD

    assert FIRST_PAGE_HEAD == HEAD_REVISION
