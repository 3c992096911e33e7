"""The share page's interface labels: in the module's language over HTTP, English for anything else, complete
catalogues, plural forms, and labels that can never inject markup (in the HTML or in the script's JSON)."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lf_share import completed_module, public_path, share_payload

from lessonforge.generation.module_page import render_module_page
from lessonforge.generation.page_labels import (
    FALLBACK,
    LANGUAGES,
    catalogue,
    catalogue_language,
    placeholders,
    plural_form,
)
from lessonforge.worker.loop import Worker

DATA = re.compile(r'<script type="application/json" id="lf-data">(.*?)</script>', re.S)

# Static labels as they must appear in the HTML (escaped as autoescape does), per catalogue language.
EXPECTED = {
    "en": ['<a class="skip" href="#main">Skip to the lessons</a>', ">Reset my progress</button>",
           'aria-label="Lessons"', ">Next line</button>", ">Show translation</button>", "<legend>Self-check</legend>",
           'Score: <span data-score>0</span> / 1</p>', "all the lesson content is shown below.</p></noscript>"],
    "es": ['<a class="skip" href="#main">Saltar a las lecciones</a>', ">Borrar mi progreso</button>",
           'aria-label="Lecciones"', ">Siguiente línea</button>", ">Mostrar la traducción</button>",
           "<legend>Autoevaluación</legend>", 'Puntuación: <span data-score>0</span> / 1</p>',
           "se muestra a continuación.</p></noscript>"],
    "pt": ['<a class="skip" href="#main">Ir para as lições</a>', ">Próxima fala</button>"],
}  # fmt: skip


def _page(
    client: TestClient, bearer: dict[str, str], worker: Worker, language: str | None, interface: str | None
) -> str:
    manifest = completed_module(client, bearer, worker, share_payload(language, interface))
    response = client.get(public_path(manifest))
    assert response.status_code == 200
    return response.text


def _script_data(page: str) -> dict[str, Any]:
    found = DATA.search(page)
    assert found and "<" not in found.group(1)
    data: dict[str, Any] = json.loads(found.group(1))
    return data


@pytest.mark.parametrize(("language", "labels"), [("en", "en"), ("es", "es"), ("es-MX", "es"), ("pt-BR", "pt")])
def test_a_module_shows_its_labels_in_its_interface_language(
    client: TestClient, bearer: dict[str, str], worker: Worker, language: str, labels: str
) -> None:
    page = _page(client, bearer, worker, language, interface=language)
    assert f'<html lang="{language}">' in page
    for text in EXPECTED[labels]:
        assert text in page
    if labels != "en":
        for text in EXPECTED["en"]:
            assert text not in page
    data = _script_data(page)["labels"]
    assert data["language"] == labels and data["texts"] == {**catalogue(labels)}


@pytest.mark.parametrize("language", ["ja", "tlh", "und", None])
def test_an_unknown_interface_language_falls_back_to_english(
    client: TestClient, bearer: dict[str, str], worker: Worker, language: str | None
) -> None:
    page = _page(client, bearer, worker, language, interface=language)
    assert f'<html lang="{language or "und"}">' in page  # the content's language is still announced as it is
    for text in EXPECTED["en"]:
        assert text in page
    assert _script_data(page)["labels"] == {"language": "en", "zeroIsOne": False, "texts": catalogue("en")}


def test_without_an_interface_language_a_spanish_course_speaks_english_like_its_generated_activities(
    client: TestClient, bearer: dict[str, str], worker: Worker
) -> None:
    page = _page(client, bearer, worker, "es", interface=None)
    assert '<html lang="es">' in page  # the content's language
    for text in EXPECTED["en"]:
        assert text in page
    for text in EXPECTED["es"]:
        assert text not in page
    assert _script_data(page)["labels"]["language"] == "en"


def test_titles_the_body_lacks_are_labels_but_the_body_text_is_untouched() -> None:
    first = {"activities": [{"kind": "review"}, {"kind": "grammar_tip", "x": "y"}, {}]}
    body = {
        "language": "de",
        "interfaceLanguage": "de",
        "sections": [first, {"title": "Hello & welcome", "activities": [{"title": "Quiz"}]}, {}],
    }
    page = render_module_page(body, "token")
    assert "<title>Interaktives Modul</title>" in page and '<h2 id="s1-h">Lektion 1</h2>' in page
    assert '<h3 id="s1-a1-h">Wiederholung</h3>' in page and '<h3 id="s1-a3-h">Notizen</h3>' in page
    assert '<h3 id="s1-a2-h">Grammar tip</h3>' in page  # an unknown kind is named by the source
    assert '<h2 id="s2-h">Hello &amp; welcome</h2>' in page and '<h3 id="s2-a1-h">Quiz</h3>' in page
    assert (
        '<p class="hint">Nichts anzuzeigen.</p>' in page
        and '<p class="hint">Diese Lektion hat keine Aktivitäten.</p>' in page
    )


@pytest.mark.parametrize(
    ("tag", "language"),
    [("es", "es"), ("es-MX", "es"), ("ES_mx", "es"), ("pt-BR", "pt"), ("fr-CA", "fr"), ("de-AT", "de"),
     ("it", "it"), ("en-GB", "en"), ("zh-Hant", "en"), ("und", "en"), ("", "en"), (None, "en"), ("esperanto", "en")],
)  # fmt: skip
def test_the_catalogue_is_chosen_from_the_primary_language_subtag(tag: str | None, language: str) -> None:
    assert catalogue_language(tag) == language


def test_the_catalogue_files_are_exactly_the_supported_languages() -> None:
    folder = resources.files("lessonforge.generation").joinpath("labels")
    assert sorted(f.name for f in folder.iterdir() if f.name.endswith(".json")) == sorted(
        f"{n}.json" for n in LANGUAGES
    )
    assert FALLBACK == "en" and {"en", "es", "fr", "de", "pt", "it"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_has_exactly_the_english_keys_forms_and_placeholders(language: str) -> None:
    english, other = catalogue("en"), catalogue(language)
    assert sorted(other) == sorted(english), (
        f"{language}: missing {set(english) - set(other)}, extra {set(other) - set(english)}"
    )
    for key, label in other.items():
        assert type(label) is type(english[key]), f"{language}:{key}: a plural label in English must be plural here"
        assert placeholders(label) == placeholders(english[key]), f"{language}:{key}"
        forms = [label] if isinstance(label, str) else list(label.values())
        assert all(form.strip() for form in forms), f"{language}:{key} is empty"
        if isinstance(label, dict):
            assert "count" in placeholders(label), f"{language}:{key}: a plural label counts {{count}}"
    assert any(isinstance(label, dict) for label in english.values())


def test_a_missing_key_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above fails when a translation loses a key (and the page still shows the English one)."""
    monkeypatch.delitem(catalogue("es"), "dialogue.next")
    with pytest.raises(AssertionError, match=r"dialogue\.next"):
        test_every_catalogue_has_exactly_the_english_keys_forms_and_placeholders("es")
    assert ">Next line</button>" in render_module_page(_dialogue_body("es"), "token")


def test_plural_forms_follow_the_language() -> None:
    assert [plural_form("en", n) for n in (0, 1, 2, 11)] == ["other", "one", "other", "other"]
    assert [plural_form("es", n) for n in (0, 1, 2)] == ["other", "one", "other"]
    assert [plural_form("fr", n) for n in (0, 1, 2)] == ["one", "one", "other"]
    assert [plural_form("pt", n) for n in (0, 1, 2)] == ["one", "one", "other"]


def test_a_label_with_markup_is_escaped_in_the_html_and_in_the_script_data(monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = '</script><b onclick="x()">Borrar</b> & más'
    monkeypatch.setitem(catalogue("es"), "page.reset", hostile)
    monkeypatch.setitem(catalogue("es"), "quiz.score", "<i>{score}</i> & {total}")
    monkeypatch.setitem(catalogue("es"), "dialogue.next", "{nope} <siguiente>")
    page = render_module_page({**_dialogue_body("es"), "sections": [*_dialogue_body("es")["sections"], _quiz()]}, "t")
    assert "<b onclick" not in page and "<i>" not in page and "<siguiente>" not in page
    escaped = "&lt;/script&gt;&lt;b onclick=&#34;x()&#34;&gt;Borrar&lt;/b&gt; &amp; más"
    assert f'<button type="button" id="lf-reset">{escaped}</button>' in page
    assert "&lt;i&gt;<span data-score>0</span>&lt;/i&gt; &amp; 1" in page  # only the page's own hook is markup
    assert ">{nope} &lt;siguiente&gt;</button>" in page
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert _script_data(page)["labels"]["texts"]["page.reset"] == hostile


def _dialogue_body(language: str) -> dict[str, Any]:
    turns = [{"speaker": "A", "text": "hola"}, {"speaker": "B", "text": "adiós"}]
    activities = [{"kind": "dialogue", "turns": turns}]
    return {"language": language, "interfaceLanguage": language, "sections": [{"activities": activities}]}


def _quiz() -> dict[str, Any]:
    return {"activities": [{"kind": "quiz", "questions": [{"prompt": "?", "choices": ["a", "b"], "answerIndex": 0}]}]}
