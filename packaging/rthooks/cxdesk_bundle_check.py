"""PyInstaller run-time hook: `CXDESK_BUNDLE_CHECK=1 cxdesk` checks the libraries' data and exits.

The bank libraries read data files at run time that only a bundle missing them would show:
schwifty its IBAN and bank registries (JSON), sepaxml the SEPA schemas (XSD) it validates a
transfer against through xmlschema (with its own XSD meta-schemas). The smoke test
(packaging/smoke_test.sh) and tests/packaging run this on the frozen program: an IBAN is checked
and its bank found, a wrong one refused, and a SEPA credit transfer written and validated.
Without the variable the hook does nothing.
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
    ok = refused and bank is not None and b"pain.001.001.03" in document
    print(
        f"bundle check: IBAN {iban.formatted} valid, bank {bank}; a wrong check digit "
        f"{'refused' if refused else 'ACCEPTED'}; SEPA pain.001.001.03 written and validated "
        f"({len(document)} bytes); pypdf {pypdf.__version__}"
    )
    sys.exit(0 if ok else 1)


_bundle_check()
