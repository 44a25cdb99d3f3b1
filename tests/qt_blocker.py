"""A pytest plugin that makes PySide6 impossible to import: proves the non-UI layers need no Qt."""

from __future__ import annotations

import importlib.abc
import sys


class _NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):  # type: ignore[no-untyped-def]
        if fullname == "PySide6" or fullname.startswith("PySide6."):
            raise ImportError(f"{fullname} is blocked: this run proves the layers below ui")
        return None


sys.meta_path.insert(0, _NoQt())
