"""The window starts without what its first rows do not need: Alembic when the schema is up to
date, the PDF, bank and spreadsheet libraries until a document, a payment or a sheet is made."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cxdesk.db.revision import HEAD_REVISION, alembic_head, known_revisions

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


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CXDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def window_modules(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> set[str]:
    """The top-level modules loaded once the window has painted its members' rows."""
    home = tmp_path_factory.mktemp("home")
    done = _run("-c", WINDOW, str(demo_template), home=home)
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
    done = _run(*args, "-o", str(out), "--tab", "members", home=home)
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
    done = _run("-c", probe, str(demo_template), home=tmp_path)
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
    done = _run("-c", probe, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
