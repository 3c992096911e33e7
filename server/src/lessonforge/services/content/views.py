"""Loading contents for output, with related content expanded level by level (batched), cycles stopped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lessonforge.domain.content.model import ContentRow, FieldDef, Schema, StoredValue
from lessonforge.domain.content.render import content_view
from lessonforge.store.uow import Tx

MAX_EXPANDED = 2000  # expanded objects per response; beyond it relations stay ids


class ContentLoader:
    """Reads contents of one project visible under ``statuses``, caching what it loaded."""

    def __init__(
        self,
        tx: Tx,
        schema: Schema,
        statuses: tuple[str, ...],
        languages: Sequence[str],
        budget: int = MAX_EXPANDED,
    ) -> None:
        self.tx, self.schema, self.statuses = tx, schema, statuses
        self.languages = list(languages) or list(schema.project.languages)
        self.rows: dict[str, ContentRow] = {}
        self.values: dict[str, dict[tuple[str, str], StoredValue]] = {}
        self.budget = budget  # expansions left for the whole answer (a streamed answer passes it on per batch)

    def render(self, ids: Sequence[str], depth: int) -> list[dict[str, Any]]:
        """The contents ``ids`` (in that order, invisible ones skipped), relations expanded ``depth`` levels."""
        self._prefetch(ids, depth)
        return [self._view(i, depth, frozenset({i})) for i in ids if i in self.rows]

    def _prefetch(self, ids: Sequence[str], depth: int) -> None:
        frontier = list(dict.fromkeys(ids))
        for level in range(depth + 1):
            self._load([i for i in frontier if i not in self.rows])
            if level == depth:
                return
            frontier = list(dict.fromkeys(r for i in frontier if i in self.rows for r in self._related(i)))
            if not frontier:
                return

    def _load(self, ids: list[str]) -> None:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.tx.content.items.rows(chunk)
            visible = [r for r in rows.values() if r.project_id == self.schema.project.id and r.status in self.statuses]
            self.rows.update({r.id: r for r in visible})
            for value in self.tx.content.items.values([r.id for r in visible], self.languages):
                self.values.setdefault(value.content_id, {})[(value.field_id, value.language)] = value

    def _related(self, content_id: str) -> list[str]:
        model = self.schema.model(self.rows[content_id].model_id)
        relation_fields = {f.id for f in model.fields if f.type == "relation"} if model else set()
        found: list[str] = []
        for (field_id, _language), stored in self.values.get(content_id, {}).items():
            if field_id in relation_fields and stored.value:
                found += stored.value if isinstance(stored.value, list) else [stored.value]
        return found

    def _view(self, content_id: str, depth: int, path: frozenset[str]) -> dict[str, Any]:
        def expand(_field: FieldDef, value: Any) -> Any:
            if isinstance(value, list):
                return [self._expanded(v, depth, path) for v in value]
            return self._expanded(value, depth, path)

        values = self.values.get(content_id, {})
        return content_view(self.schema, self.rows[content_id], values, self.languages, expand if depth else None)

    def _expanded(self, related_id: str, depth: int, path: frozenset[str]) -> Any:
        if related_id in path or related_id not in self.rows or self.budget <= 0:
            return related_id
        self.budget -= 1
        return self._view(related_id, depth - 1, path | {related_id})
