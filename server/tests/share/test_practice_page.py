"""The practice section as rendered HTML from hand-edited quizzes: unusable items are left out, forms keep
their order and options, a quiz without forms is delivered whole, and play buttons only with audio."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.testclient import TestClient
from lf_support import require_tool

from lessonforge.generation.module_page import page_clip, render_module_page
from lessonforge.rendering import clips

MODULE: dict[str, Any] = {
    "title": "Saludos",
    "language": "es",
    "interfaceLanguage": "en",
    "sections": [
        {
            "title": "Words",
            "activities": [
                {"kind": "flashcards", "cards": [{"id": "c1", "front": "adiós", "back": "goodbye"}]},
                {"kind": "dialogue", "turns": [{"speaker": "Ana", "text": "¡Hola, Luis!"}]},
            ],
        }
    ],
}
SELECT = {"id": "q1", "type": "select", "question": "Goodbye?", "options": ["hola", "adiós", "gracias"],
          "correctAnswers": ["adiós"], "explanation": "“adiós” means “goodbye”."}  # fmt: skip
BLANK = {"id": "q2", "type": "blank", "question": "¡_____, Ana! (hello)", "options": [], "correctAnswers": ["Hola"]}
ODD = {"id": "q3", "type": "essay", "question": "Write a poem.", "options": [], "correctAnswers": []}
NO_KEY = {"id": "q4", "type": "select", "question": "?", "options": ["a", "b"], "correctAnswers": ["c"]}


def script_data(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="lf-data">(.*?)</script>', page, re.S)
    assert found
    data: dict[str, Any] = json.loads(found[1])
    return data


def test_forms_are_delivered_in_order_with_the_quizs_option_order_and_unusable_items_left_out() -> None:
    forms = [{"id": "form-1", "itemIds": ["q2", "q3", "q1", "q4", "gone"]}, {"id": "form-2", "itemIds": ["q1"]}]
    quiz = {"items": [SELECT, BLANK, ODD, NO_KEY], "forms": forms}
    page = render_module_page(MODULE, "tok", quiz=quiz)
    form = page.split('data-form="form-1"', 1)[1].split('data-form="form-2"', 1)[0]
    assert re.findall(r'data-item="(\w+)"', form) == ["q2", "q1"]
    assert form.index(">hola<") < form.index(">adiós<") < form.index(">gracias<")
    assert script_data(page)["practice"] == {
        "q1": {"type": "choice", "keys": [1]},
        "q2": {"type": "blank", "accepted": ["Hola"]},
    }
    assert 'lang="es"' in form.split('data-item="q2"', 1)[1].split("<input", 1)[1].split(">", 1)[0]
    assert "Version 2 (1 question)" in page and "Version 1 (2 questions)" in page


def test_a_quiz_without_forms_is_practised_whole_and_no_quiz_leaves_only_the_card_drills() -> None:
    whole = render_module_page(MODULE, "tok", quiz={"items": [SELECT, BLANK]})
    assert re.findall(r'data-item="(\w+)"', whole) == ["q1", "q2"] and 'id="pq-form"' not in whole
    drills_only = render_module_page(MODULE, "tok")
    assert " data-practice>" not in drills_only and " data-drill>" in drills_only and " data-recall>" in drills_only
    assert script_data(drills_only)["recall"] == {"1": "adiós"}


def test_play_buttons_appear_only_with_audio_and_name_clips_the_page_can_resolve() -> None:
    assert 'data-say="' not in render_module_page(MODULE, "tok")
    page = render_module_page(MODULE, "tok", audio="tok/audio/")
    names = re.findall(r'data-say="tok/audio/([0-9a-f]{32})\.ogg"', page)
    spoken = {page_clip(MODULE, name) for name in names}
    assert spoken == {("adiós", "es"), ("¡Hola, Luis!", "es")}
    assert page_clip(MODULE, "0" * 32) is None and page_clip(MODULE, "../../etc/passwd") is None
    assert 'data-say="' not in render_module_page({**MODULE, "language": None}, "tok", audio="tok/audio/")


def test_a_course_language_the_speech_engine_has_no_voice_for_gets_no_play_buttons() -> None:
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    spanish = render_module_page(MODULE, "tok", audio="tok/audio/", speaks=clips.available)
    klingon = render_module_page({**MODULE, "language": "tlh"}, "tok", audio="tok/audio/", speaks=clips.available)
    assert 'data-say="' in spanish and 'data-say="' not in klingon


def test_matching_options_in_the_course_language_carry_its_lang_attribute() -> None:
    pairs = [{"left": "goodbye", "right": "adiós"}, {"left": "gracias", "right": "thank you"}]
    matching = {
        "id": "q5",
        "type": "matching",
        "question": "Match.",
        "options": ["adiós", "thank you"],
        "correctAnswers": pairs,
    }
    page = render_module_page(MODULE, "tok", quiz={"items": [matching]})
    assert '<option value="0" lang="es">adiós</option>' in page
    assert '<option value="1">thank you</option>' in page


def test_openapi_documents_the_clip_route_as_public_ogg_audio(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    operation = paths["/share/module/{share_token}/audio/{clip}.ogg"]["get"]
    assert "audio/ogg" in operation["responses"]["200"]["content"]
    assert "404" in operation["responses"] and not operation.get("security")
