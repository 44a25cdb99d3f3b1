"""`report-form`, `certificate`: the papers of an exchange's second half."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """This group's commands and their arguments (cli.md)."""


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {}
