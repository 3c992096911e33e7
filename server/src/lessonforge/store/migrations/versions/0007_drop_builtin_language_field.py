"""content: drop the built-in ``language`` field of generated-resource models (the name is reserved)

The publisher used to add a ``language`` field to the built-in ``module``/``video``/``test`` models, a name
the Content API reserves for a content's own language: such a model could not be saved back with PUT, and
the published JavaScript client's mapping clashed with it. Values are already stored under the resource's
language, so the field carried nothing new. No admin can create a field of that name, so every such field
is the publisher's; its values and index rows go with it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_RESERVED = "(SELECT id FROM content_fields WHERE name_key = 'language')"


def upgrade() -> None:
    op.execute(f"DELETE FROM content_index WHERE field_id IN {_RESERVED}")
    op.execute(f"DELETE FROM content_values WHERE field_id IN {_RESERVED}")
    op.execute("DELETE FROM content_fields WHERE name_key = 'language'")


def downgrade() -> None:
    """Nothing to restore: the next job completion under 0006 code would add the field back by itself."""
