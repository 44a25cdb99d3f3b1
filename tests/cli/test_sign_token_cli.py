"""`agreement --sign pkcs11:…`: signing with a key on a token (SoftHSM2 made in the test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_sign_cli import OWN, Desk, _coordinator
from tests.pdf.certs import TestCA
from tests.pdf.softhsm import PIN, Token, make_token, need_softhsm


@pytest.fixture
def desk(tmp_path: Path, demo_template: Path) -> Desk:
    need_softhsm()
    return Desk(tmp_path, demo_template)


@pytest.fixture
def token(desk: Desk) -> Token:
    p12 = TestCA().person(desk.tmp, "Clara Coordinator", _coordinator(OWN))
    made = make_token(desk.tmp / "hsm", p12)
    desk.env.update(made.env())
    return made


def _pin(desk: Desk, text: str) -> Path:
    path = desk.tmp / "pin.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_an_agreement_signed_with_a_token_validates(desk: Desk, token: Token) -> None:
    ex = desk.exchange(same_partnership=True)
    out = desk.tmp / "agreement.pdf"
    done = desk.run(
        "agreement", ex["reference"], "-o", out, "--sign", token.uri,
        "--passphrase-file", _pin(desk, PIN),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "signed" in done.stdout.lower()
    checked = desk.run("signed-in", ex["reference"], out)
    assert checked.returncode == 0, checked.stderr
    assert f"Clara Coordinator <{_coordinator(OWN)}>" in checked.stdout
    assert "Still to sign: the visitor." in checked.stdout


def test_a_wrong_pin_says_so_and_writes_nothing(desk: Desk, token: Token) -> None:
    ex = desk.exchange(same_partnership=True)
    out = desk.tmp / "agreement.pdf"
    done = desk.run(
        "agreement", ex["reference"], "-o", out, "--sign", token.uri,
        "--passphrase-file", _pin(desk, "9999"),
    )  # fmt: skip
    assert done.returncode == 1
    assert "The PIN does not open the token cxdesk: check the PIN" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_an_absent_token_and_a_missing_pin_are_named(desk: Desk, token: Token) -> None:
    ex = desk.exchange(same_partnership=True)
    out = desk.tmp / "agreement.pdf"
    absent = desk.run(
        "agreement", ex["reference"], "-o", out, "--sign", "pkcs11:token=elsewhere;object=sign",
        "--passphrase-file", _pin(desk, PIN),
    )  # fmt: skip
    assert absent.returncode == 1
    assert "The token elsewhere is not plugged in: insert it" in absent.stderr
    no_pin = desk.run("agreement", ex["reference"], "-o", out, "--sign", token.uri)
    assert no_pin.returncode == 1
    assert (
        "The token cxdesk needs its PIN: type it in the PIN field, or give it in the "
        "passphrase file." in no_pin.stderr
    )
    assert not out.exists()


def test_no_module_says_how_to_get_one(desk: Desk) -> None:
    ex = desk.exchange(same_partnership=True)
    desk.env["CXDESK_PKCS11_MODULE"] = str(desk.tmp / "nowhere.so")
    done = desk.run(
        "agreement", ex["reference"], "-o", desk.tmp / "a.pdf", "--sign", "pkcs11:token=x",
        "--passphrase-file", _pin(desk, PIN),
    )  # fmt: skip
    assert done.returncode == 1
    assert "nowhere.so does not exist: set CXDESK_PKCS11_MODULE" in done.stderr


def test_the_help_says_a_token_is_accepted(desk: Desk) -> None:
    done = desk.run("agreement", "--help")
    assert "pkcs11:token=" in " ".join(done.stdout.split())
