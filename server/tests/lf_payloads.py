"""Hypothesis strategies for random *valid* source payloads (SPEC §5): any language pair, both course kinds,
every lesson type, with or without ``courseKind``/``interfaceLanguage``. Shared by the property tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "es-MX", "pt-BR", "fr-CA", "ko", "ja", "nl")
words = st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=10)
texts = st.lists(words, min_size=1, max_size=12).map(" ".join)
glosses = st.lists(words, min_size=1, max_size=3).map(" ".join)
definitions = st.lists(words, min_size=6, max_size=14).map(" ".join)


def _entries(meanings: st.SearchStrategy[str]) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(st.fixed_dictionaries({"term": texts, "meaning": meanings}), min_size=1, max_size=8)


def _quiz() -> st.SearchStrategy[dict[str, Any]]:
    def question(choices: list[str]) -> st.SearchStrategy[dict[str, Any]]:
        return st.sampled_from(choices).map(lambda answer: {"question": "?", "choices": choices, "answer": answer})

    choices = st.lists(texts, min_size=2, max_size=4, unique_by=lambda s: s.casefold())
    return st.fixed_dictionaries(
        {"type": st.just("quiz"), "questions": st.lists(choices.flatmap(question), max_size=3)}
    )


def lessons(kind: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """One lesson; ``kind`` narrows to what a course of that kind has (``None``: anything)."""
    subject = [
        st.fixed_dictionaries({"type": st.just("term"), "terms": _entries(definitions | glosses)}),
        st.fixed_dictionaries({"type": st.just("vocabulary"), "items": _entries(definitions)}),
        st.fixed_dictionaries({"type": st.just("review"), "summary": texts, "keyPoints": st.lists(texts, max_size=4)}),
        _quiz(),
    ]
    language = [
        st.fixed_dictionaries({"type": st.just("vocabulary"), "items": _entries(glosses)}),
        st.fixed_dictionaries(
            {"type": st.just("example"), "examples": st.lists(
                st.fixed_dictionaries({"source": texts, "translation": texts}), min_size=1, max_size=5)}
        ),
        st.fixed_dictionaries(
            {"type": st.just("dialogue"), "turns": st.lists(
                st.fixed_dictionaries({"speaker": words, "text": texts}), min_size=1, max_size=6)}
        ),
    ]  # fmt: skip
    pool = subject if kind == "subject" else language if kind == "language" else subject + language
    return st.one_of(pool)


@st.composite
def payloads(draw: st.DrawFn, kind: str | None = None, declare: bool | None = None) -> dict[str, Any]:
    """A valid payload. ``kind``: lessons typical of that course kind; ``declare``: whether ``courseKind`` is sent
    (``None``: maybe). Without a declared kind a ``subject`` payload never names another interface language."""
    chosen = draw(st.lists(lessons(kind), min_size=1, max_size=6))
    for n, lesson in enumerate(chosen, 1):
        lesson.update(id=f"l{n}", title=draw(texts))
    payload: dict[str, Any] = {
        "language": draw(st.sampled_from(LANGUAGES)),
        "level": {"id": "x", "title": draw(texts), "lessons": chosen},
    }
    declared = draw(st.booleans()) if declare is None else declare
    if declared:
        payload["courseKind"] = kind or draw(st.sampled_from(["language", "subject"]))
    if draw(st.booleans()):
        same = kind == "subject" and not declared
        payload["interfaceLanguage"] = payload["language"] if same else draw(st.sampled_from(LANGUAGES))
    return payload
