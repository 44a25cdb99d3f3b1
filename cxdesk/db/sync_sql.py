"""The statements an import runs many times, built once: a plain INSERT, an UPDATE by uid."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.exc import IntegrityError

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db.sync_values import table_of

#: Rows per statement: well under SQLite's and PostgreSQL's limits on bound parameters.
BATCH = 900


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def broken(exc: IntegrityError) -> UserError:
    # The checks before should make this unreachable; if not, a sentence, not a crash.
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return UserError(_(
        "The package cannot be applied: it breaks a rule of the desk's database ({reason}); "
        "nothing was changed").format(reason=reason))


Plan = list[tuple[str | None, Callable[[Any], Any] | None, Any]]


@cache
def plain_insert(table: str, names: tuple[str, ...], dialect: Any) -> tuple[str, Plan] | None:
    """The INSERT for these columns as SQL with `?` marks, and per mark the row key and its
    conversion (or, for a column left out, its default); None where that does not apply."""
    if dialect.paramstyle != "qmark":
        return None
    target = table_of(table)
    compiled = insert(target).compile(dialect=dialect, column_keys=list(names))
    plan: Plan = []
    for key in compiled.positiontup or ():
        column = target.c[key]
        convert = column.type.bind_processor(dialect)
        if key in names:
            plan.append((key, convert, None))
            continue
        default = column.default
        if default is None or not getattr(default, "is_scalar", False):
            return None
        value = getattr(default, "arg", None)
        plan.append((None, None, convert(value) if convert else value))
    return compiled.string, plan


@cache
def update_statement(table: str, columns: tuple[str, ...]) -> Any:
    target = table_of(table)
    # Bind names differ from column names: SQLAlchemy reserves a column's name for its SET.
    return (
        update(target)
        .where(target.c.uid == bindparam("k_uid"))
        .values({name: bindparam(f"v_{name}") for name in columns})
    )
