"""what a package says about itself, and its hashes, are checked first."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cxdesk.core.errors import UserError
from cxdesk.sync import read_package, validate_package
from cxdesk.sync.manifest import ManifestError, parse_manifest

from . import factory as f


def refusal(tmp_path: Path, edit: Callable[[dict[str, Any]], None] | None = None, **cx: Any) -> str:
    path = f.make_package(tmp_path, edit=edit, **cx)
    with pytest.raises(UserError) as caught:
        read_package(path)
    return str(caught.value)


def test_the_manifest_is_typed(tmp_path: Path) -> None:
    with read_package(f.make_package(tmp_path)) as package:
        manifest = package.manifest
    assert (manifest.format, manifest.origin, manifest.partnership) == (1, "platform", "ECP-DIGI")
    assert (manifest.kind, manifest.sequence, manifest.base_sequence) == ("delta", 42, 41)
    assert manifest.created == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    assert manifest.from_platform and manifest.desk_uid is None
    exchanges = manifest.resource("exchanges")
    assert exchanges is not None and exchanges.path == "exchanges.csv"
    assert exchanges.hash == "sha256:" + exchanges.sha256 and exchanges.bytes > 0
    assert manifest.resource("nothing") is None


def test_a_desk_package_says_which_desk(tmp_path: Path) -> None:
    desk = "9f0e1d2c-3b4a-4596-8877-665544332211"
    with read_package(
        f.make_package(tmp_path, origin=f"desk:{desk}", kind="full", base_sequence=None)
    ) as package:
        assert not package.manifest.from_platform and package.manifest.desk_uid == desk
        assert package.manifest.kind == "full" and package.manifest.base_sequence is None


@pytest.mark.parametrize(("value", "shown"), [(2, "2"), ("1", '"1"'), (True, "true")])
def test_another_format_is_refused(tmp_path: Path, value: object, shown: str) -> None:
    assert refusal(tmp_path, format=value) == (
        f"package.zip is refused: format {shown} is not supported (this desk reads format 1)"
    )


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda d: d.pop("cx"), "cx is missing"),
        (lambda d: d["cx"].pop("partnership"), "cx.partnership is missing"),
        (lambda d: d["cx"].pop("base_sequence"), "cx.base_sequence is missing"),
        (lambda d: d["cx"].update(sequence=0), "cx.sequence must be a whole number ≥ 1"),
        (lambda d: d["cx"].update(sequence="42"), "cx.sequence must be a whole number ≥ 1"),
        (
            lambda d: d["cx"].update(base_sequence=42),
            "cx.base_sequence 42 is not before cx.sequence 42",
        ),
        (
            lambda d: d["cx"].update(kind="partial"),
            "cx.kind 'partial' is neither 'full' nor 'delta'",
        ),
        (
            lambda d: d["cx"].update(origin="desk"),
            "cx.origin 'desk' is neither 'platform' nor 'desk:<uuid>'",
        ),
        (
            lambda d: d["cx"].update(created="2 March 2026"),
            "cx.created '2 March 2026' is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)",
        ),
        (lambda d: d.update(resources={}), "resources must be a list"),
        (lambda d: d["resources"][1].pop("hash"), "resources[1].hash is missing"),
        (
            lambda d: d["resources"][1].update(hash="md5:0123"),
            "resources[1].hash must be 'sha256:' and 64 hex digits",
        ),
        (
            lambda d: d["resources"][1].update(bytes=-1),
            "resources[1].bytes must be a whole number ≥ 0",
        ),
        (
            lambda d: d["resources"][1].update(encoding="latin-1"),
            "resources[1].encoding must be utf-8",
        ),
        (
            lambda d: d["resources"].append(d["resources"][0]),
            "resource 'organisations' is described twice",
        ),
    ],
)
def test_missing_or_wrong_keys_are_refused(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], reason: str
) -> None:
    assert refusal(tmp_path, edit) == f"package.zip is refused: datapackage.json: {reason}"


def test_a_resource_whose_file_is_not_in_the_package(tmp_path: Path) -> None:
    def edit(descriptor: dict[str, Any]) -> None:
        descriptor["resources"][0]["path"] = "orgs.csv"

    assert refusal(tmp_path, edit) == (
        "package.zip is refused: datapackage.json names 'orgs.csv', which is not in the package"
    )


def test_no_manifest(tmp_path: Path) -> None:
    path = f.zip_members(tmp_path / "loose.zip", f.files().items())
    with pytest.raises(
        UserError, match="^loose.zip is not a sync package: it has no datapackage.json$"
    ):
        read_package(path)


def test_a_manifest_that_is_not_json() -> None:
    with pytest.raises(ManifestError) as caught:
        parse_manifest(b"{'cx': 1}", "p.zip")
    assert str(caught.value).startswith("p.zip is refused: datapackage.json is not valid JSON (")


def test_a_deeply_nested_manifest_is_refused() -> None:
    with pytest.raises(ManifestError):
        parse_manifest(b"[" * 100_000 + b"]" * 100_000, "p.zip")


def test_a_tampered_file_refuses_the_whole_package(tmp_path: Path) -> None:
    csv_files = f.files()
    descriptor = f.manifest(csv_files)
    csv_files["exchanges.csv"] = csv_files["exchanges.csv"].replace(b"950.00", b"990.00")
    path = f.zip_members(
        tmp_path / "package.zip",
        [("datapackage.json", json.dumps(descriptor).encode()), *csv_files.items()],
    )
    with pytest.raises(UserError) as caught:
        read_package(path)
    assert str(caught.value) == (
        "package.zip is refused: the hash of exchanges.csv does not match datapackage.json; "
        "the file was changed or damaged"
    )


def test_a_wrong_size_refuses_the_whole_package(tmp_path: Path) -> None:
    def edit(descriptor: dict[str, Any]) -> None:
        descriptor["resources"][3]["bytes"] += 1

    size = len(f.files()["payments.csv"])
    assert refusal(tmp_path, edit) == (
        f"package.zip is refused: payments.csv has {size} bytes, datapackage.json says {size + 1}"
    )


def test_unknown_resources_and_files_are_warnings(tmp_path: Path) -> None:
    extra = b"uid,label\r\n1,x\r\n"

    def edit(descriptor: dict[str, Any]) -> None:
        descriptor["resources"].append(
            {
                "name": "tags",
                "path": "tags.csv",
                "hash": "sha256:" + hashlib.sha256(extra).hexdigest(),
                "bytes": len(extra),
            }
        )

    path = f.make_package(tmp_path, edit=edit, extra=[("tags.csv", extra), ("README.txt", b"hi")])
    manifest, problems, warnings = validate_package(path)
    assert not problems and manifest.resource("tags") is None
    assert [str(w) for w in warnings] == [
        "datapackage.json: the resource 'tags' is not known to this desk and is ignored",
        "README.txt: the file is not described in datapackage.json and is ignored",
    ]


def test_an_absent_resource_has_no_rows(tmp_path: Path) -> None:
    data = f.tables()
    del data["payments"], data["rates"]
    with read_package(f.make_package(tmp_path, data)) as package:
        assert package.resources == ("organisations", "people", "exchanges")
        assert list(package.rows("payments")) == []
