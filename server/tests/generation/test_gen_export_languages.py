"""Exports say their languages: QTI items carry xml:lang (the wording's) and, in a language course, matching
terms the course's; GIFT opens with its languages and a category and still parses in gift-pegjs; CSV rows
carry both languages. Over every example level."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from lf_examples import example, example_names
from lf_gift import parse_gift

from lessonforge.domain.course import course
from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate
from lessonforge.generation.exports import EXPORT_FORMATS

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _test_body(name: str) -> dict[str, Any]:
    payload = parse_payload(example(name))
    about = course(payload)
    body = generate("expanded_quiz", payload).body
    assert (body["interfaceLanguage"], body["courseKind"]) == (about.interface_language, about.kind)
    return body  # as generated: the exports read both from the body


def _qti_items(body: dict[str, Any], form: str | None = None) -> list[ET.Element]:
    archive = zipfile.ZipFile(io.BytesIO(EXPORT_FORMATS["qti"].write(body, form)))
    return [ET.fromstring(archive.read(name)) for name in archive.namelist() if name.startswith("items/")]


@pytest.mark.parametrize("name", example_names())
def test_every_qti_item_says_the_language_of_its_wording(name: str) -> None:
    body = _test_body(name)
    items = _qti_items(body)
    first_form = body["forms"][0]["itemIds"]
    assert len(items) == len(first_form) and {item.get(XML_LANG) for item in items} == {body["interfaceLanguage"]}
    for item in items:
        sources = item.findall(f"{QTI}itemBody/{QTI}matchInteraction/{QTI}simpleMatchSet")[:1]
        terms = [choice.get(XML_LANG) for source in sources for choice in source]
        if body["courseKind"] == "language":
            assert set(terms) <= {body["language"]}
        else:
            assert set(terms) <= {None}


def test_matching_terms_of_a_language_course_carry_the_course_language() -> None:
    body = _test_body("german-a2-for-spanish-speakers")
    items = [item for form in body["forms"] for item in _qti_items(body, form["id"])]
    marked = [c for item in items for c in item.iter(f"{QTI}simpleAssociableChoice") if c.get(XML_LANG)]
    assert marked and {c.get(XML_LANG) for c in marked} == {"de"}
    assert {c.text for c in marked} <= {i["term"] for i in example("german-a2-for-spanish-speakers")["level"][
        "lessons"][0]["items"]}  # fmt: skip


@pytest.mark.parametrize("name", example_names())
def test_gift_states_its_languages_and_category_and_gift_pegjs_reads_every_question(name: str) -> None:
    body = _test_body(name)
    text = EXPORT_FORMATS["gift"].write(body).decode("utf-8")
    kind, language = body["courseKind"], body["language"]
    assert (
        f"// lessonforge: interfaceLanguage={body['interfaceLanguage']}; language={language}; courseKind={kind}\n"
        in (text)
    )
    parsed = parse_gift(text)
    assert parsed[0] == {"type": "Category", "title": f"$course$/top/{body['title']}"}
    assert [q["title"] for q in parsed[1:]] == body["forms"][0]["itemIds"]  # the first form by default
    assert f"// lessonforge form: {body['forms'][0]['id']}\n" in text


def test_the_gift_header_and_default_title_are_in_the_interface_language() -> None:
    body = {**_test_body("italian-a1-for-portuguese-speakers"), "title": None}
    text = EXPORT_FORMATS["gift"].write(body).decode("utf-8")
    count = len(body["forms"][0]["itemIds"])  # the first form, exported by default
    assert text.startswith(f"// Questionário (teste do lessonforge, {count} perguntas)\n")
    assert "$CATEGORY: $course$/top/Questionário\n" in text
    one = {**body, "items": body["items"][:1], "forms": [], "title": "Unidade 1/2"}
    assert "(teste do lessonforge, 1 pergunta)" in EXPORT_FORMATS["gift"].write(one).decode("utf-8")
    assert "$CATEGORY: $course$/top/Unidade 1//2\n" in EXPORT_FORMATS["gift"].write(one).decode("utf-8")


def test_csv_rows_carry_both_languages_and_a_malformed_tag_is_left_out() -> None:
    body = _test_body("spanish-a1-for-french-speakers")
    rows = list(csv.DictReader(io.StringIO(EXPORT_FORMATS["csv"].write(body).decode("utf-8"), newline="")))
    assert {(row["language"], row["courseLanguage"]) for row in rows} == {("fr", "es")}
    odd = {**body, "language": "es MX", "interfaceLanguage": "fr_FR"}
    rows = list(csv.DictReader(io.StringIO(EXPORT_FORMATS["csv"].write(odd).decode("utf-8"), newline="")))
    assert {(row["language"], row["courseLanguage"]) for row in rows} == {("en", "")}
    assert {item.get(XML_LANG) for item in _qti_items(odd)} == {"en"}
