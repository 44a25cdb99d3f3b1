"""What a person asks a table for: filters and sort order, plain data the db turns into SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class OrgFilter:
    text: str = ""  # full text over name and city
    country: str | None = None
    kind: str | None = None
    ecosystem: str | None = None
    partnership: str | None = None
    clusters_only: bool = False


@dataclass(frozen=True)
class PersonFilter:
    text: str = ""
    organisation_uid: str | None = None


@dataclass(frozen=True)
class ExchangeFilter:
    text: str = ""  # reference, visitor or host name
    statuses: frozenset[str] = field(default_factory=frozenset)
    ecosystem: str | None = None
    host_country: str | None = None
    organisation_uid: str | None = None  # visiting or hosting
    visitor_uid: str | None = None
    starts_after: date | None = None  # the exchange overlaps [starts_after, ends_before]
    ends_before: date | None = None


@dataclass(frozen=True)
class Sort:
    column: str
    descending: bool = False


@dataclass(frozen=True)
class Page:
    """A page of ids matching a filter, and how many match in all."""

    total: int
    ids: list[int]
