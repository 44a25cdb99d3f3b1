"""The database a command works on: the one --db names, its changes recorded under --user."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the stack is loaded when a command runs, not for --help
    from cxdesk.db.engine import Database


def open_desk(args: argparse.Namespace) -> Database:
    """The workspace --db names, opened (and migrated); changes made under --user's name."""
    from cxdesk.core.users import default_user
    from cxdesk.services.workspace import open_workspace

    db = open_workspace(args.db)
    # Every change this command makes is recorded under this name.
    db.user = default_user(getattr(args, "user", None))
    return db
