"""Codes and countries repeated down a column are parsed once each: the same rows, the same
problems (file, line, column) as cell by cell."""

from __future__ import annotations

from pathlib import Path

from cxdesk.domain.codes import Ecosystem, OrgKind
from cxdesk.sync import read_package, validate_package

from . import factory as f


def _many_organisations(count: int) -> list[dict[str, str]]:
    aragon = f.tables()["organisations"][0]
    return [
        aragon | {"uid": f"00000000-0000-4000-8000-{index:012d}", "platform_id": f"P-{index}"}
        for index in range(count)
    ]


def test_repeated_codes_give_each_row_its_own_values(tmp_path: Path) -> None:
    rows = _many_organisations(300)
    rows[7] |= {"country": "el", "ecosystems": ""}
    with read_package(f.make_package(tmp_path, {"organisations": rows})) as package:
        read = list(package.rows("organisations"))
        assert not package.problems
    assert len(read) == 300 and {row["kind"] for row in read} == {OrgKind.CLUSTER_ORGANISATION}
    assert read[7]["country"] == "GR" and read[7]["ecosystems"] == []
    assert read[0]["ecosystems"] == [Ecosystem.AGRI_FOOD, Ecosystem.DIGITAL]
    # Each row's list is its own: changing one changes no other.
    read[0]["ecosystems"].append(Ecosystem.HEALTH)
    assert read[1]["ecosystems"] == [Ecosystem.AGRI_FOOD, Ecosystem.DIGITAL]


def test_a_bad_code_among_repeated_ones_is_named_by_file_line_and_column(tmp_path: Path) -> None:
    rows = _many_organisations(300)
    rows[200] |= {"kind": "castle"}
    rows[250] |= {"country": "XX", "ecosystems": "digital;moon"}
    problems = validate_package(f.make_package(tmp_path, {"organisations": rows}))[1].lines()
    assert [problem.split(" is not ")[0] for problem in problems] == [
        "organisations.csv:202: kind 'castle'",
        "organisations.csv:252: country 'XX'",
        "organisations.csv:252: ecosystems 'moon'",
    ]
