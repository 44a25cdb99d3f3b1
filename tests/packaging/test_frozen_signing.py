"""The built program signs: a .p12 file and a PKCS#11 token (pyHanko, python-pkcs11), the
visible stamp set in the bundled DejaVu Sans (fontTools and uharfbuzz), and `signed-in` checks it.

Slow, on an existing build (dist/cxdesk/): see tests/packaging/test_frozen.py.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.packaging import test_frozen as frozen
from tests.packaging.test_frozen import Run
from tests.pdf.certs import PASSPHRASE, TestCA

pytestmark = pytest.mark.slow

# The frozen tests' fixtures: the build, a folder for the desk, the program, its small demo.
bundle, place, desk, demo = frozen.bundle, frozen.place, frozen.desk, frozen.demo

#: The demo desk's partnership's coordinator, the one who signs.
COORDINATOR = "coordinator@ecp-digi.eu"


def _stamp_fonts(pdf: bytes) -> set[str]:
    """The fonts of the signature fields' appearances (the visible stamps)."""
    from io import BytesIO

    from pypdf import PdfReader

    from tests.pdf.pdfread import _fonts_of

    found: set[str] = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            appearance = annotation.get_object().get("/AP", {}).get("/N")
            if appearance is not None:
                for font in _fonts_of(appearance.get_object().get("/Resources")):
                    found.add(str(font.get("/BaseFont")).split("+")[-1])
    return found


def _approved(demo: Path) -> str:
    with sqlite3.connect(demo) as conn:
        (reference,) = conn.execute(
            "SELECT reference FROM exchanges WHERE status = 'approved' ORDER BY reference LIMIT 1"
        ).fetchone()
    return str(reference)


def _frozen(bundle: Path, place: Path, *args: str | Path, env: dict[str, str]) -> str:
    """The frozen program run with only `env` beside the usual: stdout; any refusal fails."""
    done = subprocess.run(
        [str(bundle / "cxdesk"), *map(str, args)],
        cwd=place,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(place / "home"),
            "LANG": "C.UTF-8",
            "CXDESK_HOME": str(place / "desk"),
            **env,
        },  # fmt: skip
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout


def test_an_agreement_signed_with_a_certificate_file(
    bundle: Path,
    place: Path,
    desk: Run,
    demo: Path,
) -> None:
    reference = _approved(demo)
    p12 = TestCA().person(place, "Clara Coordinator", COORDINATOR)
    phrase = place / "phrase.txt"
    phrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    out = place / "signed-p12.pdf"
    said = desk("agreement", reference, "-o", str(out), "--sign", str(p12),
                "--passphrase-file", str(phrase)).stdout  # fmt: skip
    assert "signed" in said.lower()
    # The stamp's DejaVu Sans (a subset pyHanko embeds through fontTools), beside the pages'.
    faces = _stamp_fonts(out.read_bytes())
    assert faces and all(face.startswith("DejaVuSans") for face in faces), faces
    checked = desk("signed-in", reference, str(out)).stdout
    assert f"Clara Coordinator <{COORDINATOR}>" in checked


def test_an_agreement_signed_with_a_token(
    bundle: Path,
    place: Path,
    desk: Run,
    demo: Path,
) -> None:
    from tests.pdf.softhsm import PIN, make_token

    reference = _approved(demo)
    p12 = TestCA().person(place, "Clara Coordinator", COORDINATOR)
    token = make_token(place / "hsm", p12)
    pin = place / "pin.txt"
    pin.write_text(PIN + "\n", encoding="utf-8")
    out = place / "signed-token.pdf"
    said = _frozen(bundle, place, "agreement", reference, "-o", out, "--sign", token.uri,
                   "--passphrase-file", pin, env=token.env())  # fmt: skip
    assert "signed" in said.lower()
    assert f"Clara Coordinator <{COORDINATOR}>" in desk("signed-in", reference, str(out)).stdout


def test_the_bundle_check_draws_a_stamp_and_loads_pkcs11(bundle: Path, place: Path) -> None:
    said = _frozen(bundle, place, env={"CXDESK_BUNDLE_CHECK": "1"})
    assert "signature stamp drawn in DejaVu Sans" in said
    assert "python-pkcs11 loaded (pkcs11._pkcs11)" in said
