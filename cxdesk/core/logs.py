"""A rotating log file in the user's log folder: tracebacks go there, never to the user."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from cxdesk.core import paths

_configured: Path | None = None


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file; a record that cannot be written (a full disk) is lost quietly."""

    def handleError(self, record: logging.LogRecord) -> None:
        # logging's default prints its own traceback to stderr: on a full disk the user's
        # command went through (or told its failure in a sentence), and would seem to crash.
        pass


def setup_logging(level: int = logging.INFO) -> Path:
    """Send log records to the rotating log file; return its path."""
    global _configured
    target = paths.log_file()
    if _configured == target:
        return target
    root = logging.getLogger("cxdesk")
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    handler = _LogFile(target, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False
    _configured = target
    return target


def log_bug(exc: BaseException, context: str) -> Path:
    """Write a traceback to the log; return the log file so the message can name it."""
    target = setup_logging()
    logging.getLogger("cxdesk").error("%s", context, exc_info=exc)
    return target
