"""The eligibility rules, one by one and together."""

from __future__ import annotations

from datetime import date

from cxdesk.core import i18n
from cxdesk.domain.codes import OrgKind, Status
from cxdesk.domain.records import Exchange, Organisation
from cxdesk.domain.rules import (
    ORG_KIND_ROLES,
    ExchangeContext,
    check_exchange,
    kind_role,
)

D = date
START, END = D(2026, 3, 2), D(2026, 3, 6)


def _check(
    context: ExchangeContext | None = None,
    *,
    visitor_country: str = "ES",
    host_country: str = "FR",
    start: date = START,
    end: date = END,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    result = check_exchange(visitor_country, host_country, start, end, context)
    return result.reasons, result.warnings


def test_a_plain_exchange_passes() -> None:
    assert _check() == ((), ())
    assert check_exchange("ES", "FR", START, END).ok


def test_country_rules() -> None:
    assert _check(host_country="LI")[0] == (
        "Liechtenstein (LI) does not take part in the programme",
    )
    assert _check(host_country="CH", visitor_country="NO")[0] == (
        "Norway (NO) does not take part in the programme",
        "Switzerland (CH) does not take part in the programme",
    )
    assert _check(host_country="BA", start=D(2016, 3, 7), end=D(2016, 3, 11))[0] == (
        "Bosnia & Herzegovina (BA) takes part in the programme only from 2016-06-01",
    )
    assert _check(host_country="CH", visitor_country="CH")[0] == (
        "Switzerland (CH) does not take part in the programme",
        "Both organisations are in Switzerland (CH): an exchange must cross a border",
    )


def test_a_code_that_is_no_country_is_a_reason() -> None:
    reasons, _ = _check(host_country="QQ")
    assert reasons == ("'QQ' is not a country code: use the two-letter ISO code, e.g. FR or DE",)


def test_one_working_day_in_the_singular() -> None:
    reasons, _ = _check(start=D(2026, 3, 6), end=D(2026, 3, 8))
    assert reasons == ("1 working day at the host: the minimum is 3",)


def test_country_names_follow_the_language() -> None:
    i18n.set_language("de")
    reasons, _ = _check(host_country="CH")
    assert "Schweiz (CH)" in reasons[0]


SME = OrgKind.SME


def test_sme_visitor_must_be_a_cluster_member() -> None:
    reasons, _ = _check(ExchangeContext(visitor_kind=SME, visitor_in_cluster=False))
    assert reasons == (
        "The visiting SME is not a member of a cluster: an SME may visit only as one",
    )
    assert _check(ExchangeContext(visitor_kind=SME, visitor_in_cluster=True)) == ((), ())


def test_non_member_sme_host_is_a_warning() -> None:
    reasons, warnings = _check(ExchangeContext(host_kind=SME, host_in_cluster=False))
    assert reasons == ()
    assert warnings == (
        "The host SME is not a member of a cluster: it may host only as an exception the "
        "partnership approved beforehand",
    )


def test_other_kinds_host_only_from_2022() -> None:
    other = OrgKind.OTHER
    assert _check(ExchangeContext(visitor_kind=other))[0] == (
        "An organisation of the kind “Other organisation” may host but not visit",
    )
    assert _check(ExchangeContext(host_kind=other)) == ((), ())
    reasons, _ = _check(ExchangeContext(host_kind=other), start=D(2021, 3, 1), end=D(2021, 3, 5))
    assert reasons == (
        "An organisation of the kind “Other organisation” may not host an exchange starting on "
        "2021-03-01",
    )
    assert kind_role(OrgKind.CLUSTER_ORGANISATION, START) is not None
    assert all(role.source for role in ORG_KIND_ROLES)


def _org(uid: str, kind: OrgKind, country: str, cluster: str | None = None) -> Organisation:
    return Organisation(uid=uid, name=uid, kind=kind, country=country, city="", cluster_uid=cluster)


def _ex(ref: str, status: Status, start: date = START, end: date = END) -> Exchange:
    return Exchange(
        uid=ref.lower(),
        reference=ref,
        visitor_uid="p1",
        host_organisation_uid="h",
        start_date=start,
        end_date=end,
        status=status,
    )


def test_visit_only_once_cancelled_and_rejected_do_not_count() -> None:
    visitor = _org("v", OrgKind.CLUSTER_ORGANISATION, "ES")
    host = _org("h", OrgKind.SME, "FR", cluster="c1")
    this = _ex("CX-3", Status.DRAFT)
    earlier = [
        _ex("CX-1", Status.CANCELLED, D(2025, 3, 2), D(2025, 3, 6)),
        _ex("CX-2", Status.REJECTED, D(2025, 4, 2), D(2025, 4, 6)),
        this,
    ]
    context = ExchangeContext.from_records(
        visitor,
        host,
        exchange=this,
        visiting_organisation_exchanges=earlier,
        visitor_exchanges=earlier,
    )
    assert _check(context) == ((), ())

    earlier.append(_ex("CX-4", Status.PAID, D(2025, 5, 4), D(2025, 5, 8)))
    context = ExchangeContext.from_records(
        visitor,
        host,
        exchange=this,
        visiting_organisation_exchanges=earlier,
        visitor_exchanges=earlier,
    )
    assert _check(context)[0] == (
        "The visiting organisation already visits in exchange CX-4: an organisation may visit "
        "only once",
    )


def test_visitor_on_two_exchanges_at_once() -> None:
    this = _ex("CX-3", Status.DRAFT)
    overlapping = _ex("CX-5", Status.APPROVED, D(2026, 3, 6), D(2026, 3, 10))
    later = _ex("CX-6", Status.APPROVED, D(2026, 3, 9), D(2026, 3, 13))
    context = ExchangeContext.from_records(
        None, None, exchange=this, visitor_exchanges=[this, overlapping, later]
    )
    assert context.visitor_overlaps == ("CX-5",)
    reasons, _ = _check(context)
    assert reasons == ("The visitor is on exchange CX-5 at the same time",)


def test_every_failing_rule_is_listed() -> None:
    context = ExchangeContext(
        visitor_kind=SME, visitor_in_cluster=False, other_visits=("CX-1", "CX-2")
    )
    reasons, _ = _check(context, host_country="ES", start=D(2026, 3, 2), end=D(2026, 4, 3))
    assert reasons == (
        "Both organisations are in Spain (ES): an exchange must cross a border",
        "The exchange ends on 2026-04-03, more than one month after it starts: the last possible "
        "day is 2026-04-01",
        "The visiting SME is not a member of a cluster: an SME may visit only as one",
        "The visiting organisation already visits in exchanges CX-1, CX-2: an organisation may "
        "visit only once",
    )
