"""Pure domain rules: values and validation with no I/O and no framework."""

from lessonforge.native import prefer_compiled

prefer_compiled(__name__, __path__)
