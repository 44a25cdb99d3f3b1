"""Write a sync package: RFC 4180 CSV files and a datapackage.json with their hashes, atomically."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from cxdesk.core.clock import now_utc
from cxdesk.core.outputs import atomic_output
from cxdesk.sync.cells import format_cell, format_timestamp
from cxdesk.sync.columns import RESOURCES, ResourceSpec, table_schema
from cxdesk.sync.manifest import FORMAT, MANIFEST, Manifest, ManifestError, parse_manifest

PACKAGE_NAME = "clusterxchange-sync"
MANIFEST_FIELDS = ("origin", "partnership", "kind", "sequence", "base_sequence", "created")


@dataclass(frozen=True)
class WrittenPackage:
    path: Path
    manifest: Manifest
    #: Rows written per resource.
    rows: dict[str, int]
    #: Folders made for the file, the outermost first.
    made: list[Path] = field(default_factory=list)


class _Digest:
    """Bytes written to a member, counted and hashed on the way."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write(self, data: bytes) -> None:
        self.sha256.update(data)
        self.bytes += len(data)
        self.out.write(data)


def _cx(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(MANIFEST_FIELDS)
    if unknown:
        raise ValueError(f"unknown manifest fields: {sorted(unknown)}")
    created = fields.get("created") or now_utc()
    cx: dict[str, Any] = {
        "format": FORMAT,
        "origin": fields.get("origin"),
        "partnership": fields.get("partnership"),
        "kind": fields.get("kind"),
        "sequence": fields.get("sequence"),
        "created": format_timestamp(created) if isinstance(created, datetime) else created,
    }
    if fields.get("base_sequence") is not None:
        cx["base_sequence"] = fields["base_sequence"]
    return cx


def _descriptor(cx: dict[str, Any], resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "cx": cx,
        "resources": resources,
    }


def _encode(descriptor: dict[str, Any]) -> bytes:
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _check(descriptor: dict[str, Any]) -> Manifest:
    """The manifest a reader will see; a ValueError when the fields given are not valid."""
    try:
        return parse_manifest(_encode(descriptor), MANIFEST)[0]
    except ManifestError as exc:
        raise ValueError(str(exc)) from exc


def _write_csv(out: _Digest, spec: ResourceSpec, rows: Iterable[Mapping[str, Any]]) -> int:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    names = spec.column_names
    known = set(names)

    def flush() -> None:
        out.write(text.getvalue().encode("utf-8"))
        text.seek(0)
        text.truncate()

    writer.writerow(names)
    count = 0
    for row in rows:
        unknown = set(row) - known
        if unknown:
            raise ValueError(f"{spec.name}: unknown columns {sorted(unknown)}")
        cells = [format_cell(column, row.get(column.name)) for column in spec.columns]
        if any("\x00" in cell for cell in cells):
            raise ValueError(f"{spec.name}: a NUL character cannot be written to CSV")
        writer.writerow(cells)
        count += 1
        if text.tell() > 64 * 1024:
            flush()
    flush()
    return count


def write_package(
    out_path: Path | str,
    manifest_fields: Mapping[str, Any],
    resources: Mapping[str, Iterable[Mapping[str, Any]]],
) -> WrittenPackage:
    """Write a package ZIP at `out_path` (replaced only once complete; missing folders made).

    `manifest_fields`: origin, partnership, kind, sequence, base_sequence (for a delta) and
    created (a datetime; now when left out). `resources`: rows per resource name, each a mapping
    of column name to value (str, int, Decimal, float, bool, date, datetime, enum, list, None);
    columns left out are written empty. Only the resources given are written, in reading order.
    """
    unknown = set(resources) - set(RESOURCES)
    if unknown:
        raise ValueError(f"unknown resources: {sorted(unknown)}")
    cx = _cx(manifest_fields)
    _check(_descriptor(cx, []))
    described: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    target = Path(out_path)
    with (
        atomic_output(target, "package.zip") as out,
        zipfile.ZipFile(out.path, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, spec in RESOURCES.items():
            if name not in resources:
                continue
            with archive.open(spec.path, "w") as member:
                digest = _Digest(member)
                counts[name] = _write_csv(digest, spec, resources[name])
            described.append(
                {
                    "name": name,
                    "path": spec.path,
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "hash": f"sha256:{digest.sha256.hexdigest()}",
                    "bytes": digest.bytes,
                    "schema": table_schema(name),
                }
            )
        descriptor = _descriptor(cx, described)
        manifest = _check(descriptor)
        archive.writestr(MANIFEST, _encode(descriptor))
    return WrittenPackage(target, manifest, counts, out.made)
