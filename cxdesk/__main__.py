"""Run the desk with `python -m cxdesk`."""

import sys

from cxdesk.cli import main

sys.exit(main())
