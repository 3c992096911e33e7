"""Name rules for models, enums and fields, and project languages."""

from __future__ import annotations

import re

from lessonforge.errors import FieldProblem

NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# The published client spreads a content's fields next to these keys, so a field may not take them.
RESERVED_FIELD_NAMES = frozenset({"id", "language", "lastupdate"})
NAME_RULE = "1-64 characters: a letter, then letters, digits, '_' or '-'"


def name_problem(path: str, name: object) -> FieldProblem | None:
    """A problem with a model, enum or field name, or None when it is fine."""
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        return FieldProblem(path, f"Invalid name: {NAME_RULE}")
    return None


def field_name_problem(path: str, name: object) -> FieldProblem | None:
    problem = name_problem(path, name)
    if problem is None and str(name).casefold() in RESERVED_FIELD_NAMES:
        return FieldProblem(path, f"'{name}' is reserved")
    return problem


def language_problems(languages: object) -> list[FieldProblem]:
    """Languages must be a non-empty list of distinct BCP-47-like codes (``en``, ``pt-BR``)."""
    if not isinstance(languages, list) or not languages:
        return [FieldProblem("languages", "At least one language is required")]
    problems = [
        FieldProblem(f"languages.{i}", "Not a language code (e.g. en, es, pt-BR)")
        for i, code in enumerate(languages)
        if not isinstance(code, str) or not LANGUAGE_PATTERN.match(code)
    ]
    if len({str(c).lower() for c in languages}) != len(languages):
        problems.append(FieldProblem("languages", "Languages must be distinct"))
    return problems
