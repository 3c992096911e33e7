"""resources.content_id: the Content API content a resource was published as (its copy follows the resource)

No foreign key: a copy deleted through the Content API (its model deleted) leaves the id pointing nowhere,
which means "no copy any more" (docs/content-api.md). Existing resources are linked to the content that
publishing created for them: same organization, the model of the resource's type, `resourceId` equal to the
resource's id; the earliest such content when several match.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BACKFILL = """
UPDATE resources SET content_id = (
    SELECT c.id FROM contents c
    JOIN content_models m ON m.id = c.model_id
    JOIN content_projects p ON p.id = c.project_id
    JOIN content_fields f ON f.model_id = m.id AND f.name_key = 'resourceid'
    JOIN content_index i ON i.content_id = c.id AND i.field_id = f.id AND i.position = 0
    WHERE p.organization_id = resources.organization_id
      AND m.name_key = resources.resource_type
      AND i.text_key = resources.id
    ORDER BY c.created_at, c.id
    LIMIT 1
)
"""


def upgrade() -> None:
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content_id", sa.String(length=36), nullable=True))
    op.execute(_BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.drop_column("content_id")
