"""The scheme's rules on a platform package's exchanges: warnings to look at, never a refusal.

The platform is authoritative on what it granted (an exception, a rule since changed): an
exchange it sends is stored as sent, and what the desk's rules say about it is reported. The
verdicts are `rule_report`'s, the ones `cxdesk check` prints: the exchanges the package inserted
or changed, and the others of the same visiting organisations (and so of the same visitors),
whose verdict on visiting once or overlapping the package can change.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from cxdesk.core.errors import Problem
from cxdesk.core.text import printable
from cxdesk.db.rule_facts import RuleFact
from cxdesk.db.store import Store
from cxdesk.services.exchanges import rates_in_force
from cxdesk.services.importing.report import Notes
from cxdesk.services.rule_report import RuleEvaluation

#: Where a warning about an exchange that is not in the package sorts: after the file's lines.
NOT_IN_PACKAGE = 1 << 62


class Facts(Protocol):
    """The part of an import's session the rules read from (`SyncSession`)."""

    store: Store

    def exchange_facts(self, uids: list[str]) -> list[RuleFact]: ...


class RuleCheck:
    """Checks the exchanges an import inserts or changes, once every row is in the database."""

    def __init__(self, today: date, file: str = "exchanges.csv") -> None:
        self.today = today
        self.file = file
        #: uid → line in the package, of each exchange inserted or changed so far.
        self.lines: dict[str, int] = {}

    def touch(self, lines: dict[str, int]) -> None:
        """Exchanges a batch inserted or changed (uid → line): checked at the end, with all."""
        self.lines.update(lines)

    def report(self, sync: Facts, notes: Notes, order: int) -> None:
        """Add the warnings to `notes`: `file:line: REF: reason` for an exchange of the package,
        `REF: reason` for another one whose verdict it changes."""
        if not self.lines:
            return
        facts = sync.exchange_facts(list(self.lines))
        evaluation = RuleEvaluation(rates_in_force(sync.store), self.today)
        for finding in evaluation.findings(facts):
            line = self.lines.get(finding.uid)
            if line is not None:
                notes.add_problem(Problem(self.file, line, "", finding.text), order)
            else:
                notes.add(printable(finding.text), (order, NOT_IN_PACKAGE))
