"""QTI exports with ``xml:lang`` stay valid: over every example level (French, Spanish, Portuguese and German
interfaces; French, Spanish, German and Italian courses; two school subjects) and every form, the manifest
validates against the official IMS CP ``imscp_v1p1.xsd`` and every test and item fits the QTI 2.1 content
model (lf_qti); every item says its language. Broken packages are caught, so the checks can fail."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from lf_examples import example, example_names
from lf_qti import XML_LANG, manifest_schema, package_problems
from lxml import etree

from lessonforge.domain.course import course
from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate
from lessonforge.generation.exports import EXPORT_FORMATS


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return manifest_schema()


def _test_body(name: str) -> dict[str, Any]:
    payload = parse_payload(example(name))
    about = course(payload)
    body = generate("expanded_quiz", payload).body
    assert (body["interfaceLanguage"], body["courseKind"]) == (about.interface_language, about.kind)
    return body  # as generated: the exports read both from the body


def test_the_examples_cover_a_french_and_a_german_interface_or_course() -> None:
    levels = [parse_payload(example(name)) for name in example_names()]
    assert {"fr"} <= {course(level).interface_language for level in levels}
    assert {"de", "fr"} <= {level.language for level in levels}


@pytest.mark.parametrize("name", example_names())
def test_every_form_of_every_example_exports_a_valid_package_whose_items_say_their_language(
    name: str, schema: etree.XMLSchema
) -> None:
    body = _test_body(name)
    for form in body["forms"]:
        exported = EXPORT_FORMATS["qti"].write(body, form["id"])
        assert package_problems(exported, schema) == {}
        archive = zipfile.ZipFile(io.BytesIO(exported))
        items = [etree.fromstring(archive.read(n)) for n in archive.namelist() if n.startswith("items/")]
        assert len(items) == len(form["itemIds"])
        assert {item.get(XML_LANG) for item in items} == {body["interfaceLanguage"]}


def _mutated(body: dict[str, Any], member: str, old: str, new: str) -> bytes:
    """The body's QTI zip with one member edited (a regex substitution that must apply)."""
    source = zipfile.ZipFile(io.BytesIO(EXPORT_FORMATS["qti"].write(body)))
    names = source.namelist()
    target = next(n for n in names if re.fullmatch(member, n) and re.search(old, source.read(n).decode()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            data = source.read(name).decode()
            archive.writestr(name, re.sub(old, new, data, count=1) if name == target else data)
    return out.getvalue()


BREAKAGES = {  # what is edited in which member, and what the report then says
    "resource without type": ("imsmanifest.xml", r' type="imsqti_item_xmlv2p1"', "", "'type' is required"),
    "manifest element in no namespace": ("imsmanifest.xml", "<resources>", '<resources xmlns="">', "'resources'"),
    "malformed xml:lang": ("items/.*", 'xml:lang="fr"', 'xml:lang="fr FR"', "xml:lang"),
    "feedback before the body": ("items/.*", "(<itemBody>)", r"<modalFeedback/>\1", "children"),
    "choice inside a paragraph": ("items/.*", "<textEntryInteraction ", "<choiceInteraction ", "children"),
    "correct value naming no choice": ("items/.*", r"<value>CHOICE_\d</value>", "<value>CHOICE_9</value>", "names"),
    "unknown navigation mode": ("assessmentTest.xml", '"nonlinear"', '"free"', "one of"),
    "undeclared outcome": (
        "items/.*",
        '<setOutcomeValue identifier="SCORE">',
        '<setOutcomeValue identifier="X">',
        "sets",
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_package_is_reported(breakage: str, schema: etree.XMLSchema) -> None:
    member, old, new, said = BREAKAGES[breakage]
    body = _test_body("french-b1-logement")
    problems = package_problems(_mutated(body, member, old, new), schema)
    assert problems and said in " ".join(p for found in problems.values() for p in found), problems
