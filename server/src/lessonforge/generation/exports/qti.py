"""QTI 2.1 content package: ``imsmanifest.xml``, one ``assessmentTest`` and one ``assessmentItem`` per item.

select/true-false → ``choiceInteraction``, blank → ``textEntryInteraction`` (every accepted answer mapped),
matching → ``matchInteraction`` (``directedPair`` responses). The explanation is ``modalFeedback``.
Each item says its language (``xml:lang``: the interface language of its wording); in a language course the
terms of a matching item carry the course language.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree as ET

from lessonforge.generation.assembly.positions import order_matters
from lessonforge.generation.exports._items import BLANK, ExportItem, ExportTest, format_score, read_test

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
TEST_FILE = "assessmentTest.xml"
# Fixed member timestamps: the same test body always gives the same bytes.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def write_qti(body: Mapping[str, Any], form: str | None = None) -> bytes:
    """The zip bytes of a QTI 2.1 package for a ``test`` body."""
    test = read_test(body, form)
    identifiers = _identifiers(test.items)
    files = {
        f"items/{ident}.xml": _item_xml(test, it, ident) for it, ident in zip(test.items, identifiers, strict=True)
    }
    members = {"imsmanifest.xml": _manifest(identifiers), TEST_FILE: _test_xml(test, identifiers), **files}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _identifiers(items: Sequence[ExportItem]) -> list[str]:
    """A unique QTI identifier (and file name) per item: the item id where it is one, else made into one."""
    out: list[str] = []
    for number, it in enumerate(items, 1):
        ident = re.sub(r"[^A-Za-z0-9_.-]", "_", it.id)[:64]
        if not re.match(r"[A-Za-z_]", ident):
            ident = f"item-{ident}"
        if ident in out:
            ident = f"{ident}-{number}"
        out.append(ident)
    return out


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.Element(tag, attrs) if parent is None else ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _root(tag: str, namespace: str, schema: str, **attrs: str) -> ET.Element:
    """A root element declaring its default namespace (written literally: no global registration)."""
    return _el(
        None, tag, xmlns=namespace, **{"xmlns:xsi": XSI_NS, "xsi:schemaLocation": f"{namespace} {schema}"}, **attrs
    )


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written


def _manifest(identifiers: Sequence[str]) -> bytes:
    root = _root("manifest", CP_NS, CP_XSD, identifier="MANIFEST-lessonforge-test")
    metadata = _el(root, "metadata")
    _el(metadata, "schema", "QTIv2.1 Package")
    _el(metadata, "schemaversion", "1.0.0")
    _el(root, "organizations")
    resources = _el(root, "resources")
    test = _el(resources, "resource", identifier="RES-TEST", type="imsqti_test_xmlv2p1", href=TEST_FILE)
    _el(test, "file", href=TEST_FILE)
    for ident in identifiers:
        _el(test, "dependency", identifierref=f"RES-{ident}")
    for ident in identifiers:
        href = f"items/{ident}.xml"
        item = _el(resources, "resource", identifier=f"RES-{ident}", type="imsqti_item_xmlv2p1", href=href)
        _el(item, "file", href=href)
    return _xml(root)


def _test_xml(test: ExportTest, identifiers: Sequence[str]) -> bytes:
    root = _root("assessmentTest", QTI_NS, QTI_XSD, identifier="lessonforge-test", title=test.title)
    _el(root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    part = _el(root, "testPart", identifier="part-1", navigationMode="nonlinear", submissionMode="individual")
    section = _el(part, "assessmentSection", identifier="section-1", title=test.title, visible="true")
    for ident in identifiers:
        _el(section, "assessmentItemRef", identifier=ident, href=f"items/{ident}.xml")
    processing = _el(root, "outcomeProcessing")
    total = _el(_el(processing, "setOutcomeValue", identifier="SCORE"), "sum")
    _el(total, "testVariables", variableIdentifier="SCORE")
    return _xml(root)


def _item_xml(test: ExportTest, it: ExportItem, ident: str) -> bytes:
    attrs = {"identifier": ident, "title": it.question[:256], "label": it.id[:256], "xml:lang": test.interface_language}
    root = _root("assessmentItem", QTI_NS, QTI_XSD, **attrs, adaptive="false", timeDependent="false")
    if it.type == "matching":
        terms = test.language if test.course_kind == "language" else None
        _matching(root, it, terms)
    elif it.type == "blank":
        _blank(root, it)
    else:
        _choice(root, it)
    if it.explanation:
        _el(
            root,
            "modalFeedback",
            it.explanation,
            outcomeIdentifier="FEEDBACK",
            identifier="EXPLANATION",
            showHide="show",
        )
    return _xml(root)


def _outcomes(root: ET.Element, it: ExportItem) -> None:
    score = _el(root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    _el(_el(score, "defaultValue"), "value", "0")
    top = _el(root, "outcomeDeclaration", identifier="MAXSCORE", cardinality="single", baseType="float")
    _el(_el(top, "defaultValue"), "value", format_score(it.score))
    _el(root, "outcomeDeclaration", identifier="FEEDBACK", cardinality="single", baseType="identifier")


def _response(root: ET.Element, cardinality: str, base_type: str, correct: Sequence[str]) -> ET.Element:
    declaration = _el(root, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality, baseType=base_type)
    values = _el(declaration, "correctResponse")
    for value in correct:
        _el(values, "value", value)
    return declaration


def _choice(root: ET.Element, it: ExportItem) -> None:
    choice_ids = {option: f"CHOICE_{n}" for n, option in reversed(list(enumerate(it.options, 1)))}
    cardinality = "single" if len(it.correct) == 1 else "multiple"
    _response(root, cardinality, "identifier", [choice_ids[answer] for answer in it.correct])
    _outcomes(root, it)
    shuffle = it.type == "select" and not order_matters(it.options)  # true/false keeps its conventional order
    attrs = {"responseIdentifier": "RESPONSE", "shuffle": str(shuffle).lower(), "maxChoices": str(len(it.correct))}
    interaction = _el(_el(root, "itemBody"), "choiceInteraction", **attrs)
    _el(interaction, "prompt", it.question)
    for n, option in enumerate(it.options, 1):
        _el(interaction, "simpleChoice", option, identifier=f"CHOICE_{n}")
    _match_correct(root, it)


def _blank(root: ET.Element, it: ExportItem) -> None:
    declaration = _response(root, "single", "string", it.correct[:1])
    mapping = _el(declaration, "mapping", defaultValue="0", upperBound=format_score(it.score))
    for answer in it.correct:
        _el(mapping, "mapEntry", mapKey=answer, mappedValue=format_score(it.score), caseSensitive="false")
    _outcomes(root, it)
    before, found, after = it.question.partition(BLANK)
    paragraph = _el(_el(root, "itemBody"), "p", before if found else f"{it.question} ")
    longest = max(len(answer) for answer in it.correct)
    entry = _el(paragraph, "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength=str(longest + 5))
    entry.tail = after if found else None
    _map_response(root)


def _matching(root: ET.Element, it: ExportItem, terms_language: str | None) -> None:
    rights = list(it.options) + [p.right for p in it.pairs if p.right not in it.options]
    left_ids = {p.left: f"L{n}" for n, p in enumerate(it.pairs, 1)}
    right_ids = {right: f"R{n}" for n, right in reversed(list(enumerate(rights, 1)))}
    correct = [f"{left_ids[p.left]} {right_ids[p.right]}" for p in it.pairs]
    declaration = _response(root, "multiple", "directedPair", correct)
    share = format_score(it.score / len(it.pairs))
    mapping = _el(declaration, "mapping", defaultValue="0", upperBound=format_score(it.score))
    for value in correct:
        _el(mapping, "mapEntry", mapKey=value, mappedValue=share)
    _outcomes(root, it)
    attrs = {"responseIdentifier": "RESPONSE", "shuffle": "true", "maxAssociations": str(len(it.pairs))}
    interaction = _el(_el(root, "itemBody"), "matchInteraction", **attrs)
    _el(interaction, "prompt", it.question)
    sources = _el(interaction, "simpleMatchSet")
    marked = {"xml:lang": terms_language} if terms_language else {}
    for pair in it.pairs:
        _el(sources, "simpleAssociableChoice", pair.left, identifier=left_ids[pair.left], matchMax="1", **marked)
    targets = _el(interaction, "simpleMatchSet")
    for n, right in enumerate(rights, 1):
        _el(targets, "simpleAssociableChoice", right, identifier=f"R{n}", matchMax="1")
    _map_response(root)


def _set(parent: ET.Element, identifier: str, base_type: str, value: str) -> None:
    _el(_el(parent, "setOutcomeValue", identifier=identifier), "baseValue", value, baseType=base_type)


def _match_correct(root: ET.Element, it: ExportItem) -> None:
    """SCORE is the item's score when the response is exactly the correct one, else 0; feedback shown."""
    processing = _el(root, "responseProcessing")
    condition = _el(processing, "responseCondition")
    branch = _el(condition, "responseIf")
    match = _el(branch, "match")
    _el(match, "variable", identifier="RESPONSE")
    _el(match, "correct", identifier="RESPONSE")
    _set(branch, "SCORE", "float", format_score(it.score))
    _set(_el(condition, "responseElse"), "SCORE", "float", "0")
    _set(processing, "FEEDBACK", "identifier", "EXPLANATION")


def _map_response(root: ET.Element) -> None:
    """SCORE is the mapped value of the response (0 when there is none); feedback shown."""
    processing = _el(root, "responseProcessing")
    condition = _el(processing, "responseCondition")
    branch = _el(condition, "responseIf")
    _el(_el(branch, "isNull"), "variable", identifier="RESPONSE")
    _set(branch, "SCORE", "float", "0")
    mapped = _el(_el(condition, "responseElse"), "setOutcomeValue", identifier="SCORE")
    _el(mapped, "mapResponse", identifier="RESPONSE")
    _set(processing, "FEEDBACK", "identifier", "EXPLANATION")
