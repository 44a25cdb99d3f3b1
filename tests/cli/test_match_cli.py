"""`cxdesk match` from the outside: the JSON shape, the plain lines, the refusals."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from cxdesk.db.models import AuditRow, ExchangeRow, OrganisationRow, PersonRow
from cxdesk.domain.codes import VOID_STATUSES


def match(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), "match", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def no_crash(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr


def _visited(db) -> set[str]:  # type: ignore[no-untyped-def]
    with db.unit() as session:
        return set(
            session.scalars(
                select(PersonRow.organisation_uid)
                .join(ExchangeRow, ExchangeRow.visitor_uid == PersonRow.uid)
                .where(ExchangeRow.status.not_in([s.value for s in VOID_STATUSES]))
            )
        )


def _free_visitor(db) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A cluster organisation of the demo that has not visited, and one of its people."""
    visited = _visited(db)
    with db.unit() as session:
        for uid in session.scalars(
            select(OrganisationRow.uid)
            .where(OrganisationRow.kind == "cluster_organisation")
            .order_by(OrganisationRow.name)
        ):
            person = session.scalar(select(PersonRow.uid).where(PersonRow.organisation_uid == uid))
            if uid not in visited and person:
                return uid, person
    raise AssertionError("the demo has no organisation that has not visited")


def _counts(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with db.unit() as session:
        return (
            session.scalar(select(func.count()).select_from(ExchangeRow)) or 0,
            session.scalar(select(func.count()).select_from(AuditRow)) or 0,
        )


def test_json_is_cli_md_shape_best_first(demo_db) -> None:  # type: ignore[no-untyped-def]
    org, person = _free_visitor(demo_db)
    done = match(
        demo_db.path,
        person,
        "--start",
        "2026-05-04",
        "--end",
        "2026-05-08",
        "--limit",
        "5",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    no_crash(done)
    data = json.loads(done.stdout)
    assert 1 <= len(data) <= 5
    for item in data:
        assert set(item) == {
            "uid",
            "name",
            "country",
            "score",
            "reasons",
            "distance_km",
            "lump_sum",
        }
        assert isinstance(item["distance_km"], (int, float))
        assert re.fullmatch(r"\d+\.\d\d", item["lump_sum"])
        assert item["reasons"] and all(isinstance(r, str) for r in item["reasons"])
        assert item["uid"] != org
    scores = [item["score"] for item in data]
    assert scores == sorted(scores, reverse=True)
    # The organisation's key gives the same hosts as its person's.
    by_org = json.loads(
        match(
            demo_db.path,
            org,
            "--start",
            "2026-05-04",
            "--end",
            "2026-05-08",
            "--limit",
            "5",
            "--json",
        ).stdout
    )
    assert [i["uid"] for i in by_org] == [i["uid"] for i in data]


def test_plain_output_one_host_a_line_with_its_reasons(demo_db) -> None:  # type: ignore[no-untyped-def]
    org, _person = _free_visitor(demo_db)
    done = match(demo_db.path, org, "--limit", "3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("Hosts for ") and "no dates given" in lines[0]
    assert len(lines) == 4
    for line in lines[1:]:
        assert re.match(r"\s*\d\. .+ \(.+, [A-Z]{2}\) — Shares ", line), line
        assert "km away" in line and "Lump sum" in line


def test_an_organisation_that_visited_is_refused_naming_the_exchange(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        reference, org = session.execute(
            select(ExchangeRow.reference, PersonRow.organisation_uid)
            .join(PersonRow, PersonRow.uid == ExchangeRow.visitor_uid)
            .where(ExchangeRow.status == "approved")
            .order_by(ExchangeRow.reference)
        ).first()
    before = _counts(demo_db)
    done = match(demo_db.path, org, "--json")
    assert done.returncode == 1
    assert reference in done.stderr and "may visit only once" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stdout == ""
    no_crash(done)
    assert _counts(demo_db) == before


def test_wrong_uses_are_told(demo_db) -> None:  # type: ignore[no-untyped-def]
    org, _person = _free_visitor(demo_db)
    half = match(demo_db.path, org, "--start", "2026-05-04")
    assert half.returncode == 2 and "both --start and --end" in half.stderr
    unknown = match(demo_db.path, "no-such-member")
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "No person or organisation with the key no-such-member."
    backwards = match(demo_db.path, org, "--start", "2026-05-08", "--end", "2026-05-04")
    assert backwards.returncode == 1 and "before it starts" in backwards.stderr
    for done in (half, unknown, backwards):
        no_crash(done)
