"""Repository for content items, their per-language values (JSON) and the typed per-field index rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, select, update
from sqlalchemy.engine import Connection, RowMapping

from lessonforge.domain.content.keys import IndexKey
from lessonforge.domain.content.model import PUBLISHED, ContentRow, StoredValue
from lessonforge.store.content.fast_insert import FastInsert
from lessonforge.store.content_schema import content_index, content_values, contents

_INSERT_CONTENT = FastInsert(contents)
_INSERT_VALUES = FastInsert(content_values)
_INSERT_INDEX = FastInsert(content_index)


@dataclass(frozen=True)
class ValueWrite:
    """One content x field x language value to store, with its index keys."""

    id: str
    field_id: str
    language: str
    value: Any
    keys: Sequence[IndexKey]


class ItemRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, row: ContentRow, values: Sequence[ValueWrite]) -> None:
        record = {
            "id": row.id,
            "project_id": row.project_id,
            "model_id": row.model_id,
            "name": row.name,
            "status": row.status,
            "created_at": _ms(row.created_at),
            "last_update": _ms(row.last_update),
            "published_at": _ms(row.last_update) if row.status == PUBLISHED else None,
        }
        _INSERT_CONTENT.run(self.conn, [record])
        self._insert_values(row.id, values)

    def put_value(self, content_id: str, write: ValueWrite, at: datetime | None) -> None:
        """Replace one value (and its index rows); bumps the content's ``lastUpdate`` when ``at`` is given."""
        self.conn.execute(delete(content_values).where(content_values.c.id == write.id))
        self.conn.execute(
            delete(content_index).where(
                content_index.c.content_id == content_id,
                content_index.c.field_id == write.field_id,
                content_index.c.language == write.language,
            )
        )
        self._insert_values(content_id, [write])
        if at is not None:
            self.touch(content_id, at)

    def clear_value(self, content_id: str, field_id: str, language: str) -> None:
        """Remove one content x field x language value and its index rows."""
        for table in (content_values, content_index):
            self.conn.execute(
                delete(table).where(
                    table.c.content_id == content_id, table.c.field_id == field_id, table.c.language == language
                )
            )

    def touch(self, content_id: str, at: datetime, name: str | None = None) -> None:
        """Move ``lastUpdate`` (and rename the content when ``name`` is given)."""
        changes: dict[str, Any] = {"last_update": _ms(at)} | ({"name": name} if name is not None else {})
        self.conn.execute(update(contents).where(contents.c.id == content_id).values(**changes))

    def delete(self, content_id: str) -> None:
        """Delete a content with its values and index rows."""
        self.conn.execute(delete(content_index).where(content_index.c.content_id == content_id))
        self.conn.execute(delete(content_values).where(content_values.c.content_id == content_id))
        self.conn.execute(delete(contents).where(contents.c.id == content_id))

    def publish(self, content_id: str, at: datetime) -> None:
        statement = update(contents).where(contents.c.id == content_id)
        self.conn.execute(statement.values(status=PUBLISHED, published_at=_ms(at), last_update=_ms(at)))

    def _insert_values(self, content_id: str, values: Sequence[ValueWrite]) -> None:
        value_rows = [
            {"id": v.id, "content_id": content_id, "field_id": v.field_id, "language": v.language, "value": v.value}
            for v in values
        ]
        index_rows = [
            {
                "content_id": content_id,
                "field_id": v.field_id,
                "language": v.language,
                "position": i,
                "text_key": k.text,
                "text_full": k.full,
                "num_key": k.num,
            }
            for v in values
            for i, k in enumerate(v.keys)
        ]
        _INSERT_VALUES.run(self.conn, value_rows)
        _INSERT_INDEX.run(self.conn, index_rows)

    def get(self, project_id: str, content_id: str) -> ContentRow | None:
        query = select(contents).where(contents.c.id == content_id, contents.c.project_id == project_id)
        row = self.conn.execute(query).mappings().first()
        return _row(row) if row else None

    def row(self, content_id: str) -> ContentRow | None:
        """The content with ``content_id`` whatever its project."""
        found = self.conn.execute(select(contents).where(contents.c.id == content_id)).mappings().first()
        return _row(found) if found else None

    def rows(self, ids: Sequence[str]) -> dict[str, ContentRow]:
        if not ids:
            return {}
        found = self.conn.execute(select(contents).where(contents.c.id.in_(list(ids)))).mappings()
        return {r["id"]: _row(r) for r in found}

    def values(self, ids: Sequence[str], languages: Sequence[str] = ()) -> list[StoredValue]:
        if not ids:
            return []
        query = select(content_values).where(content_values.c.content_id.in_(list(ids)))
        if languages:
            query = query.where(content_values.c.language.in_(list(languages)))
        return [_value(r) for r in self.conn.execute(query).mappings()]

    def values_of_fields(self, field_ids: Sequence[str]) -> list[StoredValue]:
        query = select(content_values).where(content_values.c.field_id.in_(list(field_ids)))
        return [_value(r) for r in self.conn.execute(query).mappings()]

    def existing(self, project_id: str, ids: Iterable[str], model_ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are contents of the project whose model is one of ``model_ids``."""
        wanted = list(set(ids))
        if not wanted:
            return set()
        query = select(contents.c.id).where(
            contents.c.project_id == project_id, contents.c.id.in_(wanted), contents.c.model_id.in_(list(model_ids))
        )
        return set(self.conn.execute(query).scalars())

    def key_taken(self, field_id: str, language: str, key: IndexKey, exclude_content_id: str | None) -> bool:
        """True when another content already has ``key`` for this field and language (the ``unique`` rule)."""
        query = select(content_index.c.content_id).where(
            content_index.c.field_id == field_id, content_index.c.language == language, _key_equals(key)
        )
        if exclude_content_id is not None:
            query = query.where(content_index.c.content_id != exclude_content_id)
        return self.conn.execute(query.limit(1)).first() is not None

    def count_of_model(self, model_id: str) -> int:
        query = select(func.count()).select_from(contents).where(contents.c.model_id == model_id)
        return int(self.conn.execute(query).scalar_one())


def _ms(moment: datetime) -> datetime:
    """Timestamps are kept to the millisecond, as ``lastUpdate`` shows them (so it can be filtered on)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _key_equals(key: IndexKey) -> ColumnElement[bool]:
    if key.num is not None:
        return content_index.c.num_key == key.num
    full = content_index.c.text_full.is_(None) if key.full is None else content_index.c.text_full == key.full
    return and_(content_index.c.text_key == key.text, full)


def _row(row: RowMapping) -> ContentRow:
    return ContentRow(
        id=row["id"],
        project_id=row["project_id"],
        model_id=row["model_id"],
        name=row["name"],
        status=row["status"],
        created_at=row["created_at"],
        last_update=row["last_update"],
    )


def _value(row: RowMapping) -> StoredValue:
    return StoredValue(row["id"], row["content_id"], row["field_id"], row["language"], row["value"])
