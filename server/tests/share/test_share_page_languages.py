"""Language of parts in the share page's HTML: the page's lang is the interface language, course-language
texts carry their own lang, subject courses get subject wording, and nothing the rule adds can inject markup."""

from __future__ import annotations

import re
from typing import Any

from lf_examples import example

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate
from lessonforge.generation.module_page import render_module_page


def _page(raw: dict[str, Any]) -> str:
    return render_module_page(generate("interactive_module", parse_payload(raw)).body, "token")


def _marked(page: str, lang: str) -> list[str]:
    return re.findall(rf'<span lang="{lang}">([^<]*)</span>', page)


def test_a_language_course_marks_what_is_taught_and_leaves_the_learners_language_unmarked() -> None:
    page = _page(example("german-a2-for-spanish-speakers"))
    assert '<html lang="es">' in page
    marked = _marked(page, "de")
    assert {"der Bahnhof", "Muss ich umsteigen?", "Einfach oder hin und zurück?"} <= set(marked)
    assert "la estación de tren" not in marked and "el billete" not in marked  # meanings are the learner's
    assert ">Pulsa" not in page and "Tarjetas" in page


def test_a_course_text_quoted_in_an_interface_sentence_is_marked_there_too() -> None:
    page = _page(example("spanish-a1-cafe"))
    assert '<html lang="en">' in page
    # a generated explanation quoting a choice that is not itself a course text: its known term is marked
    assert 'The correct answer is “¿Me trae <span lang="es">la cuenta</span>?”.' in page
    assert '<span lang="es">la cuenta</span>' in page  # a matching term
    assert "<span>I can explain this in my own words: Nouns have a gender" in page  # no course text inside


def test_a_subject_course_marks_every_source_text_but_not_what_was_generated() -> None:
    raw = example("gcse-biology-cells")
    raw.update(interfaceLanguage="fr", courseKind="subject")  # biology in English for French readers (declared:
    # a different interface language alone would make it a language course)
    raw["level"]["lessons"][0]["title"] = None
    page = _page(raw)
    assert '<html lang="fr">' in page
    marked = set(_marked(page, "en-GB"))
    assert {"nucleus", "where protein synthesis happens", "Transport in cells", "water"} <= marked
    assert "Leçon 1" not in marked and '<h2 id="s1-h">Leçon 1</h2>' in page
    assert re.search(r'<p class="explanation">La bonne réponse est «\xa0<span lang="en-GB">mitochondria</span>', page)
    assert "Définition" in page and "Signification" not in page  # subject wording on the page


def test_a_body_without_languages_reads_english_and_marks_nothing() -> None:
    body = {"sections": [{"activities": [{"kind": "flashcards", "cards": [{"front": "hola", "back": "hello"}]}]}]}
    page = render_module_page(body, "token")
    assert '<html lang="en">' in page and "<span lang=" not in page


def test_course_texts_are_escaped_inside_their_span() -> None:
    hostile = '<img src=x onerror="alert(1)">'
    body = {
        "language": 'es"><script>',
        "interfaceLanguage": "fr",
        "sections": [{"activities": [{"kind": "flashcards", "cards": [{"front": hostile, "back": "x"}]}]}],
    }
    page = render_module_page(body, "token")
    assert "<img" not in page and "<span lang=" not in page  # an invalid tag marks nothing
    page = render_module_page({**body, "language": "es"}, "token")
    assert '<span lang="es">&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</span>' in page


def test_a_quoted_course_text_never_breaks_an_entity_of_the_escaped_sentence() -> None:
    card = {"front": "amp cable", "back": "x"}
    body = {"language": "es", "interfaceLanguage": "en", "sections": [{"activities": [
        {"kind": "flashcards", "cards": [card, {"front": "quot", "back": "y"}]},
        {"kind": "review", "keyPoints": ['Say "quot" & amp cable <now>']},
    ]}]}  # fmt: skip
    page = render_module_page(body, "token")
    assert (
        '<li>Say &#34;<span lang="es">quot</span>&#34; &amp; <span lang="es">amp cable</span> &lt;now&gt;</li>' in page
    )
