"""members sort indexes: the Members tab's City and Partnership columns sorted from an index

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 12:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: The Members tab sorts by name, kind, country, city and partnership, each then by id. Name,
#: kind and country had an index already; without one, a click on City or Partnership sorted
#: all 300,000 organisations for the first screen. `id` is in the key so that PostgreSQL walks
#: the index in the exact order asked (on SQLite the rowid is in every index anyway).
INDEXES = {
    "ix_organisations_city": ["city", "id"],
    "ix_organisations_partnership": ["partnership", "id"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "organisations", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, "organisations")
