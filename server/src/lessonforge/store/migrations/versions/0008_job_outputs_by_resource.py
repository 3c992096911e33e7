"""job_outputs by resource: a resource's edits and renders refresh the manifests of the outputs naming it

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job_outputs", schema=None) as batch_op:
        batch_op.create_index("ix_job_outputs_resource", ["resource_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("job_outputs", schema=None) as batch_op:
        batch_op.drop_index("ix_job_outputs_resource")
