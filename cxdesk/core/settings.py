"""The desk's settings: declared once, typed, with defaults and a version, kept as JSON."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from cxdesk.core import paths

SETTINGS_VERSION = 1
log = logging.getLogger("cxdesk.settings")


@dataclass
class Settings:
    version: int = SETTINGS_VERSION
    language: str = ""  # empty: the system locale
    recent_packages: list[str] = field(default_factory=list)
    #: Window geometry and table layouts, per window or table name, as Qt's base64 state.
    geometry: dict[str, str] = field(default_factory=dict)
    last_tab: str = "members"
    #: The name this desk's changes are recorded under, chosen at the first start.
    user_name: str = ""
    #: The database this desk opens when neither --db nor CXDESK_DB says: a file, or a shared
    #: office's `postgresql+psycopg://user@server/database` (never with its password).
    database: str = ""
    #: The SMTP server the outbox sends through (empty host: none; CXDESK_SMTP wins). Never
    #: a password here: it is in the system keyring or CXDESK_SMTP_PASSWORD.
    smtp_host: str = ""
    smtp_port: int = 0  # 0: the security's usual port (587, 465, 25)
    smtp_security: str = "starttls"  # starttls | tls | none
    smtp_user: str = ""
    smtp_from: str = ""  # the sender's address (empty: the user, when it is an address)
    #: The certificate file (.p12/.pfx) the coordinator last signed with; never its passphrase.
    last_certificate: str = ""

    @classmethod
    def path(cls) -> Path:
        return paths.config_dir() / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        target = cls.path()
        if not target.exists():
            return cls()
        try:
            raw = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            # A broken settings file must not stop the desk: start from defaults, keep a note.
            log.warning("settings file %s unreadable (%s); using defaults", target, exc)
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self) -> None:
        target = self.path()
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)  # atomic: a killed program leaves the old file, never half a file

    def remember_package(self, path: str, keep: int = 8) -> None:
        self.recent_packages = [path] + [p for p in self.recent_packages if p != path][: keep - 1]
