"""A block of one column's cells taken at once: control characters cleaned, values parsed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxdesk.core.errors import Problem
from cxdesk.core.i18n import _
from cxdesk.domain.text import control_characters, replace_control_characters
from cxdesk.sync.values import ColumnParser


def without_controls(
    texts: Sequence[str],
    lines: list[int],
    name: str,
    multiline: bool,
    file: str,
    warnings: list[Problem],
) -> Sequence[str]:
    """A text column's cells with each control character replaced by a space, and a warning
    naming file, line and column for each cell that had one: the package still applies."""
    # One look at the whole block first: the usual block has none.
    if control_characters(" ".join(texts), multiline) is None:
        return texts
    cleaned = list(texts)
    for at, text in enumerate(texts):
        if control_characters(text, multiline) is not None:
            cleaned[at] = replace_control_characters(text, multiline)
            warnings.append(
                Problem(
                    file, lines[at], name, _("contained control characters; replaced by spaces")
                )
            )
    return cleaned


def parse_filled(many: ColumnParser, texts: Sequence[str], stripped: list[str]) -> list[Any] | None:
    """A column's cells parsed at once, None for the empty ones; None when a cell needs a
    closer look."""
    if all(stripped):
        return many(texts, stripped)
    filled = [at for at, kept in enumerate(stripped) if kept]
    parsed: list[Any] = [None] * len(stripped)
    if not filled:
        return parsed
    got = many([texts[at] for at in filled], [stripped[at] for at in filled])
    if got is None:
        return None
    for at, value in zip(filled, got, strict=True):
        parsed[at] = value
    return parsed
