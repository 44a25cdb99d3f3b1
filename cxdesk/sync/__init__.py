"""Reading and writing sync packages: archive safety, manifest, CSV codec, merge plan."""

from cxdesk.sync.archive import ArchiveLimits, SafeArchive, open_archive
from cxdesk.sync.collected import Reference
from cxdesk.sync.columns import RESOURCES, Column, ColumnType, ResourceSpec, table_schema
from cxdesk.sync.errors_file import ErrorsFile, write_errors_file
from cxdesk.sync.manifest import Manifest, ManifestError, Resource
from cxdesk.sync.merge import FieldConflict, MergeResult, merge_row
from cxdesk.sync.problems import MAX_PROBLEMS, ProblemList
from cxdesk.sync.reader import PackageReader, read_package, validate_package
from cxdesk.sync.spreadsheet import neutralise, write_csv, write_xlsx
from cxdesk.sync.table import ParsedRecord, Row
from cxdesk.sync.writer import WrittenPackage, write_package

__all__ = [
    "MAX_PROBLEMS",
    "RESOURCES",
    "ArchiveLimits",
    "Column",
    "ColumnType",
    "ErrorsFile",
    "FieldConflict",
    "Manifest",
    "ManifestError",
    "MergeResult",
    "PackageReader",
    "ParsedRecord",
    "ProblemList",
    "Reference",
    "Resource",
    "ResourceSpec",
    "Row",
    "SafeArchive",
    "WrittenPackage",
    "merge_row",
    "neutralise",
    "open_archive",
    "read_package",
    "table_schema",
    "validate_package",
    "write_csv",
    "write_errors_file",
    "write_package",
    "write_xlsx",
]
