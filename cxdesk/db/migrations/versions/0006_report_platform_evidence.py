"""report platform evidence: the evidence list the platform's last package gave a report

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# Until this revision the list was kept in the audit trail: the last `evidence` entry of the
# report with source `import` (the import audits no other `evidence` of a report). Those entries
# stay, the record of what each package changed; the list they end with moves to the column.
_LAST_LIST = (
    'SELECT a."new" FROM audit a WHERE a.id = (SELECT max(b.id) FROM audit b '
    "WHERE b.table_name = 'reports' AND b.field = 'evidence' AND b.source = 'import' "
    "AND b.row_uid = reports.uid)"
)


def upgrade() -> None:
    # A platform package may list evidence files the desk holds no bytes of: the list is kept
    # as it came (`;`-joined), so the desk's next package still names them.
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("platform_evidence", sa.Text(), nullable=True))
    op.execute(f"UPDATE reports SET platform_evidence = ({_LAST_LIST})")


def downgrade() -> None:
    # Back where schema 0005 looks for it: an audit entry holding each list the column kept.
    op.execute(
        'INSERT INTO audit (at, table_name, row_uid, field, old, "new", source) '
        f"SELECT CURRENT_TIMESTAMP, 'reports', uid, 'evidence', ({_LAST_LIST}), "
        "platform_evidence, 'import' FROM reports WHERE platform_evidence IS NOT NULL "
        f"AND coalesce(({_LAST_LIST}), '') <> platform_evidence"
    )
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("platform_evidence")
