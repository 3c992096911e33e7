"""Which database constraint refused a write: the unique rules services rely on, told apart from every other failure.

A unique rule listed here is how a service learns that a concurrent twin won (one active job per source, one
job per idempotency key, ...): the store reports it as ``UniqueViolationError`` naming the rule. Any other
integrity failure (a foreign key, a NOT NULL, an unlisted unique index) is a defect, not a conflict: it
propagates unchanged and is answered as a generic 500.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint
from sqlalchemy.exc import IntegrityError

from lessonforge.store import content_schema, webhooks_schema  # noqa: F401 (their tables join ``metadata``)
from lessonforge.store.schema import metadata

# constraint name -> the rule it enforces (what ``UniqueViolationError.rule`` says)
KNOWN_UNIQUE_RULES: dict[str, str] = {
    "uq_jobs_organization_id_active_source_hash": "active_source",
    "pk_idempotency_records": "idempotency_key",
    "pk_stored_responses": "admin_idempotency_key",
    "uq_resources_job_id_output_type": "resource_per_output",
    "uq_admins_email": "admin_email",
    "pk_memberships": "membership",
    "uq_content_projects_organization_id_generated_slot": "generated_project",
    "uq_content_models_project_id_name_key": "model_name",
    "uq_content_fields_model_id_name_key": "field_name",
}
_PG_UNIQUE_VIOLATION = "23505"
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)")


def _constraints_by_columns() -> dict[tuple[str, frozenset[str]], str]:
    """(table, columns) -> constraint name, for SQLite, whose messages name the columns, not the constraint."""
    found: dict[tuple[str, frozenset[str]], str] = {}
    for table in metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint) and isinstance(constraint.name, str):
                found[(table.name, frozenset(c.name for c in constraint.columns))] = constraint.name
    return found


_BY_COLUMNS = _constraints_by_columns()


def violated_unique_rule(exc: IntegrityError) -> str | None:
    """The known unique rule that ``exc`` broke, or None when it is any other integrity failure."""
    name = _unique_constraint_name(exc.orig)
    return KNOWN_UNIQUE_RULES.get(name) if name else None


def _unique_constraint_name(driver_error: Any) -> str | None:
    if getattr(driver_error, "sqlstate", None) == _PG_UNIQUE_VIOLATION:  # psycopg
        name = getattr(getattr(driver_error, "diag", None), "constraint_name", None)
        return str(name) if name else None
    match = _SQLITE_UNIQUE.match(str(driver_error))
    if match is None:
        return None
    qualified = [column.strip().split(".", 1) for column in match.group(1).split(",")]
    tables = {parts[0] for parts in qualified if len(parts) == 2}
    if len(tables) != 1:
        return None
    return _BY_COLUMNS.get((tables.pop(), frozenset(parts[1] for parts in qualified)))
