"""versions and users: every synced row carries a version, every change its user

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SYNCED = ("organisations", "people", "exchanges", "payments")


def upgrade() -> None:
    # A version per row: an edit writes only its fields, guarded by the version it read.
    for table in SYNCED:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    # Who made each change (the desk's user: --user, CXDESK_USER, the login or the window's).
    op.add_column("audit", sa.Column("user", sa.String(120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("user")
    for table in SYNCED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
