"""Every kind of bad package is refused, names the file and the line, and changes nothing."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxdesk.db.migrate import open_database
from cxdesk.services.importing import import_package
from tests.services.sync_factory import delta, dump, files, full, tables
from tests.sync.factory import EXCHANGE_DELETED, ORG_ARAGON, PERSON_ZELJKO, make_package

Build = Callable[[Path], Path]


def _delta(**changes: Any) -> Build:
    """A delta (package 43) of the factory's tables, changed by `changes[table](tables)`."""

    def build(folder: Path) -> Path:
        data = tables()
        for change in changes.values():
            change(data)
        return delta(folder, data, sequence=43)

    return build


def _cell(table: str, row: int, column: str, value: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data[table][row][column] = value

    return change


def _files_package(folder: Path, csv_files: dict[str, bytes], **cx: Any) -> Path:
    return make_package(folder, csv_files, sequence=43, base_sequence=42, **cx)


def _missing_column(folder: Path) -> Path:
    data = tables()
    for row in data["organisations"]:
        del row["name"]
    return delta(folder, data, sequence=43)


def _duplicate_uid(folder: Path) -> Path:
    data = tables()
    data["organisations"].append(data["organisations"][0] | {"name": "Twice"})
    return delta(folder, data, sequence=43)


def _not_utf8(folder: Path) -> Path:
    csv_files = files(tables())
    # A spreadsheet's "CSV" in the Windows code page: "Clúster" on line 2 is not UTF-8.
    text = csv_files["organisations.csv"].decode("utf-8")
    csv_files["organisations.csv"] = text.encode("cp1252", errors="replace")
    return _files_package(folder, csv_files)


def _tampered(folder: Path) -> Path:
    package = delta(folder, tables(), sequence=43)
    tampered = folder / "tampered.zip"
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(tampered, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "people.csv":
                data = data.replace(b"Manager", b"Managar")
            out.writestr(item, data)
    return tampered


def _extra(name: str, data: bytes = b"x") -> Build:
    def build(folder: Path) -> Path:
        return make_package(
            folder, files(tables()), sequence=43, base_sequence=42, extra=[(name, data)]
        )

    return build


def _bomb(folder: Path) -> Path:
    return _extra("padding.bin", b"\0" * (60 * 1024 * 1024))(folder)


def _raw(data: bytes) -> Build:
    def build(folder: Path) -> Path:
        path = folder / "package.zip"
        path.write_bytes(data)
        return path

    return build


CASES: dict[str, tuple[Build, str]] = {
    "tampered hash": (_tampered, "the hash of people.csv does not match"),
    "zip slip": (_extra("../organisations.csv"), "points outside the package"),
    "absolute path": (_extra("/etc/cron.d/cx"), "has an absolute path"),
    "zip bomb": (_bomb, "this looks like a zip bomb"),
    "missing column": (_missing_column, "organisations.csv:1: name the required column is missing"),
    "impossible date": (
        _delta(e=_cell("exchanges", 0, "end_date", "2026-02-30")),
        "exchanges.csv:2: end_date 2026-02-30 is not a date",
    ),
    "unknown code": (
        _delta(o=_cell("organisations", 1, "kind", "startup")),
        "organisations.csv:3: kind 'startup' is not one of cluster_organisation",
    ),
    "dangling reference": (
        _delta(p=_cell("people", 1, "organisation_uid", "9f0e1d2c-3b4a-4596-8877-665544332211")),
        "people.csv:3: organisation_uid 9f0e1d2c-3b4a-4596-8877-665544332211 is not an "
        "organisation in the package or on the desk",
    ),
    "dangling cluster": (
        _delta(o=_cell("organisations", 2, "cluster_uid", "9f0e1d2c-3b4a-4596-8877-665544332211")),
        "organisations.csv:4: cluster_uid 9f0e1d2c-3b4a-4596-8877-665544332211 is not an "
        "organisation in the package or on the desk",
    ),
    "duplicate uid": (
        _duplicate_uid,
        f"organisations.csv:5: uid '{ORG_ARAGON}' is already on line 2",
    ),
    "wrong format": (
        lambda folder: _files_package(folder, files(tables()), format=2),
        "format 2 is not supported",
    ),
    "other partnership": (
        lambda folder: _files_package(folder, files(tables()), partnership="ECP-AGRI"),
        "it is for the partnership ECP-AGRI, and this desk holds ECP-DIGI",
    ),
    "not UTF-8": (_not_utf8, "organisations.csv:2: the file is not UTF-8 text"),
    "not a zip": (_raw(b"uid,name\r\n1,Aragon\r\n"), "is not a ZIP file"),
    "empty file": (_raw(b""), "is empty"),
    "no such file": (lambda folder: folder / "nowhere.zip", "cannot be read"),
}


@pytest.fixture
def desk(empty_db: Any, tmp_path: Path) -> Any:
    """A desk holding package 42 (full)."""
    assert import_package(empty_db, full(tmp_path / "..", name="base-42.zip")).applied
    return empty_db


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_package_is_refused_whole_and_named(desk: Any, tmp_path: Path, case: str) -> None:
    build, expected = CASES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    package = build(folder)
    before = dump(desk)
    for dry_run in (True, False):
        report = import_package(desk, package, dry_run=dry_run)
        assert not report.applied and report.backup is None
        assert any(expected in error for error in report.errors), report.errors
        assert dump(desk) == before


def test_a_refused_package_leaves_its_rows_and_problems_in_an_errors_file(
    desk: Any, tmp_path: Path
) -> None:
    package = _delta(
        e=_cell("exchanges", 0, "end_date", "2026-02-30"),
        p=_cell("people", 1, "organisation_uid", "9f0e1d2c-3b4a-4596-8877-665544332211"),
    )(tmp_path)
    report = import_package(desk, package)
    folder = tmp_path / "delta-43.errors"
    assert sorted(report.errors_files) == [
        folder / "exchanges.errors.csv",
        folder / "people.errors.csv",
    ]
    text = (folder / "exchanges.errors.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["errors"] == "end_date: 2026-02-30 is not a date"
    assert rows[0]["notes"] == tables()["exchanges"][0]["notes"]  # newlines and quotes intact
    assert rows[1]["errors"] == ""
    people = list(
        csv.DictReader(io.StringIO((folder / "people.errors.csv").read_text("utf-8-sig")))
    )
    assert "is not an organisation in the package or on the desk" in people[1]["errors"]


def test_at_most_100_problems_are_listed_and_the_rest_counted(desk: Any, tmp_path: Path) -> None:
    data = tables()
    row = data["organisations"][0]
    data["organisations"] = [
        row | {"uid": f"00000000-0000-4000-8000-{n:012d}", "kind": "startup"} for n in range(150)
    ]
    report = import_package(desk, delta(tmp_path, data, sequence=43))
    assert len(report.errors) == 101 and report.errors[-1] == "… and 50 more problems"


# -- hypothesis: mutated packages never crash the import, and a refusal changes nothing --------
VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "true",
            "false",
            "-1",
            "0",
            "2026-02-30",
            "2026-03-09",
            "1e3",
            "950,00",
            "EL",
            "XX",
            "sme",
            "=1+1",
            "é",
            "Λάρισα",
            "\n",
            '"',
            "null",
            ORG_ARAGON,
            "9f0e1d2c-3b4a-4596-8877-665544332211",
        ]
    ),
    st.text(max_size=20),
)


@st.composite
def mutations(draw: st.DrawFn) -> dict[str, Any]:
    data = tables()
    for _ in range(draw(st.integers(1, 4))):
        table = draw(st.sampled_from(sorted(data)))
        rows = data[table]
        kind = draw(
            st.sampled_from(["cell", "cell", "cell", "drop column", "copy row", "drop row"])
        )
        index = draw(st.integers(0, len(rows) - 1))
        column = draw(st.sampled_from(sorted(rows[index])))
        if kind == "cell":
            rows[index][column] = draw(VALUES)
        elif kind == "drop column":
            for row in rows:
                row.pop(column, None)
        elif kind == "copy row":
            rows.append(dict(rows[index]))
        elif len(rows) > 1:
            rows.pop(index)
    return data


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutations(), full_kind=st.booleans())
def test_mutated_packages_never_crash_and_a_refusal_changes_nothing(
    desk: Any, tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any], full_kind: bool
) -> None:
    folder = tmp_path_factory.mktemp("mutated")
    shutil.copyfile(Path(desk.path), folder / "desk.sqlite3")
    db = open_database(folder / "desk.sqlite3")
    try:
        package = full(folder, data, sequence=43) if full_kind else delta(folder, data, sequence=43)
        before = dump(db)
        report = import_package(db, package)
        if report.applied:
            assert all(c.adds_up for c in report.tables.values())
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        else:
            assert report.errors and dump(db) == before
    finally:
        db.close()


def test_a_reference_to_a_row_the_package_holds_but_does_not_write_is_refused(
    empty_db: Any, tmp_path: Path
) -> None:
    # The payment names the tombstone of an exchange the desk never had (nothing is written),
    # the exchange names a person refused for the organisation she names: neither is there.
    data = tables()
    data["payments"][0]["exchange_uid"] = EXCHANGE_DELETED
    data["people"][0]["organisation_uid"] = "9f0e1d2c-3b4a-4596-8877-665544332211"
    before = dump(empty_db)
    report = import_package(empty_db, full(tmp_path, data))
    assert not report.applied and dump(empty_db) == before
    assert any(
        "people.csv:2: organisation_uid 9f0e1d2c-3b4a-4596-8877-665544332211 is not "
        "an organisation in the package or on the desk" in e
        for e in report.errors
    )
    assert any(
        f"exchanges.csv:2: visitor_uid {PERSON_ZELJKO} is not a person in the package "
        "or on the desk" in e
        for e in report.errors
    ), report.errors
    assert any(
        f"payments.csv:2: exchange_uid {EXCHANGE_DELETED} is not an exchange in the "
        "package or on the desk" in e
        for e in report.errors
    ), report.errors
