"""resource_versions: every version's title and body (version history), one row per existing resource backfilled

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "resource_versions",
        sa.Column("resource_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_resource_versions_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resource_id", "version", name=op.f("pk_resource_versions")),
    )
    # The current version of every resource is its first known one (earlier versions were never kept).
    op.execute(
        "INSERT INTO resource_versions (resource_id, version, title, body, created_at) "
        "SELECT id, version, title, body, updated_at FROM resources"
    )


def downgrade() -> None:
    op.drop_table("resource_versions")
