"""HTTP adapters of the Content API (``/api/1.0``) and of its admin routes (``content-projects``)."""
