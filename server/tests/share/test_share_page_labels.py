"""The share page's interface texts: in the module's interface language over HTTP, English for anything else,
plural forms by the language's own rule, and texts that can never inject markup (in the HTML or the script's
JSON). Catalogue completeness is tested for every domain in tests/i18n."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lf_share import completed_module, override_messages, public_path, share_payload

from lessonforge.generation.module_page import render_module_page
from lessonforge.generation.page_texts import page_texts
from lessonforge.i18n import catalogue_language
from lessonforge.worker.loop import Worker

DATA = re.compile(r'<script type="application/json" id="lf-data">(.*?)</script>', re.S)

# Static texts as they must appear in the HTML (escaped as autoescape does), per catalogue language.
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
    for text in EXPECTED[labels]:
        assert text in page
    if labels != "en":
        for text in EXPECTED["en"]:
            assert text not in page
    data = _script_data(page)["labels"]
    assert data["language"] == labels and data["texts"] == page_texts(labels).script_data(0)["texts"]


@pytest.mark.parametrize("language", ["ja", "tlh", "und", None])
def test_an_unknown_interface_language_falls_back_to_english(
    client: TestClient, bearer: dict[str, str], worker: Worker, language: str | None
) -> None:
    page = _page(client, bearer, worker, language, interface=language)
    for text in EXPECTED["en"]:
        assert text in page
    data = _script_data(page)["labels"]
    assert data["language"] == "en" and data["texts"] == page_texts("en").script_data(0)["texts"]


def test_without_an_interface_language_a_spanish_course_speaks_english_to_its_learner(
    client: TestClient, bearer: dict[str, str], worker: Worker
) -> None:
    page = _page(client, bearer, worker, "es", interface=None)
    for text in EXPECTED["en"]:
        assert text in page
    for text in EXPECTED["es"]:
        assert text not in page
    assert _script_data(page)["labels"]["language"] == "en"


def test_titles_the_body_lacks_are_interface_texts_but_the_body_text_is_untouched() -> None:
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


def test_a_missing_translation_reads_english(monkeypatch: pytest.MonkeyPatch) -> None:
    override_messages(monkeypatch, "es", {"Next line": None})
    page = render_module_page(_dialogue_body("es"), "token")
    assert ">Next line</button>" in page and ">Volver a empezar</button>" in page


def test_the_script_gets_every_plural_form_and_the_form_of_each_count_it_can_show() -> None:
    """French: 0 and 1 take the first form, 2 the last (and a million the 'many' form gettext knows)."""
    data = render_module_page({**_dialogue_body("fr"), "sections": [_quiz(), _quiz(), _quiz()]}, "t")
    labels = _script_data(data)["labels"]
    assert labels["plural"] == [0, 0, 2, 2]  # one entry per count 0..3 (three questions on the page)
    forms = labels["texts"]["progress.quiz"]
    assert forms[0].endswith("({count} réponse)") and forms[2].endswith("({count} réponses)")
    assert [page_texts("en").translator.plural_index(n) for n in (0, 1, 2)] == [1, 0, 1]
    assert page_texts("fr").translator.plural_index(1_000_000) == 1


def test_a_label_with_markup_is_escaped_in_the_html_and_in_the_script_data(monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = '</script><b onclick="x()">Borrar</b> & más'
    override_messages(
        monkeypatch,
        "es",
        {"Reset my progress": hostile, "Score: {score} / {total}": "<i>{score}</i> & {total}",
         "Next line": "{nope} <siguiente>", "Correct!": hostile},
    )  # fmt: skip
    page = render_module_page({**_dialogue_body("es"), "sections": [*_dialogue_body("es")["sections"], _quiz()]}, "t")
    assert "<b onclick" not in page and "<i>" not in page and "<siguiente>" not in page
    escaped = "&lt;/script&gt;&lt;b onclick=&#34;x()&#34;&gt;Borrar&lt;/b&gt; &amp; más"
    assert f'<button type="button" id="lf-reset">{escaped}</button>' in page
    assert "&lt;i&gt;<span data-score>0</span>&lt;/i&gt; &amp; 1" in page  # only the page's own hook is markup
    assert ">{nope} &lt;siguiente&gt;</button>" in page
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert _script_data(page)["labels"]["texts"]["quiz.correct"] == hostile


def _dialogue_body(language: str) -> dict[str, Any]:
    turns = [{"speaker": "A", "text": "hola"}, {"speaker": "B", "text": "adiós"}]
    activities = [{"kind": "dialogue", "turns": turns}]
    return {"language": language, "interfaceLanguage": language, "sections": [{"activities": activities}]}


def _quiz() -> dict[str, Any]:
    return {"activities": [{"kind": "quiz", "questions": [{"prompt": "?", "choices": ["a", "b"], "answerIndex": 0}]}]}
