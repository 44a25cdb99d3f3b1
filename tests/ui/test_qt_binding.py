"""The Qt binding must not eat references to None (PySide6 6.12.0 did, and aborted Python)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_leave_none_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
    # A few references may come and go; a thousand lost ones is the 6.12.0 bug.
    assert sys.getrefcount(None) - before > -50
