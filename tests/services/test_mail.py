"""Composing the outbox's e-mails: the recipient's language, the templates, the PDF kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cxdesk.core import paths
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import translate_in
from cxdesk.db.models import BlobRow, ExchangeRow, OutboxRow, PersonRow
from cxdesk.services import mail
from cxdesk.services.history import history
from cxdesk.services.mail_templates import TEMPLATES


def _exchange(db: Any, lang: str, statuses: tuple[str, ...] = ("approved", "signed")) -> str:
    with db.unit() as session:
        reference = session.scalar(
            select(ExchangeRow.reference)
            .join(PersonRow, PersonRow.uid == ExchangeRow.visitor_uid)
            .where(
                PersonRow.language == lang,
                PersonRow.email.is_not(None),
                ExchangeRow.status.in_(statuses),
            )
            .order_by(ExchangeRow.reference)
        )
    assert reference is not None
    return str(reference)


def _person(db: Any, lang: str) -> str:
    with db.unit() as session:
        email = session.scalar(
            select(PersonRow.email)
            .where(PersonRow.language == lang, PersonRow.email.is_not(None))
            .order_by(PersonRow.id)
        )
    assert email
    return str(email)


def test_the_visitor_gets_the_message_in_their_language(demo_db: Any) -> None:
    reference = _exchange(demo_db, "fr", ("approved", "signed", "completed", "paid"))
    draft = mail.compose(demo_db, "agreement", reference)
    assert draft.language == "fr"
    assert draft.subject == translate_in("fr", TEMPLATES["agreement"][0]).format(
        reference=reference
    )
    assert reference in draft.body and "{" not in draft.body


def test_another_address_reads_its_own_language_or_the_visitors(demo_db: Any) -> None:
    reference = _exchange(demo_db, "fr", ("approved", "signed", "completed", "paid"))
    german = _person(demo_db, "de")
    assert mail.compose(demo_db, "agreement", reference, german).language == "de"
    assert mail.compose(demo_db, "agreement", reference, "x@example.org").language == "fr"
    with pytest.raises(UserError, match="is not an e-mail address"):
        mail.compose(demo_db, "agreement", reference, "x at example")


def test_the_coordinators_template_in_the_language_wins(demo_db: Any) -> None:
    folder = paths.config_dir() / "mail"
    folder.mkdir(parents=True)
    (folder / "agreement.fr.txt").write_text(
        "Subject: Convention {reference} à signer\n\nBonjour {visitor},\nvoici {reference}.\n",
        encoding="utf-8",
    )
    (folder / "agreement.txt").write_text(
        "Agreement {reference} {unknown}\n\nHello {visitor}\n", encoding="utf-8"
    )
    french = _exchange(demo_db, "fr", ("approved", "signed", "completed", "paid"))
    draft = mail.compose(demo_db, "agreement", french)
    assert draft.subject == f"Convention {french} à signer"
    assert draft.body.startswith("Bonjour ") and f"voici {french}." in draft.body
    other = _exchange(demo_db, "el", ("approved", "signed", "completed", "paid"))
    # Every other language: the file without a language; an unknown placeholder stays.
    assert mail.compose(demo_db, "agreement", other).subject == f"Agreement {other} {{unknown}}"
    # The commitment has no file: the catalog's message.
    assert mail.compose(demo_db, "commitment", french).subject == translate_in(
        "fr", TEMPLATES["commitment"][0]
    ).format(reference=french)


def test_queue_keeps_the_pdf_and_tells_the_history(demo_db: Any) -> None:
    reference = _exchange(demo_db, "fr", ("approved", "signed", "completed", "paid"))
    message = mail.queue(demo_db, "agreement", reference, subject="Edited subject")
    assert message.status == "waiting" and message.subject == "Edited subject"
    assert message.attachment_name and message.attachment_name.endswith(".pdf")
    with demo_db.unit() as session:
        row = session.get(OutboxRow, message.id)
        blob = session.get(BlobRow, row.attachment_sha256)
        assert bytes(blob.content).startswith(b"%PDF") and blob.media_type == "application/pdf"
    _label, entries = history(demo_db, reference)
    last = entries[-1]
    assert (last.source, last.field, last.new) == ("mail", "queued", f"agreement to {message.to}")


def test_a_paper_the_exchange_cannot_have_is_refused_and_nothing_waits(demo_db: Any) -> None:
    reference = _exchange(demo_db, "da", ("approved", "signed", "submitted"))
    with pytest.raises(UserError, match="certificate of participation is made only once"):
        mail.queue(demo_db, "certificate", reference)
    with demo_db.unit() as session:
        assert session.scalar(select(OutboxRow.id)) is None


def test_a_file_attached_goes_as_it_is_with_its_name(demo_db: Any, tmp_path: Path) -> None:
    reference = _exchange(demo_db, "fr", ("approved", "signed", "completed", "paid"))
    signed = tmp_path / "CX-signed.pdf"
    signed.write_bytes(b"%PDF-1.7 signed bytes")
    message = mail.queue(demo_db, "agreement", reference, attachment=signed)
    assert message.attachment_name == "CX-signed.pdf"
    with demo_db.unit() as session:
        row = session.get(OutboxRow, message.id)
        assert bytes(session.get(BlobRow, row.attachment_sha256).content) == signed.read_bytes()
    gone = tmp_path / "gone.pdf"
    with pytest.raises(UserError, match=f"There is no file {gone} to attach"):
        mail.queue(demo_db, "agreement", reference, attachment=gone)


def test_template_dir_is_in_the_config_dir(cxdesk_home: Path) -> None:
    assert mail.template_dir() == cxdesk_home / "config" / "mail"
