"""Whatever a package holds, reading it says what is wrong (UserError or problems), never fails."""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxdesk.core.errors import Problem, UserError
from cxdesk.domain.text import replace_control_characters
from cxdesk.sync import read_package, validate_package, write_errors_file, write_package

from . import factory as f

#: CXDESK_FUZZ_EXAMPLES=5000 for a long run; the suite stays fast with the default.
FUZZ = settings(
    max_examples=int(os.environ.get("CXDESK_FUZZ_EXAMPLES", "60")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

TABLES = f.tables()
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "2026-02-30",
        "2026-2-3",
        "-1",
        "0",
        "1e5",
        "NaN",
        "Infinity",
        "1,5",
        "١٢",
        "9" * 5000,
        "true",
        "TRUE",
        "yes",
        '"',
        '""',
        'a"b',
        "\r",
        "\n",
        "\r\n",
        "\x00",
        "\ufeff",
        "=1+1",
        "EL",
        "uk",
        "xx",
        f.ORG_ARAGON,
        f.ORG_ARAGON.upper(),
        "{" + f.ORG_ARAGON + "}",
        "learn;;markets;",
        "digital; agri_food",
        "2026-03-01T10:00:00+02:00",
        "2026-03-01T25:00:00Z",
        "x" * 301,
        "a@b",
        "a@b.c",
        "\ud7ff",
        "🙂",
        "Ω" * 40,
    ]
)
CELL = st.one_of(TRICKY, st.text(max_size=30))


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def read_everything(path: Path) -> None:
    """Read a package as the import does; only a UserError may come out."""
    try:
        manifest, problems, warnings = validate_package(path)
    except UserError as exc:
        assert str(exc)
        return
    for problem in [*problems, *warnings]:
        assert isinstance(problem, Problem) and problem.file and str(problem)
    assert problems.total >= len(problems)
    with read_package(path) as package:
        for resource in package.resources:
            for row in package.rows(resource):
                assert isinstance(row, dict)
        for reference in package.dangling_references():
            assert str(reference.problem())


@FUZZ
@given(data=st.data(), stored=st.booleans())
def test_mutated_archive_bytes(data: st.DataObject, stored: bool) -> None:
    with folder() as tmp:
        path = f.make_package(
            tmp, compression=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        )
        raw = bytearray(path.read_bytes())
        for _ in range(data.draw(st.integers(1, 8), label="mutations")):
            at = data.draw(st.integers(0, len(raw) - 1), label="at")
            raw[at] = data.draw(st.integers(0, 255), label="byte")
        if data.draw(st.booleans(), label="truncate"):
            raw = raw[: data.draw(st.integers(0, len(raw)), label="length")]
        path.write_bytes(bytes(raw))
        read_everything(path)


@FUZZ
@given(data=st.data())
def test_mutated_cells_with_matching_hashes(data: st.DataObject) -> None:
    tables = json.loads(json.dumps(TABLES))
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        resource = data.draw(st.sampled_from(sorted(tables)), label="resource")
        row = data.draw(st.sampled_from(tables[resource]), label="row")
        column = data.draw(st.sampled_from(sorted(row)), label="column")
        row[column] = data.draw(CELL, label="cell")
    newline = data.draw(st.sampled_from(["\r\n", "\n"]), label="newline")
    with folder() as tmp:
        read_everything(f.make_package(tmp, tables, newline=newline))


@FUZZ
@given(data=st.data())
def test_mutated_csv_bytes_with_matching_hashes(data: st.DataObject) -> None:
    csv_files = f.files()
    name = data.draw(st.sampled_from(sorted(csv_files)), label="file")
    raw = bytearray(csv_files[name])
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        at = data.draw(st.integers(0, len(raw)), label="at")
        insert = data.draw(
            st.binary(max_size=4)
            | st.sampled_from([b'"', b",", b"\r", b"\n", b"\x00", b"\xff", b"\xef\xbb\xbf"]),
            label="bytes",
        )
        drop = data.draw(st.integers(0, 3), label="drop")
        raw[at : at + drop] = insert
    csv_files[name] = bytes(raw)
    with folder() as tmp:
        path = f.make_package(tmp, csv_files)
        read_everything(path)
        with suppress(UserError):
            write_errors_file(path, name.removesuffix(".csv"), tmp / "errors.csv")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@FUZZ
@given(data=st.data())
def test_mutated_manifests(data: st.DataObject) -> None:
    def edit(descriptor: dict[str, Any]) -> None:
        target = data.draw(st.sampled_from(["cx", "resource", "top"]), label="where")
        if target == "cx":
            mapping = descriptor["cx"]
        elif target == "resource":
            mapping = data.draw(st.sampled_from(descriptor["resources"]), label="resource")
        else:
            mapping = descriptor
        key = data.draw(st.sampled_from([*sorted(mapping), "extra"]), label="key")
        if data.draw(st.booleans(), label="delete"):
            mapping.pop(key, None)
        else:
            mapping[key] = data.draw(JSON, label="value")

    with folder() as tmp:
        read_everything(f.make_package(tmp, edit=edit))


#: Some text besides control characters (they become spaces: a cell of nothing else is empty).
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=60,
).filter(lambda text: replace_control_characters(text, multiline=False).strip() != "")


def one_line(text: str) -> str:
    return replace_control_characters(text, multiline=False)


@FUZZ
@given(name=TEXT, notes=TEXT, phone=TEXT)
def test_text_round_trips_verbatim(name: str, notes: str, phone: str) -> None:
    """Verbatim but for control characters, which are read as spaces (tab and line ends kept
    in notes)."""
    org = {
        "uid": f.ORG_ARAGON,
        "revision": 0,
        "name": name[:300],
        "kind": "sme",
        "country": "FR",
        "city": "Lyon",
        "phone": phone,
    }
    exchange = {
        "uid": f.EXCHANGE,
        "revision": 0,
        "reference": name,
        "visitor_uid": f.PERSON_ZELJKO,
        "host_organisation_uid": f.ORG_ARAGON,
        "notes": notes,
    }
    fields = {"origin": "platform", "partnership": "P", "kind": "full", "sequence": 1}
    with folder() as tmp:
        path = write_package(tmp / "p.zip", fields, {"organisations": [org]}).path
        with read_package(path) as package:
            back = next(package.rows("organisations"))
        assert (back["name"], back["phone"]) == (one_line(name[:300]), one_line(phone))
        exchange_path = write_package(
            tmp / "e.zip",
            fields,
            {"exchanges": [{**exchange, "start_date": "2026-03-02", "end_date": "2026-03-06"}]},
        ).path
        with read_package(exchange_path) as package:
            row = next(package.rows("exchanges"))
        assert (row["reference"], row["notes"]) == (
            one_line(name),
            replace_control_characters(notes, multiline=True),
        )
