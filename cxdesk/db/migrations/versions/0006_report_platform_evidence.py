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


def upgrade() -> None:
    # A platform package may list evidence files the desk holds no bytes of: the list is kept
    # as it came (`;`-joined), so the desk's next package still names them. Empty for every
    # report until a platform package lists evidence for it.
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("platform_evidence", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("platform_evidence")
