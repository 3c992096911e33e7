"""The store: the only package that imports SQLAlchemy (schema, engine, repositories, queue, migrations)."""
