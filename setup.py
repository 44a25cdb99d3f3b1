"""Build hook: a wheel (or `pip install .`) carries the compiled catalogs and the resources.

The sources keep `translations/*.po` and `resources/` at the top of the repository, where
translators and the PyInstaller spec find them. An installed package has no repository around
it, so building it compiles every catalog with babel and copies both under `cxdesk/_data/`
(where `cxdesk.core.paths.resource_root()` looks first). Editable installs and source checkouts
read the tree itself and compile the .po files in memory.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # the tree is the package: nothing to copy
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        data = Path(self.build_lib) / "cxdesk" / "_data"
        for po in sorted(ROOT.glob("translations/*/LC_MESSAGES/cxdesk.po")):
            lang = po.parent.parent.name
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
            errors = [(m.id, e) for m, problems in catalog.check() for e in problems]
            if errors:
                raise SystemExit(f"{po}: {errors[:3]}")
            target = data / "translations" / lang / "LC_MESSAGES" / "cxdesk.mo"
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as fh:
                write_mo(fh, catalog)
        shutil.copytree(ROOT / "resources", data / "resources", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithCatalogs})
