"""The three-way field merge of an open form: read, typed, saved elsewhere."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cxdesk.domain.merge import merge_fields

FIELDS = ("name", "city", "tags")


@dataclass(frozen=True)
class Card:
    name: str
    city: str
    tags: tuple[str, ...] = ()
    version: int = 1


def same(a: Card, b: Card, field: str) -> bool:
    left, right = getattr(a, field), getattr(b, field)
    if field == "tags":  # the order of a set of tags means nothing
        return set(left) == set(right)
    return bool(left == right)


READ = Card("Lab", "Ghent", ("a", "b"))


def test_a_field_left_alone_takes_the_fresh_value() -> None:
    fresh = Card("Lab", "Antwerp", ("a", "b"), version=2)
    merged = merge_fields(READ, READ, fresh, FIELDS, same, acknowledge=False)
    assert merged.shown == fresh
    assert merged.read == fresh
    assert merged.typed == frozenset()
    assert merged.moved


def test_a_field_typed_keeps_the_persons_value_over_another_field_changed() -> None:
    typed = Card("Lab Two", "Ghent", ("a", "b"))
    fresh = Card("Lab", "Antwerp", ("a", "b"), version=2)
    merged = merge_fields(READ, typed, fresh, FIELDS, same, acknowledge=False)
    assert merged.shown == Card("Lab Two", "Antwerp", ("a", "b"), version=2)
    assert merged.read == fresh  # only the person changed the name: nothing to refuse
    assert merged.typed == {"name"}
    assert merged.moved


@pytest.mark.parametrize("acknowledge", [False, True])
def test_a_field_both_changed_keeps_the_value_read_until_acknowledged(acknowledge: bool) -> None:
    typed = Card("Lab Two", "Ghent", ("a", "b"))
    fresh = Card("Lab Three", "Ghent", ("a", "b"), version=2)
    merged = merge_fields(READ, typed, fresh, FIELDS, same, acknowledge=acknowledge)
    assert merged.shown == Card("Lab Two", "Ghent", ("a", "b"), version=2)
    # Before the refusal, saving is checked against "Lab" (so it is refused, naming both);
    # after it, against "Lab Three" (so the person's value is saved).
    assert merged.read.name == ("Lab Three" if acknowledge else "Lab")
    assert merged.read.version == 2
    assert not merged.moved  # the form already shows all it should


def test_both_typing_the_same_value_is_no_conflict() -> None:
    typed = Card("Lab Two", "Ghent", ("a", "b"))
    fresh = Card("Lab Two", "Ghent", ("a", "b"), version=2)
    merged = merge_fields(READ, typed, fresh, FIELDS, same, acknowledge=False)
    assert merged.read == fresh
    assert merged.shown == fresh
    assert not merged.moved


def test_the_same_test_decides_what_changed() -> None:
    typed = Card("Lab", "Ghent", ("b", "a"))  # the same tags in another order
    fresh = Card("Lab", "Ghent", ("a", "b", "c"), version=2)
    merged = merge_fields(READ, typed, fresh, FIELDS, same, acknowledge=False)
    assert merged.typed == frozenset()
    assert merged.shown == fresh
    assert merged.moved


def test_fields_outside_the_list_come_from_the_fresh_record() -> None:
    fresh = Card("Lab", "Ghent", ("a", "b"), version=7)
    merged = merge_fields(READ, READ, fresh, iter(FIELDS), same, acknowledge=False)
    assert merged.read.version == merged.shown.version == 7
    assert not merged.moved
