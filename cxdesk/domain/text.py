"""Text people and packages give: the fields of several lines, and control characters found."""

from __future__ import annotations

import re

from cxdesk.core.i18n import _
from cxdesk.core.text import escape, printable

__all__ = [
    "MULTILINE_FIELDS",
    "control_characters",
    "is_multiline",
    "printable",
    "replace_control_characters",
]

#: (table, field) of the free texts that may hold tabs and line breaks; every other text is
#: one line.
MULTILINE_FIELDS: frozenset[tuple[str, str]] = frozenset(
    {
        ("exchanges", "notes"),
        ("reports", "activities"),
        ("reports", "results"),
    }
)

#: Control characters (Unicode category Cc): C0, DEL and C1.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: The same but tab and newline (LF, or CR LF as Windows ends a line), which multi-line text
#: may hold; a CR alone is a control character (it overwrites a terminal's line).
CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")

#: At most this many different characters are named in a message.
_NAMED = 5


def is_multiline(table: str, field: str) -> bool:
    """Whether the field is free text of several lines (tabs and line breaks allowed)."""
    return (table, field) in MULTILINE_FIELDS


def _pattern(multiline: bool) -> re.Pattern[str]:
    return CONTROL_MULTILINE if multiline else CONTROL


def control_characters(text: str, multiline: bool) -> str | None:
    """What is wrong with the text's control characters, as a phrase; None when it has none.

    Tab and newline (LF or CR LF) are allowed in multi-line text; a carriage return alone is
    not.
    """
    found = _pattern(multiline).findall(text)
    if not found:
        return None
    distinct = list(dict.fromkeys(found))
    shown = ", ".join(escape(char) for char in distinct[:_NAMED])
    if len(distinct) > _NAMED:
        shown += ", …"
    return _("contains control characters ({chars})").format(chars=shown)


def replace_control_characters(text: str, multiline: bool) -> str:
    """The text with each control character replaced by a space (tabs and line ends kept in
    multi-line text)."""
    return _pattern(multiline).sub(" ", text)
