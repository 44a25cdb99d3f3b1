"""The Members tab's first rows read with plain sqlite3, so the window paints before SQLAlchemy."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

#: The schema revision these queries are written for: `revision.HEAD_REVISION` (a test holds
#: the two equal). Importing that module would import SQLAlchemy, which is what this avoids.
HEAD_REVISION = "0009"

#: The members' sort keys and their columns, as `browse.ORG_SORT` orders them.
ORG_SORT = {
    "name": "name",
    "kind": "kind",
    "country": "country",
    "city": "city",
    "partnership": "partnership",
}

_LINE_COLUMNS = "id, uid, name, kind, country, city, partnership, ecosystems, cluster_uid"


@dataclass(frozen=True)
class FirstOrgLine:
    """One organisation's row as the Members tab shows it (the fields of `browse.OrgLine`)."""

    id: int
    uid: str
    name: str
    kind: str
    country: str
    city: str
    partnership: str | None
    ecosystems: str
    cluster_uid: str | None


@dataclass(frozen=True)
class FirstPage:
    """The first ids of the unfiltered members in one sort, and the lines of the first few."""

    sort: str
    descending: bool
    ids: list[int]
    lines: dict[int, FirstOrgLine]


def sqlite_file(target: str) -> Path | None:
    """The file of an SQLite target (a path or an sqlite:/// address); None for a server."""
    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///") :]
    elif "://" in target:
        return None
    return Path(target).expanduser()


def read_first_page(
    target: str, sort: str, descending: bool, limit: int, lines: int
) -> FirstPage | None:
    """The unfiltered members' first `limit` ids in `sort` and the lines of the first `lines`.

    None whenever this cannot answer exactly as the normal path would: a server, no such file,
    a schema at another revision, an unknown sort, or any SQLite error (a damaged or locked
    file): the normal path then opens the database and tells what is wrong.
    """
    path = sqlite_file(target)
    column = ORG_SORT.get(sort)
    if path is None or column is None or not path.is_file():
        return None
    try:
        # Read-only: nothing is created, migrated or locked for writing here.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, ValueError, OSError):
        return None
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        if [r[0] for r in revision] != [HEAD_REVISION]:
            return None
        # The query `browse.organisation_ids` makes for an empty filter, word for word.
        order = "DESC" if descending else "ASC"
        tie = " DESC" if descending else ""  # ties by id the sort's way (`browse`: why)
        ids = [
            int(r[0])
            for r in conn.execute(
                "SELECT organisations.id FROM organisations WHERE organisations.deleted IS 0 "
                f"ORDER BY organisations.{column} {order}, organisations.id{tie} LIMIT ? OFFSET ?",
                (limit, 0),
            )
        ]
        wanted = ids[:lines]
        found: dict[int, FirstOrgLine] = {}
        if wanted:
            marks = ", ".join("?" * len(wanted))
            query = f"SELECT {_LINE_COLUMNS} FROM organisations WHERE id IN ({marks})"
            for row in conn.execute(query, wanted):
                found[int(row[0])] = FirstOrgLine(*row)
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return FirstPage(sort, descending, ids, found)
