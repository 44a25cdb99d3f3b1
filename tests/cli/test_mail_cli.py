"""`cxdesk send` and `cxdesk outbox` from the outside, against a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from cxdesk.core.i18n import translate_in
from cxdesk.services.mail_templates import TEMPLATES
from tests.smtp_server import free_port, smtp_server

SENDER = "desk@example.org"


def _visitor_exchange(db: Path, lang: str) -> tuple[str, str]:
    """(reference, visitor's address) of an exchange whose visitor speaks `lang`."""
    with sqlite3.connect(db) as conn:
        found = conn.execute(
            "SELECT e.reference, p.email FROM exchanges e JOIN people p ON p.uid = e.visitor_uid"
            " WHERE p.language = ? AND p.email IS NOT NULL AND e.deleted = 0"
            " ORDER BY e.reference LIMIT 1",
            (lang,),
        ).fetchone()
    conn.close()
    assert found is not None
    return str(found[0]), str(found[1])


@pytest.fixture
def desk(demo_template: Path, tmp_path: Path) -> dict[str, str]:
    """The environment of a `cxdesk` process: its own home, a copy of the demo database."""
    db = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, db)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CXDESK_SMTP")}
    env.update(
        CXDESK_HOME=str(tmp_path / "home"),
        CXDESK_DB=str(db),
        CXDESK_SMTP_FROM=SENDER,
        # No system keyring in the tests: the password comes from the environment.
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return env


def _run(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _outbox(env: dict[str, str]) -> list[dict[str, object]]:
    done = _run(env, "outbox", "--json")
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def test_offline_the_message_waits_then_arrives_with_its_pdf(desk: dict[str, str]) -> None:
    reference, address = _visitor_exchange(Path(desk["CXDESK_DB"]), "fr")
    port = free_port()
    desk["CXDESK_SMTP"] = f"smtp://127.0.0.1:{port}"

    queued = _run(desk, "send", "agreement", reference)
    assert queued.returncode == 0, queued.stderr
    assert address in queued.stdout
    # No server yet: exit 1 with one sentence naming it; the message waits.
    offline = _run(desk, "outbox", "--send")
    assert offline.returncode == 1
    assert f"127.0.0.1:{port} does not answer" in offline.stderr
    assert "Traceback" not in offline.stderr
    [waiting] = _outbox(desk)
    assert waiting["status"] == "waiting" and waiting["to"] == address
    assert waiting["document"] == "agreement" and waiting["reference"] == reference

    with smtp_server(port) as (server, _port):
        online = _run(desk, "outbox", "--send")
    assert online.returncode == 0, online.stderr
    assert "1 message sent." in online.stdout
    [mail] = server.messages()
    assert mail["To"] == address and mail["From"] == SENDER
    # The visitor speaks French: the subject is the French catalog's.
    subject = translate_in("fr", TEMPLATES["agreement"][0]).format(reference=reference)
    assert mail["Subject"] == subject
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    content = attachment.get_content()
    assert content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert reference in text
    [sent] = _outbox(desk)
    assert sent["status"] == "sent" and sent["error"] is None

    history = _run(desk, "history", reference)
    assert f"queued agreement to {address}" in history.stdout
    assert f"sent agreement to {address}" in history.stdout
    # Sent once: another --send has nothing to do.
    again = _run(desk, "outbox", "--send")
    assert again.returncode == 0 and "0 messages sent." in again.stdout


# A test server on 127.0.0.1 asks for AUTH without TLS; aiosmtpd warns of it, rightly.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_the_password_comes_from_the_environment_and_is_never_written(
    desk: dict[str, str],
) -> None:
    password = "Pw-never-written-7c1e"
    user = "coordinator@example.org"
    reference, _address = _visitor_exchange(Path(desk["CXDESK_DB"]), "de")
    with smtp_server(login=(user, password)) as (server, port):
        home = Path(desk["CXDESK_HOME"])
        (home / "config").mkdir(parents=True)
        settings = home / "config" / "settings.json"
        settings.write_text(
            json.dumps(
                {
                    "smtp_host": "127.0.0.1",
                    "smtp_port": port,
                    "smtp_security": "none",
                    "smtp_user": user,
                    "smtp_from": SENDER,
                }
            ),
            encoding="utf-8",
        )
        assert _run(desk, "send", "commitment", reference).returncode == 0
        no_password = _run(desk, "outbox", "--send")
        assert no_password.returncode == 1
        assert f"No password for the SMTP user {user}" in no_password.stderr
        assert not server.received

        desk["CXDESK_SMTP_PASSWORD"] = password
        done = _run(desk, "outbox", "--send")
        assert done.returncode == 0, done.stderr
        assert server.logins == [(user, password)]
        assert len(server.received) == 1
    log = home / "logs" / "cxdesk.log"
    assert log.is_file()
    assert "127.0.0.1" in log.read_text(encoding="utf-8")  # the host is logged…
    for written in (settings, log):
        assert password not in written.read_text(encoding="utf-8")  # …never the password


def test_a_refused_recipient_fails_with_the_servers_words(desk: dict[str, str]) -> None:
    reference, _address = _visitor_exchange(Path(desk["CXDESK_DB"]), "en")
    nobody = "nobody@example.org"
    with smtp_server(refused={nobody}) as (server, port):
        desk["CXDESK_SMTP"] = f"smtp://127.0.0.1:{port}"
        assert _run(desk, "send", "agreement", reference, "--to", nobody).returncode == 0
        assert _run(desk, "send", "agreement", reference).returncode == 0
        done = _run(desk, "outbox", "--send")
    assert done.returncode == 1
    words = f"The server refused the recipient {nobody}: 550 No such user"
    assert words in done.stderr
    assert len(server.received) == 1  # the other message went
    by_to = {m["to"]: m for m in _outbox(desk)}
    assert by_to[nobody]["status"] == "failed" and by_to[nobody]["error"] == words
    assert [m["status"] for t, m in by_to.items() if t != nobody] == ["sent"]


def test_send_refuses_what_is_not_an_address(desk: dict[str, str]) -> None:
    reference, _address = _visitor_exchange(Path(desk["CXDESK_DB"]), "en")
    done = _run(desk, "send", "agreement", reference, "--to", "not an address")
    assert done.returncode == 1
    assert "is not an e-mail address" in done.stderr
    assert _outbox(desk) == []
