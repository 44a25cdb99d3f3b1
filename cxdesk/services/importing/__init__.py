"""Importing a platform package: the public face (the run, its progress, cancel and checks)."""

from cxdesk.services.importing.run import (
    ImportCancelled,
    Progress,
    check_desk,
    import_package,
    missing_numbers,
)

__all__ = ["ImportCancelled", "Progress", "check_desk", "import_package", "missing_numbers"]
