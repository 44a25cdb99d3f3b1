"""The three-way field merge of an open form: the record read, as typed, and as saved elsewhere."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")

#: Whether two records hold the same value in one field (as the form compares it).
Same = Callable[[R, R, str], bool]


@dataclass(frozen=True)
class Merged(Generic[R]):
    """What an open form holds after another desk saved the record it shows."""

    #: The record to save against: the fresh one, but where both sides changed a field and the
    #: person has not yet been told, the value read (so saving is refused once, naming both).
    read: R
    #: The record to show: the fresh one with the fields the person typed laid over it.
    shown: R
    #: The fields the person changed from the value read.
    typed: frozenset[str]
    #: Whether the form must be filled again (`shown` differs from what it holds now).
    moved: bool


def merge_fields(
    read: R,
    typed: R,
    fresh: R,
    fields: Iterable[str],
    same: Same[R],
    *,
    acknowledge: bool,
) -> Merged[R]:
    """Merge field by field: a field the person left alone takes the fresh value.

    A field both changed keeps the person's value; until `acknowledge` (the refusal that showed
    both values) the record to save against keeps the value read, so the next save is refused.
    """
    fields = tuple(fields)
    mine = {f: getattr(typed, f) for f in fields if not same(typed, read, f)}
    kept = {
        f: getattr(read, f)
        for f in mine
        if not acknowledge and not same(fresh, read, f) and not same(fresh, typed, f)
    }
    shown = dataclasses.replace(fresh, **mine)
    return Merged(
        read=dataclasses.replace(fresh, **kept),
        shown=shown,
        typed=frozenset(mine),
        moved=any(not same(shown, typed, f) for f in fields),
    )
