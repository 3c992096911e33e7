"""Quiz exports: a ``test`` body written as a QTI 2.1 zip, Moodle GIFT or CSV (pure functions to bytes)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lessonforge.generation.exports._items import UnexportableTestError, UnknownFormError
from lessonforge.generation.exports.csv_file import write_csv
from lessonforge.generation.exports.gift import write_gift
from lessonforge.generation.exports.qti import write_qti

__all__ = ["EXPORT_FORMATS", "ExportFormat", "UnexportableTestError", "UnknownFormError", "safe_filename"]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name in ``?format=``, media type, file extension and writer."""

    name: str
    media_type: str
    extension: str
    write: Callable[[Mapping[str, Any], str | None], bytes]


EXPORT_FORMATS: Mapping[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("qti", "application/zip", "zip", write_qti),
        ExportFormat("gift", "text/plain; charset=utf-8", "gift.txt", write_gift),
        ExportFormat("csv", "text/csv; charset=utf-8", "csv", write_csv),
    )
}


def safe_filename(title: str, extension: str, *, fallback: str = "test") -> str:
    """``A1 Foundations — Quiz`` → ``A1 Foundations - Quiz.csv``: ASCII letters, digits, spaces, ``._-``."""
    decomposed = unicodedata.normalize("NFKD", title)
    ascii_title = "".join(c if c.isascii() else "-" for c in decomposed if not unicodedata.combining(c))
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "-", ascii_title)
    cleaned = re.sub(r"[ -]+", _separator, cleaned).strip(" .-")[:100].strip(" .-")
    return f"{cleaned or fallback}.{extension}"


def _separator(run: re.Match[str]) -> str:
    """A run of spaces and dashes as one separator: ``-``, `` `` or `` - ``."""
    text = run.group()
    return "-" if " " not in text else " - " if "-" in text else " "
