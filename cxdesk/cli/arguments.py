"""The argument types the commands' parsers share: a day, a file or folder to write."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from cxdesk.core.outputs import empty_path_message


def date_value(value: str) -> date:
    """A day given as YYYY-MM-DD; anything else is a usage error."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value} is not a date (YYYY-MM-DD)") from exc


def output_value(value: str) -> Path:
    """A file or folder to write; an empty one is a usage error (the command names nothing)."""
    if not value.strip():
        raise argparse.ArgumentTypeError(empty_path_message())
    return Path(value)
