"""Hot-path statements: compiled once per dialect, run on the DBAPI cursor of the current connection.

SQLAlchemy's per-execution work (cache-key lookup, result objects) costs several times the SQLite query
itself on the per-request path (key admission, job polling). These statements keep SQLAlchemy's SQL and
type processing (bind/result processors of each column type) but skip that per-call machinery. They run
inside the caller's transaction: a SQLAlchemy ``Connection``'s, or a ``DriverConnection``'s (a pooled DBAPI
connection the store opened a transaction on itself, see ``Store.hot_write``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.expression import Executable

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class DriverConnection:
    """A DBAPI connection in a transaction, with the dialect that compiles statements for it."""

    dialect: Dialect
    dbapi: Any

    @classmethod
    def of(cls, conn: Connection) -> DriverConnection:
        """The driver connection under a SQLAlchemy ``Connection`` (same transaction)."""
        return cls(conn.dialect, conn.connection.dbapi_connection)


Runner = Connection | DriverConnection


@dataclass
class _Plan:
    sql: str
    positional: Sequence[str] | None
    binds: Mapping[str, Processor]
    # (column index, processor) of the columns that need one; built from the first cursor description
    results: Sequence[tuple[int, Callable[[Any], Any]]] | None = None

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | Mapping[str, Any]:
        processed = {name: _apply(self.binds.get(name), value) for name, value in values.items()}
        return [processed[name] for name in self.positional] if self.positional is not None else processed

    def decode(self, row: Sequence[Any]) -> tuple[Any, ...]:
        assert self.results is not None
        if not self.results:
            return tuple(row)
        values = list(row)
        for index, processor in self.results:
            if values[index] is not None:
                values[index] = processor(values[index])
        return tuple(values)


def _apply(processor: Processor, value: Any) -> Any:
    return processor(value) if processor is not None and value is not None else value


class FastStatement:
    """A Core ``select``/``update``/``insert`` executed straight through the DBAPI; rows come back as tuples.

    ``variants`` replace the statement for a dialect (by name), for SQL that is written per dialect.
    """

    def __init__(self, statement: Executable, *, variants: Mapping[str, Executable] | None = None) -> None:
        self.statement = statement
        self.variants = dict(variants or {})
        columns = list(getattr(statement, "selected_columns", ()))
        self.names = [column.name for column in columns]
        self.result_types = [column.type for column in columns]
        self._plans: dict[str, _Plan] = {}

    def mappings(self, conn: Runner, **values: Any) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        return [dict(zip(self.names, row, strict=True)) for row in self.rows(conn, **values)]

    def rows(self, conn: Runner, **values: Any) -> list[tuple[Any, ...]]:
        dialect = conn.dialect
        plan = self._plan(dialect)
        cursor = _dbapi(conn).cursor()
        try:
            cursor.execute(plan.sql, plan.parameters(values))
            if plan.results is None:
                processors = [
                    t.dialect_impl(dialect).result_processor(dialect, column[1])
                    for t, column in zip(self.result_types, cursor.description, strict=True)
                ]
                plan.results = [(index, p) for index, p in enumerate(processors) if p is not None]
            return [plan.decode(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def run(self, conn: Runner, **values: Any) -> int:
        """Execute a write; the number of rows it touched."""
        plan = self._plan(conn.dialect)
        cursor = _dbapi(conn).cursor()
        try:
            cursor.execute(plan.sql, plan.parameters(values))
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def _plan(self, dialect: Dialect) -> _Plan:
        plan = self._plans.get(dialect.name)
        if plan is None:
            plan = self._plans[dialect.name] = self._compile(dialect)
        return plan

    def _compile(self, dialect: Dialect) -> _Plan:
        statement = self.variants.get(dialect.name, self.statement)
        compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
        binds = {name: bind.type.dialect_impl(dialect).bind_processor(dialect) for name, bind in compiled.binds.items()}
        positional = list(compiled.positiontup) if compiled.positional else None
        return _Plan(compiled.string, positional, binds)


def _dbapi(conn: Runner) -> Any:
    return conn.dbapi if isinstance(conn, DriverConnection) else conn.connection.dbapi_connection
