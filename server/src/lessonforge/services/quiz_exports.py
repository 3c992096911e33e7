"""Exporting a ``test`` resource (its current body) as a QTI 2.1 zip, Moodle GIFT or CSV file."""

from __future__ import annotations

from dataclasses import dataclass

from lessonforge.errors import ConflictError, FieldProblem, ValidationError
from lessonforge.generation.exports import (
    EXPORT_FORMATS,
    ExportFormat,
    UnexportableTestError,
    UnknownFormError,
    safe_filename,
)
from lessonforge.services.context import ServiceContext
from lessonforge.services.resources import get_resource


@dataclass(frozen=True)
class ExportedTest:
    """The file to send: its bytes, media type and a download name safe for any header or file system."""

    content: bytes
    media_type: str
    filename: str


def export_format(name: str | None) -> ExportFormat:
    """The format named by ``?format=``; a missing or unknown name is a validation error on ``format``."""
    found = EXPORT_FORMATS.get(name or "")
    if found is None:
        choices = ", ".join(EXPORT_FORMATS)
        problem = "Required" if not name else f"Unknown format; use one of {choices}"
        raise ValidationError(f"format must be one of {choices}", fields=[FieldProblem("format", problem)])
    return found


def export_test(
    ctx: ServiceContext, organization_id: str, test_id: str, format_name: str | None, form: str | None = None
) -> ExportedTest:
    """One form (``form``; default the first) of the organization's test ``test_id`` as of now (edits
    included), written in ``format_name``; a test without forms exports every item."""
    chosen = export_format(format_name)
    if form is not None and not form.strip():
        raise ValidationError("form must be a form id of the test", fields=[FieldProblem("form", "Empty")])
    test = get_resource(ctx, organization_id, "test", test_id)
    try:
        content = chosen.write(test.body, form)
    except UnexportableTestError as exc:
        fields = [FieldProblem(f"body.{where}", what) for where, what in exc.problems]
        raise ConflictError(f"The test cannot be exported as {chosen.name}: {exc}", fields=fields) from exc
    except UnknownFormError as exc:
        problem = f"Unknown form; the test has {', '.join(exc.forms) or 'no forms'}"
        raise ValidationError(
            f"form must be one of the test's forms: {exc}", fields=[FieldProblem("form", problem)]
        ) from exc
    return ExportedTest(content, chosen.media_type, safe_filename(test.title, chosen.extension))
