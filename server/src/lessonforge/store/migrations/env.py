"""Alembic environment: runs migrations against the URL given in the config, on our metadata."""

from __future__ import annotations

from alembic import context

from lessonforge.store.engine import build_engine
from lessonforge.store.schema import metadata

config = context.config


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
            context.run_migrations()
    engine.dispose()


run_migrations_online()
