"""Text shown back to a person: control characters made visible, so none can drive a terminal."""

from __future__ import annotations

import re

#: Control characters (Unicode category Cc: C0, DEL and C1) and the bidirectional overrides and
#: isolates, which reorder what a terminal or a window shows around them.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The same, but tab and newline kept: multi-line text.
_UNPRINTABLE_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape(char: str) -> str:
    """One character as a visible escape: \\n, \\x1b, \\u202e."""
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escaped(match: re.Match[str]) -> str:
    return escape(match.group())


def printable(text: str, *, multiline: bool = False) -> str:
    """The text with its control characters shown as visible escapes (ESC → \\x1b), for echoing.

    With `multiline`, tabs and newlines are kept (a message of several lines); else they are
    escaped too (one line).
    """
    pattern = _UNPRINTABLE_MULTILINE if multiline else _UNPRINTABLE
    return pattern.sub(_escaped, text) if pattern.search(text) else text
