"""Content API use cases: projects and tokens, schema, content writes and reads, media, generated resources."""
