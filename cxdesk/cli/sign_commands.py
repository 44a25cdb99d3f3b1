"""`signed-in`: signed documents back, verified (papers out and back, cli.md)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """This group's commands and their arguments (cli.md)."""


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {}
