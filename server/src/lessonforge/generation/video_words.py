"""The video's two languages: the interface language its scaffolding is written and narrated in (the ``video``
gettext catalogue), and whether the level teaches its content language (a language course) or presents a
subject in it (``domain.course``)."""

from __future__ import annotations

from lessonforge.domain.course import course
from lessonforge.domain.payload import SourcePayload
from lessonforge.generation.video_script import Words
from lessonforge.i18n import translator


def video_words(interface: str) -> Words:
    """The ``video`` messages in the interface language (English when it has no catalogue)."""
    return translator(interface, "video")


def interface_of(payload: SourcePayload) -> str:
    """The learner's language (declared, else inferred: ``domain.course``)."""
    return course(payload).interface_language


def is_language_course(payload: SourcePayload) -> bool:
    """Whether the level teaches its content language (declared ``courseKind``, else inferred)."""
    return course(payload).kind == "language"
