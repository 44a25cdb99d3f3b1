"""Three-way merge of a row: each side's changes kept, a clash keeps local and is reported."""

from __future__ import annotations

from decimal import Decimal

from cxdesk.sync import FieldConflict, merge_row

FIELDS = ("name", "city", "phone", "email", "ecosystems")
BASE = {
    "uid": "u",
    "name": "Aragón",
    "city": "Zaragoza",
    "phone": "+34 1",
    "email": None,
    "ecosystems": ["digital"],
}


def test_nothing_changed() -> None:
    result = merge_row(BASE, dict(BASE), dict(BASE), FIELDS)
    assert result.merged == BASE and result.clean and result.changed_fields == []


def test_a_remote_change_is_taken_and_a_local_one_kept() -> None:
    local = {**BASE, "city": "Huesca"}
    remote = {**BASE, "phone": "+34 2"}
    result = merge_row(BASE, local, remote, FIELDS)
    assert result.merged == {**BASE, "city": "Huesca", "phone": "+34 2"}
    assert result.changed_fields == ["phone"] and result.clean


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    local = {**BASE, "name": "Aragón Cluster"}
    result = merge_row(BASE, local, dict(local), FIELDS)
    assert result.merged == local and result.clean and result.changed_fields == []


def test_different_changes_to_one_field_conflict_and_keep_local() -> None:
    local = {**BASE, "name": "Local name", "city": "Huesca"}
    remote = {**BASE, "name": "Platform name", "email": "a@b.eu"}
    result = merge_row(BASE, local, remote, FIELDS)
    assert result.merged == {**BASE, "name": "Local name", "city": "Huesca", "email": "a@b.eu"}
    assert result.conflicts == [FieldConflict("name", "Aragón", "Local name", "Platform name")]
    assert result.changed_fields == ["email"] and not result.clean


def test_a_deletion_on_one_side_is_a_change() -> None:
    result = merge_row(BASE, {**BASE, "phone": None}, dict(BASE), FIELDS)
    assert result.merged["phone"] is None and result.clean
    result = merge_row(BASE, dict(BASE), {**BASE, "ecosystems": []}, FIELDS)
    assert result.merged["ecosystems"] == [] and result.changed_fields == ["ecosystems"]


def test_empty_text_and_none_are_the_same() -> None:
    result = merge_row(BASE, {**BASE, "email": ""}, {**BASE, "email": None}, FIELDS)
    assert result.clean and result.changed_fields == []


def test_equal_values_of_different_precision_are_the_same() -> None:
    base = {"lump_sum": Decimal("780")}
    result = merge_row(
        base, {"lump_sum": Decimal("780.00")}, {"lump_sum": Decimal("780.0")}, ["lump_sum"]
    )
    assert result.clean and result.changed_fields == []


def test_without_a_base_every_difference_is_a_conflict() -> None:
    local = {**BASE, "city": "Huesca"}
    result = merge_row(None, local, dict(BASE), FIELDS)
    assert result.merged == local
    assert result.conflicts == [FieldConflict("city", None, "Huesca", "Zaragoza")]


def test_a_field_the_remote_row_lacks_stays_local() -> None:
    remote = {key: value for key, value in BASE.items() if key != "phone"}
    result = merge_row(BASE, {**BASE, "phone": "+34 9"}, remote, FIELDS)
    assert result.merged["phone"] == "+34 9" and result.clean


def test_fields_not_listed_are_left_alone() -> None:
    result = merge_row(BASE, dict(BASE), {**BASE, "uid": "other"}, FIELDS)
    assert result.merged["uid"] == "u" and result.clean
