"""An import's rule warnings and `cxdesk check` right after say the same (cxdesk issue 12)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cxdesk.db import rule_facts
from cxdesk.services.importing import import_package
from tests.services.sync_factory import delta, full, tables
from tests.sync.factory import (
    COMMON,
    ORG_ARAGON,
    ORG_SOFIA,
    ORG_THESSALY,
    PERSON_ALEXANDROS,
    PERSON_ZELJKO,
    Table,
)

PERSON_SOFIA = "8d02b5da-c180-4e92-b5f6-a29be4b3c009"
#: The exchanges.csv line each exchange of the package below starts on: the header, the
#: factory's exchange (its notes take two lines), its tombstone, then the ones added here.
LINES = {"CX-2026-0042": 2, "CX-2026-0043": 5, "CX-2026-0044": 6, "CX-2026-0045": 7}


def _exchange(
    uid: str,
    reference: str,
    visitor: str,
    host: str,
    start: str,
    end: str,
    status: str = "submitted",
) -> dict[str, str]:
    template = tables()["exchanges"][0]
    return {
        **template,
        **COMMON,
        "uid": uid,
        "reference": reference,
        "visitor_uid": visitor,
        "host_organisation_uid": host,
        "host_contact_uid": "",
        "start_date": start,
        "end_date": end,
        "status": status,
        "distance_km": "",
        "lump_sum": "",
        "notes": "",
    }


def breaking() -> dict[str, Table]:
    """The factory's package with exchanges that break the rules: Aragón visits twice (and
    its visitor is on both at once, once hosted by an SME outside any cluster: a warning that
    refuses nothing), Thessaly's visitor stays in Greece, Sofia (an SME in no cluster) visits
    for 2 days."""
    data = tables()
    data["organisations"][2]["cluster_uid"] = ""  # Sofia, an SME, in no cluster
    data["people"].append(
        {
            **data["people"][1],
            "uid": PERSON_SOFIA,
            "organisation_uid": ORG_SOFIA,
            "first_name": "Мария",
            "last_name": "Иванова",
            "phone": "",
            "language": "bg",
        }
    )
    data["exchanges"] += [
        _exchange(
            "9e13c6eb-d291-4fa3-86d7-b3a0c5f4e00a",
            "CX-2026-0043",
            PERSON_ZELJKO,
            ORG_SOFIA,
            "2026-03-04",
            "2026-03-10",
        ),
        _exchange(
            "af24d7fc-e3a2-40b4-97e8-c4b1d6a5f00b",
            "CX-2026-0044",
            PERSON_ALEXANDROS,
            ORG_THESSALY,
            "2026-05-04",
            "2026-05-08",
        ),
        _exchange(
            "b035e80d-f4b3-41c5-a8f9-d5c2e7b6a00c",
            "CX-2026-0045",
            PERSON_SOFIA,
            ORG_ARAGON,
            "2026-06-01",
            "2026-06-02",
        ),
    ]
    return data


def cxdesk(db: Path, *argv: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), "--lang", lang, *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )


def sentences(stderr: str) -> set[str]:
    """Each line naming an exchange, from its reference on (no `warning:`, no file:line)."""
    return {line[line.index("CX-") :] for line in stderr.splitlines() if "CX-" in line}


def _reference(sentence: str) -> str:
    found = re.match(r"CX-\d{4}-\d{4}", sentence)
    assert found is not None
    return found.group()


def located(stderr: str) -> dict[str, str]:
    """Each warning's sentence → its `file:line` (or "" when it has none)."""
    found = {}
    for line in stderr.splitlines():
        if "CX-" in line:
            where = re.search(r"(\S+\.csv:\d+): CX-", line)
            found[line[line.index("CX-") :]] = where.group(1) if where else ""
    return found


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_import_into_an_empty_desk_warns_of_what_check_prints(tmp_path: Path, lang: str) -> None:
    db = tmp_path / "desk.sqlite3"
    imported = cxdesk(db, "import", str(full(tmp_path, breaking())), lang=lang)
    assert imported.returncode == 0, imported.stderr
    checked = cxdesk(db, "check", lang=lang)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    warned = sentences(imported.stderr)
    failures = sentences(checked.stderr)
    # What refuses nothing is a note of `check` (standard output), a warning of the import.
    looks = sentences(checked.stdout)
    assert warned == failures | looks and len(looks) == 1
    # Not vacuously: every broken rule is there, each exchange at its own line of the package.
    assert {_reference(s) for s in warned} == set(LINES)
    for sentence, where in located(imported.stderr).items():
        assert where == f"exchanges.csv:{LINES[_reference(sentence)]}", sentence
    if lang == "en":
        text = "\n".join(sorted(warned))
        assert (
            "CX-2026-0042: The visiting organisation already visits in exchange "
            "CX-2026-0043" in text
        )
        assert "CX-2026-0043: The visitor is on exchange CX-2026-0042 at the same time" in text
        assert "CX-2026-0044: Both organisations are in Greece (GR)" in text
        assert "CX-2026-0045: 2 working days at the host: the minimum is 3" in text
        assert "CX-2026-0045: The visiting SME is not a member of a cluster" in text
        assert looks == {
            "CX-2026-0043: The host SME is not a member of a cluster: it may host "
            "only as an exception the partnership approved beforehand"
        }
        assert checked.stdout.splitlines()[-1] == (
            f"4 exchanges checked, {len(failures)} problems."
        )


def test_a_delta_warns_about_the_exchanges_whose_verdict_it_changes(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    data = tables()
    assert cxdesk(db, "import", str(full(tmp_path, data))).returncode == 0
    clean = cxdesk(db, "check")
    assert clean.returncode == 0 and sentences(clean.stderr) == set()
    # A second visit of Aragón: the package's own exchange fails, and so does the one the desk
    # had (not in the package: no file:line).
    second = _exchange(
        "9e13c6eb-d291-4fa3-86d7-b3a0c5f4e00a",
        "CX-2026-0043",
        PERSON_ZELJKO,
        ORG_SOFIA,
        "2026-09-07",
        "2026-09-11",
    )
    imported = cxdesk(db, "import", str(delta(tmp_path, {"exchanges": [second]}, sequence=43)))
    assert imported.returncode == 0, imported.stderr
    warned = located(imported.stderr)
    assert warned == {
        "CX-2026-0043: The visiting organisation already visits in exchange CX-2026-0042: an "
        "organisation may visit only once": "exchanges.csv:2",
        "CX-2026-0042: The visiting organisation already visits in exchange CX-2026-0043: an "
        "organisation may visit only once": "",
    }
    assert set(warned) == sentences(cxdesk(db, "check").stderr)


def test_the_facts_read_by_organisation_or_whole_give_the_same_warnings(
    empty_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = full(tmp_path, breaking())
    by_organisation = import_package(empty_db, package, dry_run=True).warnings
    monkeypatch.setattr(rule_facts, "WHOLE_TABLE", 0)  # every exchange read, then sorted out
    assert import_package(empty_db, package, dry_run=True).warnings == by_organisation
    assert len(by_organisation) == 8
