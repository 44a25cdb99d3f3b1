"""The tokens the system offers for signing, as the window lists them (available_tokens)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cxdesk.services.signatures import available_tokens
from tests.pdf.certs import TestCA
from tests.pdf.softhsm import make_token


def test_no_module_no_tokens(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CXDESK_PKCS11_MODULE", str(tmp_path / "nowhere.so"))
    assert available_tokens() == []


def test_a_token_lists_its_certificate_with_the_holder(tmp_path: Path) -> None:
    p12 = TestCA().person(tmp_path, "Clara Coordinator", "coordinator@ecp-digi.eu")
    token = make_token(tmp_path / "hsm", p12)
    # In a child process: a PKCS#11 library stays loaded with the configuration it first read.
    script = (
        "from cxdesk.services.signatures import available_tokens\n"
        "for t in available_tokens(): print(t.label, '|', t.uri)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, **token.env()},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "cxdesk: Clara Coordinator <coordinator@ecp-digi.eu> | "
        "pkcs11:token=cxdesk;object=sign;id=%01"
    ]
