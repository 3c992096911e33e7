"""Moodle GIFT: one question per item, reserved characters escaped the way Moodle's own writer does.

select → ``=right ~wrong`` (several correct answers → ``~%50%`` weights, wrong ones ``~%-100%``),
true-false → ``{TRUE}``/``{FALSE}``, blank → short answer in place of the blank, matching → ``=a -> b``.
The explanation is the general feedback (``####``); the id is the question title. The file starts with its
metadata: a comment naming the test, a machine-readable comment with its languages and course kind, and a
``$CATEGORY`` named after the test (where Moodle files the questions).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lessonforge.generation.assembly.truth import is_true_false_options, truth_of
from lessonforge.generation.exports._items import BLANK, ExportItem, ExportTest, format_score, read_test
from lessonforge.i18n import translator

_RESERVED = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}


def escape(text: str) -> str:
    """GIFT text: ``\\ ~ = # { } :`` escaped with a backslash, a newline as ``\\n``, carriage returns dropped."""
    return "".join(_RESERVED.get(char, char) for char in text.replace("\r", ""))


def write_gift(body: Mapping[str, Any], form: str | None = None) -> bytes:
    """The UTF-8 GIFT text of a ``test`` body."""
    test = read_test(body, form)
    return "\n\n".join([_header(test), *(_question(it) for it in test.items)]).encode("utf-8") + b"\n"


def _header(test: ExportTest) -> str:
    t = translator(test.interface_language, "exports")
    count = len(test.items)
    about = t.ngettext("{title} (lessonforge test, {count} question)", "{title} (lessonforge test, {count} questions)",
                       count, title=_comment(test.title))  # fmt: skip
    languages = f"interfaceLanguage={test.interface_language}; language={test.language or 'und'}"
    kind = f"; courseKind={test.course_kind}" if test.course_kind else ""
    category = _comment(test.title).replace("/", "//")  # Moodle reads "//" as a slash inside a category name
    form = f"\n// lessonforge form: {_comment(test.form)}" if test.form else ""
    return f"// {_comment(about)}\n// lessonforge: {languages}{kind}{form}\n$CATEGORY: $course$/top/{category}"


def _comment(text: str) -> str:
    return " ".join(text.split())


def _question(it: ExportItem) -> str:
    about = f"// {it.type}, score {format_score(it.score)}, lesson {_comment(it.source_lesson_id) or '-'}"
    title = f"::{escape(it.id)}::"
    if it.type == "blank":
        before, _, after = it.question.partition(BLANK)
        answers = " ".join(f"={escape(answer)}" for answer in it.correct)
        block = "{" + answers + _feedback(it) + "}"
        # Moodle shows a blank where the answers sit only when text follows them; else they go at the end.
        text = f"{escape(before)}{block}{escape(after)}" if after.strip() else f"{escape(it.question)} {block}"
        return f"{about}\n{title}{text}"
    return f"{about}\n{title}{escape(it.question)} {{\n{_answers(it)}{_feedback(it, newline=True)}}}"


def _answers(it: ExportItem) -> str:
    if it.type == "matching":
        return "".join(f"\t={escape(p.left)} -> {escape(p.right)}\n" for p in it.pairs)
    if it.type == "true-false" and is_true_false_options(it.options) and len(it.correct) == 1:
        return f"\t{'TRUE' if truth_of(it.correct[0]) else 'FALSE'}\n"
    if len(it.correct) == 1:
        return "".join(f"\t{'=' if o in it.correct else '~'}{escape(o)}\n" for o in it.options)
    weight = f"{100 / len(it.correct):.5f}".rstrip("0").rstrip(".")
    return "".join(f"\t~%{weight if o in it.correct else '-100'}%{escape(o)}\n" for o in it.options)


def _feedback(it: ExportItem, *, newline: bool = False) -> str:
    if not it.explanation:
        return ""
    return f"\t####{escape(it.explanation)}\n" if newline else f"####{escape(it.explanation)}"
