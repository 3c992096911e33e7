"""Alembic environment: runs migrations against the URL given in the config, on our metadata."""

from __future__ import annotations

from alembic import context

from lessonforge.store.engine import build_engine
from lessonforge.store.schema import metadata

config = context.config
MIGRATION_LOCK = 7_301_955_001  # an arbitrary application-wide advisory lock id


def run_migrations_online() -> None:
    """Run migrations in a transaction on a fresh engine."""
    engine = build_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Processes starting together (serve, workers) migrate one at a time; the later ones find
                # the schema at head. Released when this transaction ends.
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            context.run_migrations()
    engine.dispose()


run_migrations_online()
