"""Quiz exports over HTTP: QTI 2.1 zip, Moodle GIFT and CSV of a generated test, scoped and validated."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from lf_accounts import issue_key, make_org
from lf_qti import manifest_schema, package_problems
from lf_support import sample_payload

from lessonforge.services import keys
from lessonforge.services.context import ServiceContext
from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
SPECIAL = "Tricky ~ = # { } : \\ question?"


@pytest.fixture
def test_id(client: TestClient, bearer: dict[str, str], worker: Worker) -> str:
    """A generated test from vocabulary, quiz, review, example and dialogue lessons."""
    body = {"payload": quiz_payload(), "requestedOutputs": ["expanded_quiz"]}
    job = client.post(EXPANSIONS, json=body, headers=bearer).json()
    worker.drain()
    done = client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer).json()
    assert done["status"] == "completed", done
    resource_id: str = done["outputs"][0]["resourceId"]
    return resource_id


def quiz_payload() -> dict[str, Any]:
    """The sample level with example sentences around its terms (so blanks keep a context sentence)."""
    payload = sample_payload(lessons=5)
    lessons = payload["level"]["lessons"]
    lessons[1]["questions"] = [
        {"question": "¿Cómo estás?", "choices": ["bien", "mal", "regular"], "answer": "bien", "explanation": "Bien."}
    ]
    lessons[0]["items"] = [
        {"term": "hola", "meaning": "hello", "example": "Ana dice hola a su amiga."},
        {"term": "adiós", "meaning": "goodbye", "example": "Luis dice adiós en la puerta."},
        {"term": "gracias", "meaning": "thank you", "example": "Muchas gracias por la comida."},
        {"term": "por favor", "meaning": "please", "example": "Un café, por favor, con leche."},
        {"term": "buenos días", "meaning": "good morning"},
        {"term": "buenas noches", "meaning": "good night"},
    ]
    return payload


def _form_items(body: dict[str, Any], form: str | None = None) -> list[dict[str, Any]]:
    """The items of a form (the first by default), in body order."""
    chosen = next(f for f in body["forms"] if form in (None, f["id"]))
    return [it for it in body["items"] if it["id"] in chosen["itemIds"]]


def _test(client: TestClient, bearer: dict[str, str], test_id: str) -> dict[str, Any]:
    found: dict[str, Any] = client.get(f"/v1/content/tests/{test_id}", headers=bearer).json()
    return found


def _export(client: TestClient, bearer: dict[str, str], test_id: str, fmt: str) -> bytes:
    response = client.get(f"/v1/content/tests/{test_id}/export", params={"format": fmt}, headers=bearer)
    assert response.status_code == 200, response.text
    return response.content


# --- an independent GIFT reader (placeholders for escapes, as Moodle's own importer does) -----------

_ESCAPES = {"\\\\": "\ue000", "\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003", "\\{": "\ue004", "\\}": "\ue005"}
_ESCAPES |= {"\\:": "\ue006", "\\n": "\ue007"}
_LITERAL = {"\ue000": "\\", "\ue001": "~", "\ue002": "=", "\ue003": "#", "\ue004": "{", "\ue005": "}"}
_LITERAL |= {"\ue006": ":", "\ue007": "\n"}


def _unescape(text: str) -> str:
    return "".join(_LITERAL.get(char, char) for char in text)


def read_gift(text: str) -> list[dict[str, Any]]:
    """Each question as ``{title, question, kind, answers, feedback}``."""
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(escaped, placeholder)
    questions = []
    for block in re.split(r"\n\s*\n", text):
        source = "\n".join(
            line for line in block.splitlines() if not line.lstrip().startswith(("//", "$CATEGORY:"))
        ).strip()
        if source:
            questions.append(_read_question(source))
    return questions


def _read_question(source: str) -> dict[str, Any]:
    title = None
    if source.startswith("::"):
        title, source = source[2:].split("::", 1)
    before, rest = source.split("{", 1)
    inside, after = rest.rsplit("}", 1)
    inside, _, feedback = inside.partition("####")
    question = before + "_____" + after if after.strip() else before.rstrip()
    answers = re.findall(r"([=~])(%-?[\d.]+%)?([^=~]*)", inside)
    if inside.strip() in ("TRUE", "FALSE"):
        kind, parsed = "true-false", [inside.strip().capitalize()]
    elif answers and all("->" in a[2] for a in answers):
        kind = "matching"
        parsed = [
            dict(zip(("left", "right"), map(_unescape, map(str.strip, a[2].split("->", 1))), strict=True))
            for a in answers
        ]
    else:
        kind = "short" if all(a[0] == "=" for a in answers) else "choice"
        parsed = [(a[0], a[1].strip("%") or None, _unescape(a[2].strip())) for a in answers]
    return {
        "title": _unescape(title) if title is not None else None,
        "question": _unescape(question),
        "kind": kind,
        "answers": parsed,
        "feedback": _unescape(feedback.strip()),
    }


def _expected_gift(item: dict[str, Any]) -> dict[str, Any]:
    """What the reader should find for a body item."""
    kind = {"select": "choice", "true-false": "true-false", "blank": "short", "matching": "matching"}[item["type"]]
    answers: list[Any]
    if kind in ("true-false", "matching"):
        answers = item["correctAnswers"]
    elif kind == "short":
        answers = [("=", None, answer) for answer in item["correctAnswers"]]
    elif len(item["correctAnswers"]) == 1:
        answers = [("=" if o in item["correctAnswers"] else "~", None, o) for o in item["options"]]
    else:
        weight = f"{100 / len(item['correctAnswers']):.5f}".rstrip("0").rstrip(".")
        answers = [("~", weight if o in item["correctAnswers"] else "-100", o) for o in item["options"]]
    return {
        "title": item["id"],
        "question": item["question"],
        "kind": kind,
        "answers": answers,
        "feedback": item["explanation"],
    }


# --- the tests ------------------------------------------------------------------------------------


def test_the_generated_test_has_every_item_type(client: TestClient, bearer: dict[str, str], test_id: str) -> None:
    body = _test(client, bearer, test_id)["body"]
    assert {it["type"] for it in body["items"]} == {"select", "true-false", "blank", "matching"}
    assert {i for form in body["forms"] for i in form["itemIds"]} == {it["id"] for it in body["items"]}
    assert body["quality"]["leaks"] == 0


def test_qti_is_a_zip_whose_manifest_lists_every_file_and_whose_items_keep_the_answers(
    client: TestClient, bearer: dict[str, str], test_id: str
) -> None:
    response = client.get(f"/v1/content/tests/{test_id}/export?format=qti", headers=bearer)
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == 'attachment; filename="A1 Foundations - Quiz.zip"'
    assert "ratelimit" in response.headers and response.headers["x-request-id"]
    items = _form_items(_test(client, bearer, test_id)["body"])
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    assert package_problems(response.content, manifest_schema()) == {}  # CP XSD + QTI 2.1 content model
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    assert manifest.tag == f"{CP}manifest"
    listed = {f.get("href") for f in manifest.iter(f"{CP}file")}
    assert listed == set(archive.namelist()) - {"imsmanifest.xml"}
    types = [r.get("type") for r in manifest.iter(f"{CP}resource")]
    assert types == ["imsqti_test_xmlv2p1"] + ["imsqti_item_xmlv2p1"] * len(items)
    test_xml = ET.fromstring(archive.read("assessmentTest.xml"))
    assert test_xml.tag == f"{QTI}assessmentTest"
    hrefs = [ref.get("href") for ref in test_xml.iter(f"{QTI}assessmentItemRef")]
    assert len(hrefs) == len(items)
    for item, href in zip(items, hrefs, strict=True):
        _check_qti_item(ET.fromstring(archive.read(str(href))), item)


def _check_qti_item(root: ET.Element, item: dict[str, Any]) -> None:
    assert root.tag == f"{QTI}assessmentItem"
    assert root.get("label") == item["id"]
    declaration = root.find(f"{QTI}responseDeclaration")
    assert declaration is not None
    correct = [v.text for v in declaration.iterfind(f"{QTI}correctResponse/{QTI}value")]
    feedback = root.find(f"{QTI}modalFeedback")
    assert feedback is not None and feedback.text == item["explanation"]
    body = root.find(f"{QTI}itemBody")
    assert body is not None
    if item["type"] in ("select", "true-false"):
        interaction = body.find(f"{QTI}choiceInteraction")
        assert interaction is not None
        assert interaction.get("maxChoices") == str(len(item["correctAnswers"]))
        texts = {c.get("identifier"): c.text for c in interaction.iter(f"{QTI}simpleChoice")}
        assert list(texts.values()) == item["options"]
        assert [texts[c] for c in correct] == item["correctAnswers"]
        prompt = interaction.find(f"{QTI}prompt")
        assert prompt is not None and prompt.text == item["question"]
    elif item["type"] == "blank":
        assert body.find(f".//{QTI}textEntryInteraction") is not None
        mapped = [e.get("mapKey") for e in declaration.iter(f"{QTI}mapEntry")]
        assert mapped == item["correctAnswers"] and correct == item["correctAnswers"][:1]
        paragraph = body.find(f"{QTI}p")
        assert paragraph is not None
        entry = paragraph.find(f"{QTI}textEntryInteraction")
        assert entry is not None and f"{paragraph.text}_____{entry.tail or ''}".strip() == item["question"].strip()
    else:
        interaction = body.find(f"{QTI}matchInteraction")
        assert interaction is not None
        texts = {c.get("identifier"): c.text for c in interaction.iter(f"{QTI}simpleAssociableChoice")}
        pairs = [dict(zip(("left", "right"), (texts[s] for s in str(v).split()), strict=True)) for v in correct]
        assert pairs == item["correctAnswers"]


def test_gift_round_trips_every_question_and_answer(client: TestClient, bearer: dict[str, str], test_id: str) -> None:
    response = client.get(f"/v1/content/tests/{test_id}/export", params={"format": "gift"}, headers=bearer)
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="A1 Foundations - Quiz.gift.txt"'
    items = _form_items(_test(client, bearer, test_id)["body"])
    assert read_gift(response.content.decode("utf-8")) == [_expected_gift(it) for it in items]


def test_gift_escapes_special_characters_and_weights_several_correct_answers(
    client: TestClient, bearer: dict[str, str], test_id: str
) -> None:
    body = _test(client, bearer, test_id)["body"]
    edited = copy.deepcopy(body)
    select = next(it for it in _form_items(edited) if it["type"] == "select")
    select["question"] = SPECIAL
    select["options"] = ["a = b", "{c}", "d ~ e", "f # g: h"]
    select["correctAnswers"] = ["a = b", "f # g: h"]
    select["explanation"] = "Line one\nline two: #1 {x}"
    blank = next(it for it in edited["items"] if it["type"] == "blank")
    edited["forms"][0]["itemIds"] = [it["id"] for it in edited["items"] if it["id"] in edited["forms"][0]["itemIds"]
                                     or it is blank]  # fmt: skip
    blank["question"] = "Say ~ _____ = {hello}"
    blank["correctAnswers"] = ["hola", "buenos días: #1"]
    patched = client.patch(f"/v1/content/tests/{test_id}", json={"body": edited}, headers=bearer)
    assert patched.status_code == 200, patched.text
    text = _export(client, bearer, test_id, "gift").decode("utf-8")
    assert "Tricky \\~ \\= \\# \\{ \\} \\: \\\\ question?" in text
    found = read_gift(text)
    assert found == [_expected_gift(it) for it in _form_items(edited)]
    weighted = next(q for q in found if q["title"] == select["id"])
    assert [a[1] for a in weighted["answers"]] == ["50", "-100", "-100", "50"]
    archive = zipfile.ZipFile(io.BytesIO(_export(client, bearer, test_id, "qti")))
    item_xml = ET.fromstring(archive.read(f"items/{select['id']}.xml"))
    _check_qti_item(item_xml, select)
    declaration = item_xml.find(f"{QTI}responseDeclaration")
    assert declaration is not None and declaration.get("cardinality") == "multiple"


def test_csv_has_one_row_per_item_and_round_trips(client: TestClient, bearer: dict[str, str], test_id: str) -> None:
    response = client.get(f"/v1/content/tests/{test_id}/export", params={"format": "csv"}, headers=bearer)
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="A1 Foundations - Quiz.csv"'
    items = _form_items(_test(client, bearer, test_id)["body"])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))
    header = ["id", "type", "question", "options", "correctAnswers", "explanation", "score", "sourceLessonId",
              "language", "courseLanguage"]  # fmt: skip
    assert rows[0] == header
    assert len(rows) == len(items) + 1
    for row, item in zip(rows[1:], items, strict=True):
        record = dict(zip(header, row, strict=True))
        assert (record["id"], record["type"], record["question"]) == (item["id"], item["type"], item["question"])
        assert json.loads(record["options"]) == item["options"]
        assert json.loads(record["correctAnswers"]) == item["correctAnswers"]
        assert (record["explanation"], record["sourceLessonId"]) == (item["explanation"], item["sourceLessonId"])
        assert float(record["score"]) == item["score"]
        assert (record["language"], record["courseLanguage"]) == ("en", "es")  # the wording's, the course's


def test_an_edit_shows_up_in_every_export(client: TestClient, bearer: dict[str, str], test_id: str) -> None:
    resource = _test(client, bearer, test_id)
    edited = copy.deepcopy(resource["body"])
    del edited["forms"]  # a body without forms exports every item
    edited["items"][0]["question"] = 'Edited: which one, "quoted", multi\nline?'
    response = client.patch(f"/v1/content/tests/{test_id}", json={"title": "Édition 2", "body": edited}, headers=bearer)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(_export(client, bearer, test_id, "csv").decode("utf-8"), newline="")))
    assert rows[1][2] == edited["items"][0]["question"]
    assert read_gift(_export(client, bearer, test_id, "gift").decode("utf-8"))[0]["question"] == rows[1][2]
    qti = client.get(f"/v1/content/tests/{test_id}/export", params={"format": "qti"}, headers=bearer)
    assert qti.headers["content-disposition"] == 'attachment; filename="Edition 2.zip"'
    first = ET.fromstring(zipfile.ZipFile(io.BytesIO(qti.content)).read(f"items/{edited['items'][0]['id']}.xml"))
    _check_qti_item(first, edited["items"][0])


def test_csv_text_that_a_spreadsheet_would_run_as_a_formula_is_guarded(
    client: TestClient, bearer: dict[str, str], test_id: str
) -> None:
    resource = _test(client, bearer, test_id)
    edited = copy.deepcopy(resource["body"])
    del edited["forms"]
    edited["items"][0]["question"] = '=HYPERLINK("http://example.com","click")'
    edited["items"][0]["explanation"] = "@SUM(1,2)"
    edited["items"][1]["question"] = "Plain question - with a dash inside"
    assert client.patch(f"/v1/content/tests/{test_id}", json={"body": edited}, headers=bearer).status_code == 200
    rows = list(csv.reader(io.StringIO(_export(client, bearer, test_id, "csv").decode("utf-8"), newline="")))
    assert rows[1][2] == "'" + edited["items"][0]["question"]
    assert rows[1][5] == "'@SUM(1,2)"
    assert rows[2][2] == edited["items"][1]["question"]


@pytest.mark.parametrize("query", ["", "?format=", "?format=pdf", "?format=QTI"])
def test_a_missing_or_unknown_format_is_a_validation_error_naming_format(
    client: TestClient, bearer: dict[str, str], test_id: str, query: str
) -> None:
    response = client.get(f"/v1/content/tests/{test_id}/export{query}", headers=bearer)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["status"]) == ("content_invalid_request", 400)
    assert [f["field"] for f in error["details"]["fields"]] == ["format"]


def test_another_organizations_test_and_other_resources_are_not_found(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext, test_id: str, worker: Worker
) -> None:
    other = make_org(ctx, "Rival", "rival@school.test")
    other_bearer = {"Authorization": f"Bearer {keys.create_key(ctx, other.organization_id, 'k', None).secret}"}
    response = client.get(f"/v1/content/tests/{test_id}/export?format=csv", headers=other_bearer)
    assert response.status_code == 404 and response.json()["error"]["code"] == "content_not_found"
    unknown = client.get("/v1/content/tests/00000000-0000-0000-0000-000000000000/export?format=gift", headers=bearer)
    assert unknown.status_code == 404
    assert client.get(f"/v1/content/modules/{test_id}/export?format=csv", headers=bearer).status_code == 404
    assert client.get(f"/v1/content/tests/{test_id}/export?format=csv").status_code == 401


def test_a_body_edited_into_an_unexportable_shape_is_a_conflict_naming_the_item(
    client: TestClient, bearer: dict[str, str], test_id: str
) -> None:
    edited = copy.deepcopy(_test(client, bearer, test_id)["body"])
    edited["items"][1]["correctAnswers"] = ["not an option"]
    edited["items"][2]["type"] = "essay"
    assert client.patch(f"/v1/content/tests/{test_id}", json={"body": edited}, headers=bearer).status_code == 200
    response = client.get(f"/v1/content/tests/{test_id}/export?format=qti", headers=bearer)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "content_conflict"
    fields = [f["field"] for f in error["details"]["fields"]]
    assert fields == ["body.items[1].correctAnswers", "body.items[2].type"]


def test_exports_spend_the_keys_rate_limit(client: TestClient, admin_client: TestClient, test_id: str) -> None:
    organization = admin_client.get("/v1/content/organizations").json()[0]["id"]
    limited = {"Authorization": f"Bearer {issue_key(admin_client, organization, rate_limit=2)}"}
    statuses = [
        client.get(f"/v1/content/tests/{test_id}/export?format=csv", headers=limited).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_openapi_documents_the_export_route_and_its_content_types(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/content/tests/{resource_id}/export"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {
        "application/zip",
        "text/plain; charset=utf-8",
        "text/csv; charset=utf-8",
    }
    assert {"400", "401", "404", "409", "429", "500"} <= set(operation["responses"])
    assert [p["name"] for p in operation["parameters"]] == ["resource_id", "format", "form"]
    form = operation["parameters"][2]
    assert not form["required"] and "first form" in form["description"]


def test_every_form_can_be_exported_and_each_export_holds_exactly_its_items(
    client: TestClient, bearer: dict[str, str], test_id: str
) -> None:
    body = _test(client, bearer, test_id)["body"]
    assert len(body["forms"]) >= 2
    for form in body["forms"]:
        text = client.get(
            f"/v1/content/tests/{test_id}/export", params={"format": "gift", "form": form["id"]}, headers=bearer
        ).content.decode("utf-8")
        assert read_gift(text) == [_expected_gift(it) for it in _form_items(body, form["id"])]
        assert f"// lessonforge form: {form['id']}" in text.splitlines()
    default = _export(client, bearer, test_id, "csv")
    first = client.get(
        f"/v1/content/tests/{test_id}/export", params={"format": "csv", "form": body["forms"][0]["id"]}, headers=bearer
    )
    assert default == first.content


@pytest.mark.parametrize("form", ["form-99", "", "FORM-1"])
def test_an_unknown_form_is_a_validation_error_naming_form(
    client: TestClient, bearer: dict[str, str], test_id: str, form: str
) -> None:
    response = client.get(f"/v1/content/tests/{test_id}/export", params={"format": "qti", "form": form}, headers=bearer)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "content_invalid_request"
    assert [f["field"] for f in error["details"]["fields"]] == ["form"]


def test_qti_lets_players_shuffle_select_options_but_keeps_true_false_and_numbers_in_order(
    client: TestClient, bearer: dict[str, str], test_id: str
) -> None:
    body = _test(client, bearer, test_id)["body"]
    edited = copy.deepcopy(body)
    del edited["forms"]
    numbers = next(it for it in edited["items"] if it["type"] == "select")
    numbers["options"], numbers["correctAnswers"] = ["1", "2", "3", "10"], ["3"]
    assert client.patch(f"/v1/content/tests/{test_id}", json={"body": edited}, headers=bearer).status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(_export(client, bearer, test_id, "qti")))
    for it in edited["items"]:
        root = ET.fromstring(archive.read(f"items/{it['id']}.xml"))
        interaction = root.find(f"{QTI}itemBody/{QTI}choiceInteraction")
        if it["type"] == "select":
            assert interaction is not None
            assert interaction.get("shuffle") == ("false" if it is numbers else "true")
        elif it["type"] == "true-false":
            assert interaction is not None and interaction.get("shuffle") == "false"


def test_a_form_naming_a_missing_item_is_a_conflict(client: TestClient, bearer: dict[str, str], test_id: str) -> None:
    edited = copy.deepcopy(_test(client, bearer, test_id)["body"])
    edited["forms"][0]["itemIds"].append("q-nowhere-1")
    assert client.patch(f"/v1/content/tests/{test_id}", json={"body": edited}, headers=bearer).status_code == 200
    response = client.get(f"/v1/content/tests/{test_id}/export?format=csv", headers=bearer)
    assert response.status_code == 409
    assert [f["field"] for f in response.json()["error"]["details"]["fields"]] == ["body.forms[0].itemIds"]


def test_openapi_documents_the_test_bodys_forms_and_quality_report(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    body = schemas["ResourceOut"]["properties"]["body"]
    assert body["properties"]["forms"]["items"]["required"] == ["id", "itemIds"]
    quality = body["properties"]["quality"]["properties"]
    assert {"forms", "itemsPerForm", "leaks", "trueFalse", "correctPosition", "dropped"} <= set(quality)
