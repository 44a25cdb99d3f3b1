"""The demo's closed visits: reports, bank details, evidence files, waivers, an open SEPA batch."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from text_unidecode import unidecode

from cxdesk.db import bulk
from cxdesk.db.demo_closing import DemoFile, add_files, add_open_batch, add_waivers
from cxdesk.db.store import Store
from cxdesk.domain.codes import Status
from cxdesk.services.account import Account, keep_account_in
from cxdesk.services.demo_names import ACTIVITIES, RESULTS, WAIVER_REASONS, tiny_pdf, tiny_png

#: Closing reports, bank details and evidence files for this many of the latest closed visits:
#: every one in the small demo, a bounded number in the large ones (keeps `platform` as fast).
CLOSING_FILES = 300
CLOSING = (Status.COMPLETED.value, Status.REPORTED.value, Status.PAID.value)
#: The demo partnership's bank is in Brussels, where it is registered.
ACCOUNT_COUNTRY = "BE"


class Closing:
    """What closed visits left behind: reports, bank details, evidence, waivers, a SEPA batch."""

    def __init__(
        self,
        seed: int,
        today: date,
        now: datetime,
        people: list[dict[str, Any]],
        orgs: list[dict[str, Any]],
        partnership: str,
    ) -> None:
        # A stream of its own: the exchanges are drawn exactly as before closing data existed.
        self.rng = random.Random(seed * 1_000_003 + 17)
        self.today, self.now, self.partnership = today, now, partnership
        self.person = {p["uid"]: p for p in people}
        self.org = {o["uid"]: o for o in orgs}
        self.reports: list[dict[str, Any]] = []
        self.banks: list[dict[str, Any]] = []
        self.files: list[DemoFile] = []
        self.waivers: list[tuple[str, str, str, datetime]] = []
        self.batch: list[tuple[str, Decimal]] = []

    def account(self) -> Account:
        iban = IBAN.random(country_code=ACCOUNT_COUNTRY, random=self.rng)
        return Account(self.partnership, iban.compact, str(iban.bic) if iban.bic else None)

    def make(self, exchanges: list[dict[str, Any]]) -> None:
        closed = [e for e in exchanges if e["status"] in CLOSING]
        latest = sorted(closed, key=lambda e: (e["end_date"], e["uid"]), reverse=True)
        detailed = {e["uid"] for e in latest[:CLOSING_FILES]}
        completed = [e["uid"] for e in closed if e["status"] == Status.COMPLETED.value]
        reported = [e["uid"] for e in closed if e["status"] == Status.REPORTED.value]
        # The first reported visit waits in an open batch; the second gave no IBAN yet.
        in_batch = reported[0] if reported else None
        no_iban = reported[1] if len(reported) > 2 else None
        for exchange in closed:
            uid, full = exchange["uid"], exchange["uid"] in detailed
            done = exchange["status"] != Status.COMPLETED.value
            if not full or (not done and (uid == completed[0] or self.rng.random() < 0.5)):
                continue  # no report yet (completed), or too old to matter in a demo
            received = self._report(exchange, done)
            if uid != no_iban:
                self._bank(exchange, received)
            self._evidence(exchange, received, done)
            if uid == in_batch:
                self.batch.append((uid, exchange["lump_sum"]))

    def _report(self, exchange: dict[str, Any], done: bool) -> date:
        rng = self.rng
        end: date = exchange["end_date"]
        received = min(end + timedelta(days=rng.randint(1, 8)), self.today)
        if exchange["report_validated_on"] is not None:
            received = min(received, exchange["report_validated_on"])
        self.reports.append(
            {
                "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "platform_id": None,
                "exchange_uid": exchange["uid"],
                "received_on": received,
                "actual_start": exchange["start_date"],
                "actual_end": exchange["end_date"],
                "activities": rng.choice(ACTIVITIES),
                "results": rng.choice(RESULTS),
                "rating": rng.choice((3, 4, 4, 5, 5, 5)),
                "amount_due": exchange["lump_sum"] if done else None,
                "reduction_reason": None,
                "revision": 1,
                "updated_at": self.now,
                "deleted": False,
                "dirty": False,
                "base": None,
                "version": 1,
            }
        )
        return received

    def _visitor(self, exchange: dict[str, Any]) -> tuple[str, str]:
        person = self.person[exchange["visitor_uid"]]
        country = self.org[person["organisation_uid"]]["country"]
        return f"{person['first_name']} {person['last_name']}", country

    def _bank(self, exchange: dict[str, Any], received: date) -> None:
        name, country = self._visitor(exchange)
        try:
            iban = IBAN.random(country_code=country, random=self.rng)
        except SchwiftyException:  # a country without IBANs: an account in Germany
            iban = IBAN.random(country_code="DE", random=self.rng)
        self.banks.append(
            {
                "exchange_uid": exchange["uid"],
                "iban": iban.compact,
                "bic": str(iban.bic) if iban.bic else None,
                "account_holder": name,
                "given_on": received,
            }
        )

    def _evidence(self, exchange: dict[str, Any], received: date, done: bool) -> None:
        rng, uid, ref = self.rng, exchange["uid"], exchange["reference"]
        name, _country = self._visitor(exchange)
        host = self.org[exchange["host_organisation_uid"]]
        at = datetime.combine(received, time(10, rng.randint(0, 59)))
        ticket = "Train ticket" if exchange["travel_mode"] == "green" else "Boarding pass"
        lines = [ticket, f"Passenger: {unidecode(name)}", f"To: {unidecode(host['city'])}"]
        lines += [
            f"Date: {exchange['start_date'].isoformat()}",
            f"Booking {rng.randint(10**5, 10**6 - 1)}",
        ]
        self._file(
            uid, "travel", f"{ref}-{ticket.lower().replace(' ', '-')}.pdf", tiny_pdf(lines), at
        )
        if not done:
            return  # the rest is still to come: the checklist shows what is missing
        if rng.random() < 1 / 6:
            self.waivers.append((uid, "accommodation", rng.choice(WAIVER_REASONS), at))
        else:
            nights = (exchange["end_date"] - exchange["start_date"]).days
            invoice = [
                "Invoice",
                f"Guest: {unidecode(name)}",
                f"{nights} nights",
                unidecode(host["city"]),
            ]
            self._file(uid, "accommodation", f"{ref}-hotel-invoice.pdf", tiny_pdf(invoice), at)
        stamp = f"{ref} attendance signed by {unidecode(host['name'])}".encode()
        self._file(uid, "attendance", f"{ref}-attendance.png", tiny_png(stamp), at)

    def _file(self, uid: str, kind: str, name: str, content: bytes, at: datetime) -> None:
        media = "application/pdf" if content.startswith(b"%PDF") else "image/png"
        self.files.append(DemoFile(uid, kind, name, content, media, at))

    def store(self, store: Store) -> None:
        """Write it all, with the partnership's account and the open batch."""
        bulk.insert_rows(store.session, "reports", self.reports)
        bulk.insert_rows(store.session, "bank_details", self.banks)
        add_files(store.session, self.files, "demo")
        add_waivers(store.session, self.waivers, "demo")
        account = self.account()
        keep_account_in(store, account)
        if self.batch:
            number = f"SEPA-{self.today.year}-0001"
            debtor = (account.name, account.iban, account.bic)
            add_open_batch(store.session, number, self.now, self.today, debtor, self.batch, "demo")
