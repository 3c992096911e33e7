"""How content is presented in every output: titles, readable lines, seeded order and unambiguous pairs."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from lessonforge.domain.payload import SourcePayload, canonical_json, text_value
from lessonforge.generation._lessons import Entry
from lessonforge.generation._memo import text_memo

T = TypeVar("T")


def lesson_rng(payload: SourcePayload, lesson_id: str, purpose: str = "") -> random.Random:
    """A random source seeded from the payload fingerprint and lesson id: same input, same draws."""
    digest = hashlib.sha256(f"{payload.fingerprint}:{lesson_id}:{purpose}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def humanise(key: str) -> str:
    """``keyPoints`` → ``Key points``; ``grammar_note`` → ``Grammar note``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key).replace("_", " ").replace("-", " ")
    cleaned = " ".join(spaced.split()).lower()
    return cleaned[:1].upper() + cleaned[1:] if cleaned else key


def flatten_text(value: Any, depth: int = 0) -> list[str]:
    """Readable lines for any JSON value: texts as they are, objects as ``Label: value`` lines."""
    if depth > 16:
        return [canonical_json(value)]
    if isinstance(value, Mapping):
        lines: list[str] = []
        for key, item in value.items():
            inner = flatten_text(item, depth + 1)
            label = humanise(str(key))
            lines += [f"{label}: {inner[0]}"] if len(inner) == 1 else [f"{label}:", *inner] if inner else []
        return lines
    if isinstance(value, list | tuple):
        return [line for item in value for line in flatten_text(item, depth + 1)]
    found = text_value(value)
    return [found] if found else []


def fold_once(value: str) -> str:
    """The comparison key for texts: whitespace collapsed, case-folded.

    Casefolding never makes or removes whitespace, and the only printable whitespace character is the ASCII
    space (both checked over every code point by the tests): a printable folded text without a doubled or
    outer space is already collapsed, so the usual text skips the split and join."""
    folded = value.casefold()
    if folded.isprintable() and "  " not in folded and not folded.startswith(" ") and not folded.endswith(" "):
        return folded
    return " ".join(folded.split())


fold = text_memo(fold_once)
"""``fold_once`` memoised: texts are compared often (a text folded once, like a generated question, takes
``fold_once``: it would only grow the memo)."""


def distinct_entries(entries: Sequence[Entry]) -> list[Entry]:
    """Entries whose term and meaning are both new, so they pair up unambiguously."""
    terms: set[str] = set()
    meanings: set[str] = set()
    kept = []
    for entry in entries:
        term, meaning = fold(entry.term), fold(entry.meaning)
        if term not in terms and meaning not in meanings:
            terms.add(term)
            meanings.add(meaning)
            kept.append(entry)
    return kept


def groups(items: Sequence[T], size: int) -> list[list[T]]:
    """Consecutive groups of at most ``size``; a trailing single item joins the group before it."""
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    if len(chunks) > 1 and len(chunks[-1]) == 1:
        last = chunks.pop()
        chunks[-1].extend(last)
    return chunks
