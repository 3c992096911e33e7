"""The two languages of a summary video, part by part: each quiz option said (and marked on the video page) in
the language it is in, whatever the interface and course kind; the language most of the video is said in
(its captions' and sound track's); each key word listed once in the recap."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from lf_examples import example, example_names

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate
from lessonforge.generation.video_page import VIDEO_PAGE_POLICY, VideoLinks, render_video_page
from lessonforge.generation.video_words import spoken_language

Options = list[tuple[str, str]]


def _body(payload: dict[str, Any]) -> dict[str, Any]:
    return dict(generate("summary_video", parse_payload(payload)).body)


def _quiz(payload: dict[str, Any]) -> list[tuple[Options, tuple[str, str]]]:
    """Each question's options as said ``(text, voice)``, and its answer as said."""
    found = []
    for scene in _body(payload)["scenes"]:
        steps = scene["steps"]
        for asked, answered in pairwise(steps):
            if asked["holdSeconds"]:  # a question: its options after the question, then its answer
                options = [(s["text"], s["voice"]) for s in asked["segments"][1:]]
                found.append((options, (answered["segments"][1]["text"], answered["segments"][1]["voice"])))
    return found


def _level(
    language: str, interface: str, vocabulary: list[tuple[str, str]], questions: list[list[str]], **more: Any
) -> dict[str, Any]:
    """A level of vocabulary and a quiz (each question: its text, then its choices, the first one right)."""
    return {
        "language": language,
        "interfaceLanguage": interface,
        **more,
        "level": {"title": "Unit", "lessons": [
            {"id": "v", "type": "vocabulary", "title": "Words",
             "items": [{"term": term, "meaning": meaning} for term, meaning in vocabulary]},
            {"id": "q", "type": "quiz", "title": "Quiz",
             "questions": [{"question": q[0], "choices": q[1:], "answer": q[1]} for q in questions]},
        ]},
    }  # fmt: skip


def _voices(payload: dict[str, Any]) -> list[list[str]]:
    return [[voice for _, voice in options] for options, _ in _quiz(payload)]


N, C = "narrator", "course"


def test_a_french_interface_spanish_course_says_french_options_and_true_false_in_french() -> None:
    payload = _level(
        "es",
        "fr",
        [("el pan", "le pain"), ("el queso", "le fromage")],
        [
            ["Que veut dire « el pan » ?", "du pain", "du fromage", "de l'eau"],  # interface-language words
            ["« el pan » veut dire le pain.", "Vrai", "Faux"],  # the interface language's true/false words
            ["Comment dit-on « le fromage » ?", "el queso", "el pan"],  # the level's terms
            ["Traduisez « je voudrais du pain ».", "Quiero pan, por favor", "Tengo queso"],  # Spanish words
            ["Quelle salutation ?", "Hola", "Adiós"],  # "ó" is a Spanish letter, never a French one
            ["Vrai ou faux, en espagnol ?", "Falso", "Verdadero"],  # asked with the interface's words
        ],
    )
    assert _voices(payload) == [[N, N, N], [N, N], [C, C], [C, C], [C, C], [N, N]]
    assert _quiz(payload)[5] == ([("Vrai.", N), ("Faux.", N)], ("Faux.", N))  # true then false, and its answer
    assert [answer for _, answer in _quiz(payload)][:2] == [("du pain.", N), ("Vrai.", N)]


@pytest.mark.parametrize(
    ("language", "interface", "vocabulary", "questions", "voices"),
    [
        ("es", "en", [("el pan", "bread")], [
            ["What does 'el pan' mean?", "bread", "some cheese", "the water"],
            ["'el pan' means bread.", "True", "False"],
            ["How do you ask for bread?", "Quiero pan, por favor", "Tengo queso"],
        ], [[N, N, N], [N, N], [C, C]]),
        ("de", "es", [("das Brot", "el pan"), ("der Käse", "el queso")], [
            ["¿Qué significa «das Brot»?", "el pan", "un poco de queso", "agua"],
            ["«das Brot» significa el pan.", "Verdadero", "Falso"],
            ["¿Cómo se pide pan?", "Ich möchte Brot, bitte", "Ich habe keinen Käse"],
        ], [[N, N, N], [N, N], [C, C]]),
        ("it", "pt-BR", [("il pane", "o pão")], [
            ["O que significa «il pane»?", "o pão", "um queijo", "a água"],
            ["«il pane» significa o pão.", "Verdadeiro", "Falso"],
            ["Como se pede pão?", "Vorrei il pane, per favore", "Non ho il formaggio"],
        ], [[N, N, N], [N, N], [C, C]]),
        ("fr", "de", [("le pain", "das Brot")], [
            ["Was bedeutet «le pain»?", "das Brot", "ein Käse", "Wasser"],
            ["«le pain» bedeutet das Brot.", "Richtig", "Falsch"],
            ["Wie bestellt man Brot?", "Je voudrais du pain, s'il vous plaît", "Je n'ai pas de fromage"],
        ], [[N, N, N], [N, N], [C, C]]),
        ("ja", "en", [("パン", "bread")], [  # no word list for Japanese: its letters tell
            ["What is 'bread'?", "パン", "チーズ"],
            ["Is 'パン' bread?", "True", "False"],
            ["How do you ask for bread?", "パンをください", "チーズがありません"],
        ], [[C, C], [N, N], [C, C]]),
        ("en", "fr", [("the bread", "le pain")], [  # true/false: the interface's words
            ["Que veut dire « the bread » ?", "le pain", "du fromage"],
            ["Vrai ou faux ?", "True", "False"],
            ["Vrai ou faux ?", "Vrai", "Faux"],
        ], [[N, N], [N, N], [N, N]]),
    ],
)  # fmt: skip
def test_each_option_is_said_in_its_own_language_in_every_interface(
    language: str,
    interface: str,
    vocabulary: list[tuple[str, str]],
    questions: list[list[str]],
    voices: list[list[str]],
) -> None:
    found = _quiz(_level(language, interface, vocabulary, questions))
    assert [[voice for _, voice in options] for options, _ in found] == voices
    assert all(answer == options[0] for options, answer in found)  # the answer in the voice of its option


def test_a_subject_course_says_its_options_like_its_questions() -> None:
    payload = _level(
        "en-GB",
        "en-GB",
        [("nucleus", "the part of a cell that holds its genetic material")],
        [["Which part holds the DNA?", "nucleus", "cell wall"], ["Osmosis moves water.", "True", "False"]],
        courseKind="subject",
    )
    assert _voices(payload) == [[N, N], [N, N]]
    assert all(voice == N for voices in _voices(example("gcse-biology-cells")) for voice in voices)
    assert all(voice == N for voices in _voices(example("histoire-revolution-francaise")) for voice in voices)


def test_the_shipped_examples_say_interface_options_in_the_interface_and_course_options_in_the_course() -> None:
    julien = [("des tomates et des oranges.", N), ("des fraises.", N), ("des oignons.", N)]
    onion = [("la cebolla.", C), ("la naranja.", C), ("el tomate.", C)]
    assert _quiz(example("spanish-a1-for-french-speakers")) == [(julien, julien[0]), (onion, onion[0])]
    assert _voices(example("spanish-a1-cafe")) == [[N, N, N], [N, N, N], [C, C, C], [N, N]]
    assert _voices(example("german-a2-for-spanish-speakers")) == [[N, N, N], [N, N, N], [N, N, N]]
    assert _voices(example("level-a1")) == [[C, C]]


def test_the_video_page_marks_only_course_language_options_as_such() -> None:
    body = _body(example("spanish-a1-for-french-speakers"))
    html = render_video_page(
        body, VideoLinks(None, "/v.vtt"), None, title="Vidéo", language="es", policy=VIDEO_PAGE_POLICY
    )
    assert '<span lang="es">la cebolla.</span>' in html and '<span lang="es">¿A cuánto están las fresas?</span>' in html
    assert "Que demande Julien ? des tomates et des oranges. des fraises. des oignons." in html
    assert '<span lang="es">des' not in html
    page = render_video_page(
        _body(_level("es", "fr", [("el pan", "le pain")], [["« el pan » veut dire le pain.", "Vrai", "Faux"]])),
        VideoLinks(None, "/v.vtt"),
        None,
        title="Vidéo",
        language="es",
        policy=VIDEO_PAGE_POLICY,
    )
    assert "le pain. Vrai. Faux." in page and '<span lang="es">Vrai' not in page


def test_the_recap_lists_each_key_word_once() -> None:
    recap = _body(example("spanish-a1-for-french-speakers"))["scenes"][-1]
    assert recap["narration"].count("la manzana") == 1  # a key point repeating a key word is not said again
    assert recap["onScreenText"].count("la manzana") == 1
    payload = example("spanish-a1-for-french-speakers")
    lessons = payload["level"]["lessons"]
    lessons.insert(
        0,
        {
            "id": "bis",
            "type": "vocabulary",
            "title": "Avant",
            "items": [{"term": "La  Manzana", "meaning": "la pomme"}, {"term": "la fresa", "meaning": "la fraise"}],
        },
    )
    lessons[-1]["keyPoints"] = [
        "LA MANZANA.", "la fresa", "la fresa!", "¿A cuánto están las fresas?", "Los tomates están muy maduros.",
    ]  # fmt: skip
    recap = _body(payload)["scenes"][-1]
    key_words = next(step for step in recap["steps"] if step["segments"][0]["text"] == "Mots clés :")
    assert key_words["lines"] == ["La  Manzana", "la fresa", "el tomate", "la naranja"]  # as first written
    said = [" ".join(s["text"].casefold().strip(".!").split()) for step in recap["steps"] for s in step["segments"]]
    assert said.count("la manzana") == 1 and said.count("la fresa") == 1
    assert said[-3:] == [
        "¿a cuánto están las fresas?",
        "los tomates están muy maduros",
        "bravo, et continuez à vous entraîner",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("spanish-a1-for-french-speakers", "fr"),
        ("spanish-a1-cafe", "en"),
        ("german-a2-for-spanish-speakers", "es"),
        ("italian-a1-for-portuguese-speakers", "pt-BR"),
        ("french-b1-logement", "fr"),
        ("gcse-biology-cells", "en-GB"),
        ("level-a1", "en"),
    ],
)
def test_most_of_each_shipped_example_is_said_in_its_interface_language(name: str, expected: str) -> None:
    body = _body(example(name))
    parts = [(s["text"], s["voice"]) for scene in body["scenes"] for step in scene["steps"] for s in step["segments"]]
    assert spoken_language(parts, body["language"], body["interfaceLanguage"]) == expected
    assert name in example_names()


def test_a_video_said_mostly_in_the_course_language_is_tagged_with_it() -> None:
    turns = [
        {
            "speaker": "Ana" if i % 2 else "Luis",
            "text": f"Frase número {i}: hoy vamos al mercado a comprar fruta fresca.",
        }
        for i in range(12)
    ]
    body = _body({"language": "es", "interfaceLanguage": "en", "level": {"title": "Diálogo", "lessons": [
        {"id": "d", "type": "dialogue", "title": "At the market", "turns": turns}]}})  # fmt: skip
    parts = [(s["text"], s["voice"]) for scene in body["scenes"] for step in scene["steps"] for s in step["segments"]]
    assert spoken_language(parts, "es", "en") == "es"
    assert spoken_language([("hola", "course"), ("hi", "narrator")], "es", "en") == "en"  # a tie: the interface
    assert spoken_language([("hola", "course")], None, "en") == "en" and spoken_language([], "es", None) == "es"
    links = VideoLinks("/v.mp4", "/v.vtt")
    html = render_video_page(body, links, None, title="V", language="es", policy=VIDEO_PAGE_POLICY)
    assert '<track kind="captions" srclang="es"' in html
    french = _body(example("spanish-a1-for-french-speakers"))
    page = render_video_page(french, links, None, title="V", language="es", policy=VIDEO_PAGE_POLICY)
    assert '<html lang="fr">' in page and '<track kind="captions" srclang="fr"' in page


def test_a_source_true_false_question_is_asked_with_the_interfaces_words_true_then_false() -> None:
    payload = _level("de", "fr", [("das Brot", "le pain")], [["« das Brot » veut dire le pain.", "Falsch", "Richtig"]])
    scene = _body(payload)["scenes"][2]
    asked, answered = scene["steps"][1:3]
    assert asked["lines"] == ["« das Brot » veut dire le pain.", "A) Vrai", "B) Faux"]
    assert [(s["text"], s["voice"]) for s in asked["segments"][1:]] == [("Vrai.", N), ("Faux.", N)]
    assert [(s["text"], s["voice"]) for s in answered["segments"]] == [("La réponse est :", N), ("Faux.", N)]
    assert answered["highlight"] == 2 and "Richtig" not in scene["narration"] and "Falsch" not in scene["narration"]
    english = _quiz(_level("fr", "en", [], [["Vrai ou faux ?", "Vrai", "Faux"]], courseKind="subject"))
    assert english == [([("True.", N), ("False.", N)], ("True.", N))]


def test_a_basic_latin_letter_never_tells_a_language() -> None:
    payload = _level(
        "fr", "es", [("un thé", "un té"), ("un café", "un café")], [["¿Qué pide Marie?", "un té", "un café", "un zumo"]]
    )
    payload["level"]["lessons"].append(
        {"id": "d", "type": "dialogue", "title": "Au café", "turns": [
            {"speaker": "Serveur", "text": "Bonjour, que désirez-vous ?"}, {"speaker": "Marie", "text": "Un thé."}]}
    )  # fmt: skip
    voices = _voices(payload)[0]
    assert voices[0] == N and voices[2] == N  # "z" is in French "désirez", but every Latin-script language has it


CLIL = {"language": "fr", "interfaceLanguage": "en", "courseKind": "subject", "title": "Sciences", "level": {
    "title": "La cellule", "lessons": [
        {"id": "t", "type": "term", "title": "Les mots", "terms": [
            {"term": "le noyau", "meaning": "la partie de la cellule qui contient l'ADN"}]},
        {"id": "q", "type": "quiz", "title": "Questions", "questions": [
            {"question": "Où se trouve l'ADN ?", "choices": ["dans le noyau", "dans la paroi"],
             "answer": "dans le noyau", "explanation": "Le noyau contient l'ADN."},
            {"question": "La cellule est vivante.", "choices": ["Vrai", "Faux"], "answer": "Vrai"}]},
        {"id": "r", "type": "review", "title": "Bilan", "summary": "La cellule est l'unité du vivant.",
         "keyPoints": ["Le noyau contient l'ADN.", "La paroi protège la cellule."]}]}}  # fmt: skip


def test_a_subject_course_in_another_language_says_its_content_in_the_course_voice() -> None:
    body = _body(CLIL)
    said = {s["text"]: s["voice"] for scene in body["scenes"] for step in scene["steps"] for s in step["segments"]}
    for text in ["le noyau", "la partie de la cellule qui contient l'ADN.", "Où se trouve l'ADN ?", "dans le noyau.",
                 "Le noyau contient l'ADN.", "La cellule est l'unité du vivant.", "La paroi protège la cellule.",
                 "Questions.", "La cellule est vivante."]:  # fmt: skip
        assert said[text] == C, text
    for text in ["Let's check what you know.", "The answer is:", "True.", "False.", "Key points:", "Let's recap."]:
        assert said[text] == N, text
    assert "Vrai." not in said and "Faux." not in said
    parts = [(s["text"], s["voice"]) for scene in body["scenes"] for step in scene["steps"] for s in step["segments"]]
    assert spoken_language(parts, "fr", "en") == "fr"  # most of it is French: the streams are tagged French
    links = VideoLinks("/v.mp4", "/v.vtt")
    html = render_video_page(body, links, None, title="V", language="fr", policy=VIDEO_PAGE_POLICY)
    assert '<html lang="en">' in html and '<track kind="captions" srclang="fr"' in html
    assert '<span lang="fr">Où se trouve l&#39;ADN ?</span>' in html
    same = _body({**CLIL, "interfaceLanguage": "fr-CA"})  # one language: the narrator says it all, as before
    assert {s["voice"] for s in same["scenes"][2]["steps"][1]["segments"]} == {N}


@pytest.mark.parametrize("interface", ["nl", "ja"])
def test_an_interface_without_a_catalogue_is_tagged_with_the_language_its_narration_is_in(interface: str) -> None:
    payload = _level("es", interface, [("el pan", "pan")], [["el pan?", "pan", "kaas"]], title="Unit")
    body = _body(payload)
    assert body["scenes"][0]["steps"][0]["segments"][0]["text"] == "Welcome to Unit."  # English scaffolding
    parts = [(s["text"], s["voice"]) for scene in body["scenes"] for step in scene["steps"] for s in step["segments"]]
    assert spoken_language(parts, "es", interface) == "en"
    links = VideoLinks("/v.mp4", "/v.vtt")
    html = render_video_page(body, links, None, title="V", language="es", policy=VIDEO_PAGE_POLICY)
    assert '<html lang="en">' in html and '<track kind="captions" srclang="en"' in html
