"""The export writers as pure functions: escaping, file names, identifiers, determinism, refused bodies."""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from lessonforge.generation.exports import EXPORT_FORMATS, UnexportableTestError, safe_filename
from lessonforge.generation.exports.gift import escape

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


def _item(item_id: str, **changes: Any) -> dict[str, Any]:
    base = {
        "id": item_id,
        "type": "select",
        "question": "Pick one",
        "options": ["a", "b"],
        "correctAnswers": ["a"],
        "explanation": "",
        "score": 1,
        "sourceLessonId": "l1",
    }
    return base | changes


def test_gift_escapes_what_moodle_reserves() -> None:
    assert escape("a~b=c#d{e}f:g\\h\ni\r") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("A1 Foundations — Quiz", "A1 Foundations - Quiz.csv"),
        ("Español: ¿qué?", "Espanol - que.csv"),
        ('../../etc/"passwd"', "etc-passwd.csv"),
        ("日本語", "test.csv"),
        ("x" * 300, "x" * 100 + ".csv"),
    ],
)
def test_file_names_are_ascii_and_safe_in_a_header(title: str, name: str) -> None:
    assert safe_filename(title, "csv") == name


def test_every_format_gives_the_same_bytes_for_the_same_body() -> None:
    body = {"title": "T", "items": [_item("q-1"), _item("q-2", question="Other")]}
    for export in EXPORT_FORMATS.values():
        assert export.write(body) == export.write(body)


def test_odd_item_ids_become_unique_qti_identifiers_and_keep_their_label() -> None:
    body = {"items": [_item("1 x/y"), _item("1_x_y", question="Two"), _item("ok", question="Three")]}
    archive = zipfile.ZipFile(io.BytesIO(EXPORT_FORMATS["qti"].write(body)))
    items = sorted(n for n in archive.namelist() if n.startswith("items/"))
    assert items == ["items/item-1_x_y-2.xml", "items/item-1_x_y.xml", "items/ok.xml"]
    labels = {ET.fromstring(archive.read(n)).get("label") for n in items}
    assert labels == {"1 x/y", "1_x_y", "ok"}
    test = ET.fromstring(archive.read("assessmentTest.xml"))
    assert [r.get("href") for r in test.iter(f"{QTI}assessmentItemRef")] == [
        "items/item-1_x_y.xml",
        "items/item-1_x_y-2.xml",
        "items/ok.xml",
    ]


def test_a_body_that_cannot_be_exported_names_every_problem() -> None:
    body = {
        "items": [
            _item("a", correctAnswers=["z"]),
            "not an item",
            _item("a", question="Repeated id"),
            _item("m", type="matching", options=["x", "x"], correctAnswers=[{"left": "p", "right": "x"}] * 2),
            _item("s", score=0, options="a, b"),
        ]
    }
    with pytest.raises(UnexportableTestError) as caught:
        EXPORT_FORMATS["csv"].write(body)
    assert caught.value.problems == [
        ("items[0].correctAnswers", "every correct answer must be one of the options"),
        ("items[1]", "must be an object"),
        ("items[3].correctAnswers", "the left sides must be distinct"),
        ("items[4].score", "must be a positive number"),
        ("items[4].options", "must be a list of texts"),
    ]
    with pytest.raises(UnexportableTestError):
        EXPORT_FORMATS["gift"].write({"items": "none"})
