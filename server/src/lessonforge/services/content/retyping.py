"""Carrying stored values through a field's change of type, list-ness or related model, in the model's transaction.

Values are converted where nothing is lost (``domain.content.retype``); the others are cleared, and the contents
that lost a value are logged and returned so ``PUT /model/entity/{id}`` can name them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import Any

from lessonforge.domain.content.keys import index_keys
from lessonforge.domain.content.model import ContentModel, FieldDef, Schema, StoredValue
from lessonforge.domain.content.retype import LostValueError, changed, convert
from lessonforge.store.content.items import ValueWrite
from lessonforge.store.uow import Tx

log = logging.getLogger("lessonforge.content")
LISTED = 1000  # content ids named per field in the answer (the count is always complete)


@dataclass
class Cleared:
    """Contents whose value of the field ``field_name`` could not be converted and was cleared."""

    field_name: str
    count: int = 0
    content_ids: list[str] = dataclass_field(default_factory=list)

    def view(self) -> dict[str, Any]:
        return {"field": self.field_name, "count": self.count, "contentIds": self.content_ids}


def carry_values(tx: Tx, schema: Schema, before: ContentModel, after: ContentModel, at: datetime) -> list[Cleared]:
    """Convert or clear the stored values of every field of ``after`` whose type changed from ``before``."""
    reports = []
    for new in after.fields:
        old = next((f for f in before.fields if f.id == new.id), None)
        if old is not None and changed(old, new):
            report = _carry_field(tx, schema, old, new, at)
            if report.count:
                log.warning(
                    "field retyped; values cleared",
                    extra={
                        "model": after.name,
                        "field": new.name,
                        "cleared": report.count,
                        "contentIds": report.content_ids,
                    },
                )
                reports.append(report)
    return reports


def _carry_field(tx: Tx, schema: Schema, old: FieldDef, new: FieldDef, at: datetime) -> Cleared:
    related = schema.model(new.related_model_id) if new.related_model_id else None
    enum_values = [v.value for v in related.values] if related is not None else []
    report = Cleared(new.name)
    for stored in tx.content.items.values_of_fields([new.id]):
        try:
            value = convert(old, new, stored.value, enum_values)
            _check_relations(tx, schema, new, value)
        except LostValueError:
            tx.content.items.clear_value(stored.content_id, new.id, stored.language)
            tx.content.items.touch(stored.content_id, at)
            _count(report, stored)
            continue
        if value != stored.value or old.type != new.type:  # index keys follow the type (text vs number)
            write = ValueWrite(stored.id, new.id, stored.language, value, index_keys(new, value))
            tx.content.items.put_value(stored.content_id, write, at)
    return report


def _check_relations(tx: Tx, schema: Schema, new: FieldDef, value: Any) -> None:
    if new.type != "relation" or not new.related_model_id or value in (None, []):
        return
    ids = value if isinstance(value, list) else [value]
    found = tx.content.items.existing(schema.project.id, ids, [new.related_model_id])
    if not set(ids) <= found:
        raise LostValueError


def _count(report: Cleared, stored: StoredValue) -> None:
    if stored.content_id in report.content_ids:
        return
    report.count += 1
    if len(report.content_ids) < LISTED:
        report.content_ids.append(stored.content_id)
