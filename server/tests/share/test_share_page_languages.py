"""Language of parts in the share page's HTML: the page's lang is the interface language, course-language
texts carry their own lang (also as the quiz writes them), subject courses get subject wording, the page's own
words (true/false, the play buttons) are the interface's, and nothing the rule adds can inject markup."""

from __future__ import annotations

import re
from typing import Any

import pytest
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
    # a generated explanation quoting a choice that is no course text but one with another of its terms in
    # place (as the quiz writes a false statement): marked whole
    assert 'The correct answer is “<span lang="es">¿Me trae la cuenta?</span>”.' in page
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


def _practice_page(raw: dict[str, Any], audio: str | None = None) -> str:
    payload = parse_payload(raw)
    module, quiz = generate("interactive_module", payload).body, generate("expanded_quiz", payload).body
    return render_module_page(module, "token", quiz=quiz, audio=audio)


def test_a_course_text_is_marked_as_the_quiz_writes_it_without_its_period_or_with_a_blank() -> None:
    page = _practice_page(example("spanish-a1-for-french-speakers"))
    nnbsp = "\u202f"
    # quoted inside a French sentence, the final period dropped ("Son cinco euros." is a dialogue line)
    assert f'Rosa répond «{nnbsp}<span lang="es">Son cinco euros</span>{nnbsp}».' in page
    assert f'Vrai ou faux{nnbsp}: «{nnbsp}<span lang="es">Póngame medio kilo, por favor</span>{nnbsp}» signifie' in page
    # a blank where a term was: the sentence around it is still Spanish
    assert '<span lang="es">_____ cuestan cuatro euros.</span>' in page
    assert '<span lang="es">¿A cuánto están _____?</span>' in page
    unmarked = re.sub(r'<span lang="es">[^<]*</span>', "", page)
    assert "Son cinco euros" not in unmarked and "Póngame medio kilo" not in unmarked and "_____" not in unmarked
    assert not re.search(r'<span lang="es">[^<]*(?:Vrai|Faux|signifie|répond|Complétez)', page)  # French stays French


def test_a_false_statement_with_another_term_in_its_place_is_marked_whole() -> None:
    raw = example("gcse-biology-cells")
    raw.update(interfaceLanguage="fr", courseKind="subject")
    page = _practice_page(raw)
    points = raw["level"]["lessons"][-1]["keyPoints"]
    statements = re.findall(r"Vrai ou faux\u202f: (?!«)(.*?)</p>", page)  # key points: true or with another term
    marked = [re.fullmatch(r'<span lang="en-GB">([^<]*)</span>', statement) for statement in statements]
    assert statements and all(marked)
    assert {m[1] for m in marked if m} - set(points)  # at least one false statement, marked whole all the same
    assert '<span lang="en-GB">Eukaryotic cells have their genetic material in a _____.</span>' in page


def test_the_audits_sentences_keep_their_spanish_marked_and_short_words_stay_unmarked() -> None:
    body = {"language": "es", "interfaceLanguage": "fr", "sections": [{"activities": [
        {"kind": "dialogue", "turns": [{"speaker": "Tomás", "text": "Son dos euros."},
                                       {"speaker": "Ana", "text": "Sí."}]},
        {"kind": "flashcards", "cards": [{"front": "el pan", "back": "le pain",
                                          "example": "Quisiera pan, por favor."}]},
        {"kind": "review", "keyPoints": ["Tomás répond « Son dos euros ».", "Ana dit « Sí » : elle dit oui.",
                                         "Vrai ou faux : « Quisiera pan, por favor » signifie « Je voudrais du pain ».",
                                         "Tomás répond « Son dos euros. Adiós »."]},
    ]}]}  # fmt: skip
    page = render_module_page(body, "token")
    assert '<li>Tomás répond « <span lang="es">Son dos euros</span> ».</li>' in page
    assert "<li>Ana dit « Sí » : elle dit oui.</li>" in page  # too short to tell from an interface word
    assert '<li>Vrai ou faux : « <span lang="es">Quisiera pan, por favor</span> » signifie « Je voudrais du' in page
    assert '« <span lang="es">Son dos euros.</span> Adiós »' in page  # a period inside the quotation is kept


def test_the_true_false_words_of_a_subject_quiz_are_the_interfaces_and_never_marked() -> None:
    raw = example("histoire-revolution-francaise")  # a source question with "Vrai"/"Faux"
    raw.update(interfaceLanguage="de", courseKind="subject")
    page = _page(raw)
    assert '<span lang="fr">La Déclaration des droits de l\u2019homme et du citoyen date de 1789.</span>' in page
    assert '<button type="button" class="choice" data-choice="0">Wahr</button>' in page
    assert '<button type="button" class="choice" data-choice="1">Falsch</button>' in page
    assert "Die richtige Antwort ist „Wahr“." in page and "Vrai" not in page


LISTEN = {"en": "Listen", "es": "Escuchar", "fr": "Écouter", "de": "Anhören", "pt": "Ouvir", "it": "Ascolta"}


@pytest.mark.parametrize("interface", sorted(LISTEN))
def test_the_play_buttons_are_labelled_in_the_interface_language(interface: str) -> None:
    raw = {**example("spanish-a1-for-french-speakers"), "interfaceLanguage": interface}
    page = _practice_page(raw, audio="token/audio/")
    labels = set(re.findall(r'<span class="say-label">([^<]*)</span>', page))
    assert labels == {LISTEN[interface]}
