"""Free texts of a language course on the share page: a key point, summary or source question whose words
say it is in the course language carries its ``lang`` (also inside a sentence the quiz wrote around it);
one in the interface language, or another, stays unmarked (docs/share-page.md, "Language of parts")."""

from __future__ import annotations

import re

from lf_free_texts import (
    ENGLISH_POINT,
    FRENCH_POINT,
    MIXED_POINT,
    SPANISH_POINT,
    SPANISH_QUESTION,
    SPANISH_SUMMARY,
    mixed_course,
)
from markupsafe import escape

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate
from lessonforge.generation.module_page import render_module_page


def _page() -> str:
    payload = parse_payload(mixed_course())
    module, quiz = generate("interactive_module", payload).body, generate("expanded_quiz", payload).body
    return render_module_page(module, "token", quiz=quiz)


def test_spanish_free_texts_carry_their_lang_and_french_or_english_ones_stay_the_pages() -> None:
    page = _page()
    assert '<html lang="fr">' in page
    assert f'<li><span lang="es">{SPANISH_POINT}</span></li>' in page
    assert f'<p class="summary"><span lang="es">{SPANISH_SUMMARY}</span></p>' in page
    assert re.search(rf'<p class="prompt" [^>]*>\d+\. <span lang="es">{re.escape(SPANISH_QUESTION)}</span></p>', page)
    # the quiz's true/false sentence around the key point: the French words outside, the Spanish inside
    assert re.search(rf'Vrai ou faux\u202f: <span lang="es">{re.escape(SPANISH_POINT)}</span></p>', page)
    for point in (FRENCH_POINT, ENGLISH_POINT):
        assert f"<li>{escape(point)}</li>" in page  # never marked, wherever it is quoted
        assert not re.search(rf'<span lang="es">[^<]*{re.escape(escape(point)[:12])}', page)
    # a French sentence naming two terms: only the terms are Spanish
    marked_terms = MIXED_POINT.replace("el kilo", '<span lang="es">el kilo</span>').replace(
        "la cebolla", '<span lang="es">la cebolla</span>'
    )
    assert f"<li>{marked_terms}</li>" in page


def test_the_source_french_question_and_note_stay_unmarked() -> None:
    page = _page()
    assert re.search(r'<p class="prompt" [^>]*>\d+\. Que demande Julien \?</p>', page)
    assert "On emploie « <span" not in page and "On emploie « estar » pour un prix qui change." in page
