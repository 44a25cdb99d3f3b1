"""The package's datapackage.json: parsed into a typed Manifest, its hashes checked."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, NoReturn

from cxdesk.core.errors import Problem, UserError
from cxdesk.core.i18n import _
from cxdesk.sync.archive import SafeArchive
from cxdesk.sync.columns import RESOURCES

MANIFEST = "datapackage.json"
FORMAT = 1
PLATFORM = "platform"

PackageKind = Literal["full", "delta"]

_HASH = re.compile(r"^sha256:([0-9a-fA-F]{64})$")
_DESK_ORIGIN = re.compile(r"^desk:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z$")


@dataclass(frozen=True)
class Resource:
    """One CSV file the manifest describes."""

    name: str
    path: str
    sha256: str  # lowercase hex digest
    bytes: int
    schema: Mapping[str, Any] | None = None

    @property
    def hash(self) -> str:
        return f"sha256:{self.sha256}"


@dataclass(frozen=True)
class Manifest:
    """What a package says about itself (`cx`) and the files it holds."""

    format: int
    origin: str
    partnership: str
    kind: PackageKind
    sequence: int
    base_sequence: int | None
    created: datetime
    resources: tuple[Resource, ...]
    #: Files of resources this desk does not know: described, so not warned about twice.
    ignored_paths: tuple[str, ...] = ()

    @property
    def from_platform(self) -> bool:
        return self.origin == PLATFORM

    @property
    def desk_uid(self) -> str | None:
        """The uuid of the desk that wrote the package, None for a platform package."""
        return self.origin.removeprefix("desk:") if self.origin.startswith("desk:") else None

    def resource(self, name: str) -> Resource | None:
        return next((res for res in self.resources if res.name == name), None)


class ManifestError(UserError):
    """datapackage.json is missing, unreadable or says something the desk refuses."""


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Fields:
    """Typed access to a JSON object, refusing the package on the first wrong key."""

    def __init__(self, package: str, where: str, data: object) -> None:
        self.package = package
        self.where = where
        if not isinstance(data, dict):
            self.fail(_("{where} must be an object").format(where=where or MANIFEST))
        self.data: dict[str, Any] = data

    def fail(self, reason: str) -> NoReturn:
        raise ManifestError(
            _("{package} is refused: {file}: {reason}").format(
                package=self.package, file=MANIFEST, reason=reason
            )
        )

    def key(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str) -> Any:
        if key not in self.data or self.data[key] is None:
            self.fail(_("{key} is missing").format(key=self.key(key)))
        return self.data[key]

    def text(self, key: str) -> str:
        value = self.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(_("{key} must be a text").format(key=self.key(key)))
        return str(value)

    def whole(self, key: str, minimum: int) -> int:
        value = self.get(key)
        if not _is_int(value) or value < minimum:
            self.fail(
                _("{key} must be a whole number ≥ {minimum}").format(
                    key=self.key(key), minimum=minimum
                )
            )
        return int(value)


def parse_manifest(raw: bytes, package: str) -> tuple[Manifest, list[Problem]]:
    """The manifest in `raw` and its warnings; ManifestError when the package must be refused.

    Hashes are not checked here (see `load_manifest`): this is the pure part.
    """
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        raise ManifestError(
            _("{package} is refused: {file} is not valid JSON ({reason})").format(
                package=package, file=MANIFEST, reason=exc
            )
        ) from exc
    top = _Fields(package, "", data)
    cx = _Fields(package, "cx", top.get("cx"))
    fmt = cx.get("format")
    if fmt != FORMAT or not _is_int(fmt):
        raise ManifestError(
            _(
                "{package} is refused: format {format} is not supported (this desk reads format 1)"
            ).format(package=package, format=json.dumps(fmt)[:20])
        )
    origin = cx.text("origin")
    if origin != PLATFORM and not _DESK_ORIGIN.match(origin):
        cx.fail(
            _("cx.origin '{origin}' is neither 'platform' nor 'desk:<uuid>'").format(
                origin=origin[:60]
            )
        )
    kind = cx.text("kind")
    if kind not in ("full", "delta"):
        cx.fail(_("cx.kind '{kind}' is neither 'full' nor 'delta'").format(kind=kind[:60]))
    sequence = cx.whole("sequence", 1)
    base_sequence: int | None = None
    if kind == "delta" or cx.data.get("base_sequence") is not None:
        base_sequence = cx.whole("base_sequence", 0)
        if base_sequence >= sequence:
            cx.fail(
                _("cx.base_sequence {base} is not before cx.sequence {sequence}").format(
                    base=base_sequence, sequence=sequence
                )
            )
    created_text = cx.text("created")
    created = _timestamp(created_text)
    if created is None:
        cx.fail(
            _("cx.created '{value}' is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)").format(
                value=created_text[:40]
            )
        )
    resources_data = top.get("resources")
    if not isinstance(resources_data, list):
        top.fail(_("resources must be a list"))
    resources, ignored, warnings = _resources(package, resources_data)
    manifest = Manifest(
        format=FORMAT,
        origin=origin,
        partnership=cx.text("partnership").strip(),
        kind="full" if kind == "full" else "delta",
        sequence=sequence,
        base_sequence=base_sequence,
        created=created,
        resources=resources,
        ignored_paths=ignored,
    )
    return manifest, warnings


def _timestamp(text: str) -> datetime | None:
    if not _TIMESTAMP.match(text):
        return None
    try:
        return datetime.fromisoformat(text).astimezone(UTC)
    except ValueError:
        return None


def _resources(
    package: str, items: list[Any]
) -> tuple[tuple[Resource, ...], tuple[str, ...], list[Problem]]:
    resources: list[Resource] = []
    ignored: list[str] = []
    warnings: list[Problem] = []
    names: set[str] = set()
    paths: set[str] = set()
    for index, item in enumerate(items):
        res = _Fields(package, f"resources[{index}]", item)
        name = res.text("name")
        path = res.text("path")
        if name in names:
            res.fail(_("resource '{name}' is described twice").format(name=name[:60]))
        if path in paths:
            res.fail(_("'{path}' is described twice").format(path=path[:60]))
        names.add(name)
        paths.add(path)
        if name not in RESOURCES:
            warnings.append(
                Problem(
                    MANIFEST,
                    0,
                    "",
                    _("the resource '{name}' is not known to this desk and is ignored").format(
                        name=name[:60]
                    ),
                )
            )
            ignored.append(path)
            continue
        match = _HASH.match(str(res.get("hash")))
        if not match:
            res.fail(_("{key} must be 'sha256:' and 64 hex digits").format(key=res.key("hash")))
        encoding = res.data.get("encoding", "utf-8")
        if not isinstance(encoding, str) or encoding.lower().replace("-", "") != "utf8":
            res.fail(_("{key} must be utf-8").format(key=res.key("encoding")))
        schema = res.data.get("schema")
        resources.append(
            Resource(
                name=name,
                path=path,
                sha256=match.group(1).lower() if match else "",
                bytes=res.whole("bytes", 0),
                schema=schema if isinstance(schema, dict) else None,
            )
        )
    return tuple(resources), tuple(ignored), warnings


def load_manifest(archive: SafeArchive) -> tuple[Manifest, list[Problem]]:
    """Parse the archive's manifest and check every resource's bytes and hash against its file.

    Raises ManifestError (a UserError) naming the file when anything does not match.
    """
    if MANIFEST not in archive:
        raise ManifestError(
            _("{package} is not a sync package: it has no {file}").format(
                package=archive.name, file=MANIFEST
            )
        )
    manifest, warnings = parse_manifest(
        archive.read(MANIFEST, archive.limits.max_manifest_bytes), archive.name
    )
    for res in manifest.resources:
        if res.path not in archive:
            raise ManifestError(
                _(
                    "{package} is refused: {file} names '{path}', which is not in the package"
                ).format(package=archive.name, file=MANIFEST, path=res.path[:100])
            )
        verify_resource(archive, res)
    described = {MANIFEST, *manifest.ignored_paths, *(res.path for res in manifest.resources)}
    for item in archive.names:
        if item not in described:
            warnings.append(
                Problem(
                    item,
                    0,
                    "",
                    _("the file is not described in {file} and is ignored").format(file=MANIFEST),
                )
            )
    return manifest, warnings


def verify_resource(archive: SafeArchive, res: Resource) -> None:
    """Stream a resource's file; refuse the package when its size or hash is not as declared."""
    size = archive.size_of(res.path)
    if size != res.bytes:
        raise ManifestError(
            _("{package} is refused: {path} has {size} bytes, {file} says {bytes}").format(
                package=archive.name, path=res.path, size=size, file=MANIFEST, bytes=res.bytes
            )
        )
    digest = hashlib.sha256()
    for chunk in archive.chunks(res.path):
        digest.update(chunk)
    if digest.hexdigest() != res.sha256:
        raise ManifestError(
            _(
                "{package} is refused: the hash of {path} does not match {file}; "
                "the file was changed or damaged"
            ).format(package=archive.name, path=res.path, file=MANIFEST)
        )
