"""What a command hands back: its exit code, JSON on stdout, a line naming a folder it made."""

from __future__ import annotations

import json
from pathlib import Path

from cxdesk.core.outputs import folder_note

#: The `cxdesk` command's exit codes (cli.md): done, refused, usage, an import with conflicts.
EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_CONFLICTS = 0, 1, 2, 3


def print_json(value: object) -> None:
    """`value` as indented JSON, letters kept as they are (not escaped)."""
    print(json.dumps(value, ensure_ascii=False, indent=2))


def said(line: str, made: Path | None) -> str:
    """An output line, with the folder made for it (one the person may not have expected)."""
    if made is None or not made.is_dir():
        return line
    return f"{line} {folder_note([made])}"
