"""Random text, control characters among it, in every editable text field through set_fields:
refused with a UserError (nothing changed) or stored exactly; never another exception."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cxdesk.core.errors import UserError
from cxdesk.domain.text import control_characters, is_multiline
from cxdesk.services.editing import NOT_EDITABLE, set_fields
from cxdesk.sync.columns import RESOURCES, ColumnType

TABLES = ("organisations", "people", "exchanges")
#: Every field a person types text into: the text and email columns.
TEXT_FIELDS = [
    (table, column.name)
    for table in TABLES
    for column in RESOURCES[table].columns
    if column.type in (ColumnType.STRING, ColumnType.EMAIL) and column.name not in NOT_EDITABLE
]
HOSTILE = "\x00\x07\x08\t\n\r\x1b\x7f\x85\x9b\u202e"
TEXT = st.text(
    st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(HOSTILE)),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "")  # an empty value clears a field: another matter


def _keys(path: str) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        org = conn.execute("SELECT uid FROM organisations ORDER BY uid LIMIT 1").fetchone()[0]
        person = conn.execute("SELECT uid FROM people ORDER BY uid LIMIT 1").fetchone()[0]
        exchange = conn.execute(
            "SELECT uid FROM exchanges WHERE status = 'draft' ORDER BY uid LIMIT 1"
        ).fetchone()[0]
    return {"organisations": org, "people": person, "exchanges": exchange}


def _stored(path: str, table: str, field: str, uid: str) -> Any:
    with sqlite3.connect(path) as conn:
        return conn.execute(f'SELECT "{field}" FROM {table} WHERE uid = ?', (uid,)).fetchone()[0]


def test_every_text_field_is_covered() -> None:
    assert ("organisations", "name") in TEXT_FIELDS and ("exchanges", "notes") in TEXT_FIELDS
    assert ("people", "first_name") in TEXT_FIELDS and ("people", "email") in TEXT_FIELDS


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(target=st.sampled_from(TEXT_FIELDS), value=TEXT)
def test_hostile_text_is_refused_or_stored_exactly(
    demo_db: Any, target: tuple[str, str], value: str
) -> None:
    table, field = target
    path = str(demo_db.path)
    uid = _keys(path)[table]
    before = _stored(path, table, field, uid)
    try:
        set_fields(demo_db, table, uid, [f"{field}={value}"])
    except UserError as exc:
        assert exc.message.strip()
        assert _stored(path, table, field, uid) == before  # nothing changed
        event("refused")
        return
    # Stored: exactly what was typed (an email trimmed of its blanks), and never a control
    # character but tab and line ends in multi-line text.
    expected = value.strip() if field == "email" else value
    assert _stored(path, table, field, uid) == expected
    assert control_characters(value, is_multiline(table, field)) is None
    event("stored")


@pytest.mark.parametrize(("table", "field"), TEXT_FIELDS)
def test_an_escape_sequence_is_refused_in_every_text_field(
    demo_db: Any, table: str, field: str
) -> None:
    path = str(demo_db.path)
    uid = _keys(path)[table]
    before = _stored(path, table, field, uid)
    with pytest.raises(UserError, match="control characters"):
        set_fields(demo_db, table, uid, [f"{field}=evil\x1b[2J@example.eu"])
    assert _stored(path, table, field, uid) == before
