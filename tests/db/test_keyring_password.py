"""A shared office's password from the system keyring: handed to the server, never in the URL,
the settings file or the log (CXDESK_TEST_PG_URL; CI always sets it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import event
from sqlalchemy.engine import make_url

from cxdesk.core.secrets import POSTGRESQL_SERVICE
from cxdesk.db.engine import keyring_account, make_engine
from tests.pgserver import PG_URL, SKIP_REASON

pytestmark = [pytest.mark.pg, pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)]


class _OneSecret(KeyringBackend):  # type: ignore[misc]
    """The system keyring of a coordinator who stored the office's password in it."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, account: str) -> None:
        super().__init__()
        self.account = account

    def get_password(self, service: str, username: str) -> str | None:
        return (
            "s3cret-office" if (service, username) == (POSTGRESQL_SERVICE, self.account) else None
        )

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError

    def delete_password(self, service: str, username: str) -> None:
        raise NotImplementedError


@pytest.fixture
def stored() -> Iterator[str]:
    assert PG_URL
    account = keyring_account(make_url(PG_URL))
    before = keyring.get_keyring()
    keyring.set_keyring(_OneSecret(account))
    try:
        yield account
    finally:
        keyring.set_keyring(before)


def test_the_password_comes_from_the_keyring_and_goes_nowhere_else(
    stored: str, cxdesk_home: Path, caplog: Any
) -> None:
    assert PG_URL and make_url(PG_URL).password is None
    engine = make_engine(PG_URL)
    given: list[Any] = []
    event.listen(engine, "do_connect", lambda _d, _r, _a, params: given.append(dict(params)))
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()
    assert given and given[0]["password"] == "s3cret-office"
    assert "s3cret-office" not in str(engine.url)
    assert "s3cret-office" not in caplog.text
    for path in cxdesk_home.rglob("*"):
        if path.is_file():
            assert b"s3cret-office" not in path.read_bytes(), path
