"""The statements an import runs many times, built once: a plain INSERT, an UPDATE by uid."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, bindparam, insert, update
from sqlalchemy.exc import IntegrityError

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db.sync.values import table_of

#: Rows per statement: well under SQLite's and PostgreSQL's limits on bound parameters.
BATCH = 900


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def broken(exc: IntegrityError) -> UserError:
    # The checks before should make this unreachable; if not, a sentence, not a crash.
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return UserError(
        _(
            "The package cannot be applied: it breaks a rule of the desk's database ({reason}); "
            "nothing was changed"
        ).format(reason=reason)
    )


@dataclass(frozen=True)
class PlainInsert:
    """An INSERT run with the driver's executemany: its SQL, which row keys fill its marks (in
    that order), the conversion of some of them, and the defaults of the columns left out."""

    sql: str
    names: tuple[str, ...]
    #: (position in `names`, the column's bind conversion) where the column has one.
    converts: tuple[tuple[int, Callable[[Any], Any]], ...]
    #: The stored default of each column left out, after `names` in the SQL.
    defaults: tuple[Any, ...]
    #: Positions in `names` of flags (booleans): a few values, each converted once.
    repeated: frozenset[int] = frozenset()

    def params(self, rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
        """The rows as the driver's parameter tuples, built column by column."""
        if len(self.names) == 1:
            columns: list[Iterable[Any]] = [[row[self.names[0]] for row in rows]]
        else:
            get = itemgetter(*self.names)
            columns = list(zip(*[get(row) for row in rows], strict=True))
        return self._tuples(columns, len(rows))

    def column_params(self, values: Mapping[str, Sequence[Any]]) -> list[tuple[Any, ...]]:
        """`params` of rows given column by column (name → its values, one per row)."""
        columns: list[Iterable[Any]] = [values[name] for name in self.names]
        return self._tuples(columns, len(values[self.names[0]]))

    def _tuples(self, columns: list[Iterable[Any]], count: int) -> list[tuple[Any, ...]]:
        for position, convert in self.converts:
            if convert in AS_SQLITE_TEXT or position in self.repeated:
                # Dates, stamps and flags repeat down a column: each distinct one written once.
                done = {value: convert(value) for value in set(columns[position])}
                columns[position] = map(done.__getitem__, columns[position])
            else:
                columns[position] = map(convert, columns[position])
        columns += [repeat(value, count) for value in self.defaults]
        return list(zip(*columns, strict=True))


def _iso_stamp(value: Any) -> Any:
    # What the sqlite3 module's default adapter writes for a datetime, without its call per row.
    return value.isoformat(" ") if type(value) is datetime else value


def _iso_date(value: Any) -> Any:
    return value.isoformat() if type(value) is date else value


#: Conversions giving the text the sqlite3 module would store for a value: equal values, the
#: same text.
AS_SQLITE_TEXT = (_iso_stamp, _iso_date)


def _sqlite_text(kind: Any) -> Callable[[Any], Any] | None:
    if isinstance(kind, DateTime):
        return _iso_stamp
    if isinstance(kind, Date):
        return _iso_date
    return None


@cache
def plain_insert(table: str, names: tuple[str, ...], dialect: Any) -> PlainInsert | None:
    """The INSERT for these columns as SQL with `?` marks, the same SQLAlchemy would run with the
    same value conversions (or, for a column left out, its default); None where that does not
    apply."""
    if dialect.paramstyle != "qmark" or not names:
        return None
    target = table_of(table)
    compiled = insert(target).compile(dialect=dialect, column_keys=list(names))
    keys = list(compiled.positiontup or ())
    if sorted(keys) != sorted(set(keys)) or not set(names) <= set(keys):
        return None
    converts: list[tuple[int, Callable[[Any], Any]]] = []
    repeated: set[int] = set()
    for position, name in enumerate(names):
        kind = target.c[name].type
        convert: Callable[[Any], Any] | None = kind.bind_processor(dialect)
        if convert is None and dialect.name == "sqlite":
            convert = _sqlite_text(kind)
        if convert is not None:
            converts.append((position, convert))
            if isinstance(kind, Boolean):
                repeated.add(position)
    left_out = [key for key in keys if key not in names]
    defaults: list[Any] = []
    for key in left_out:
        column = target.c[key]
        default = column.default
        if default is None or not getattr(default, "is_scalar", False):
            return None
        value = getattr(default, "arg", None)
        convert = column.type.bind_processor(dialect)
        defaults.append(convert(value) if convert else value)
    quote = dialect.identifier_preparer.quote
    columns = [*names, *left_out]
    sql = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(target)} "
        f"({', '.join(quote(name) for name in columns)}) "
        f"VALUES ({', '.join('?' for _name in columns)})"
    )
    return PlainInsert(sql, names, tuple(converts), tuple(defaults), frozenset(repeated))


@cache
def update_statement(table: str, columns: tuple[str, ...]) -> Any:
    target = table_of(table)
    # Bind names differ from column names: SQLAlchemy reserves a column's name for its SET.
    values: dict[str, Any] = {name: bindparam(f"v_{name}") for name in columns}
    if "version" in target.c and "version" not in columns:
        # An import's write moves the row's version too: an edit read before it is checked again.
        values["version"] = target.c.version + 1
    return update(target).where(target.c.uid == bindparam("k_uid")).values(values)
