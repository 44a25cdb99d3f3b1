"""PyInstaller run-time hook: `CXDESK_BUNDLE_CHECK=1 cxdesk` checks the libraries' data and exits.

The bank libraries read data files at run time that only a bundle missing them would show:
schwifty its IBAN and bank registries (JSON), sepaxml the SEPA schemas (XSD) it validates a
transfer against through xmlschema (with its own XSD meta-schemas). Signing needs python-pkcs11
(a C extension, for tokens) and draws its stamp in DejaVu Sans through uharfbuzz and fontTools.
The smoke test (packaging/smoke_test.sh) and tests/packaging run this on the frozen program: an
IBAN is checked and its bank found, a wrong one refused, a SEPA credit transfer written and
validated, pkcs11 loaded and a signature stamp drawn. Without the variable the hook does nothing.
"""

import os
import sys


def _bundle_check() -> None:
    if os.environ.get("CXDESK_BUNDLE_CHECK") != "1":
        return
    import datetime

    import pypdf
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException
    from sepaxml import SepaTransfer

    iban = IBAN("DE89 3704 0044 0532 0130 00")
    bank = iban.bic  # the bank registry, by the bank code
    try:
        IBAN("DE89 3704 0044 0532 0130 01")
    except SchwiftyException:
        refused = True
    else:
        refused = False
    transfer = SepaTransfer(
        {
            "name": "ClusterXchange",
            "IBAN": iban.compact,
            "BIC": str(bank),
            "batch": True,
            "currency": "EUR",
        },  # fmt: skip
        schema="pain.001.001.03",
    )
    transfer.add_payment(
        {
            "name": "A visitor",
            "IBAN": "FR1420041010050500013M02606",
            "BIC": "PSSTFRPPLIL",
            "amount": 55000,
            "execution_date": datetime.date.today() + datetime.timedelta(days=1),
            "description": "CX bundle check",
        }  # fmt: skip
    )
    document = transfer.export(validate=True)  # sepaxml's XSD through xmlschema
    stamp, extension = _signing_check()
    ok = refused and bank is not None and b"pain.001.001.03" in document and stamp > 0
    print(
        f"bundle check: IBAN {iban.formatted} valid, bank {bank}; a wrong check digit "
        f"{'refused' if refused else 'ACCEPTED'}; SEPA pain.001.001.03 written and validated "
        f"({len(document)} bytes); pypdf {pypdf.__version__}; signature stamp drawn in "
        f"DejaVu Sans ({stamp} bytes); python-pkcs11 loaded ({extension})"
    )
    sys.exit(0 if ok else 1)


def _signing_check() -> tuple[int, str]:
    """A signature stamp drawn as signing draws it (shaped by uharfbuzz, the font subset by
    fontTools), and python-pkcs11's C extension loaded: the PDF's size and the extension's name
    (python-pkcs11's metadata is not bundled, so no version)."""
    import datetime
    from io import BytesIO

    import pkcs11._pkcs11  # the C extension a token needs
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.writer import PdfFileWriter
    from pyhanko.sign.pkcs11 import PKCS11Signer  # noqa: F401
    from pyhanko.stamp import TextStamp

    from cxdesk.pdf.stamp import stamp_style

    moment = datetime.datetime.now(datetime.UTC)
    writer = PdfFileWriter()
    style = stamp_style("Ђорђе Čapek-Øster", "sr", moment)  # Cyrillic and Latin letters
    TextStamp(writer, style, box=layout.BoxConstraints(width=200, height=40)).register()
    out = BytesIO()
    writer.write(out)
    return len(out.getvalue()), pkcs11._pkcs11.__name__


_bundle_check()
