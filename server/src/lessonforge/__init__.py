"""lessonforge: a self-hosted content integration server."""

__version__ = "0.1.0"
