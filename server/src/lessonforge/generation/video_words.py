"""The video's two languages: the interface language its scaffolding is written and narrated in (the ``video``
gettext catalogue), and whether the level teaches its content language (a language course) or presents a
subject in it (``domain.course``)."""

from __future__ import annotations

from collections.abc import Iterable

from lessonforge.domain.course import course
from lessonforge.domain.payload import SourcePayload
from lessonforge.domain.video_limits import spoken_seconds
from lessonforge.generation.video_script import NARRATOR, Words
from lessonforge.i18n import translator, written_language


def video_words(interface: str) -> Words:
    """The ``video`` messages in the interface language (English when it has no catalogue)."""
    return translator(interface, "video")


def interface_of(payload: SourcePayload) -> str:
    """The learner's language (declared, else inferred: ``domain.course``)."""
    return course(payload).interface_language


def is_language_course(payload: SourcePayload) -> bool:
    """Whether the level teaches its content language (declared ``courseKind``, else inferred)."""
    return course(payload).kind == "language"


def spoken_language(parts: Iterable[tuple[str, str]], language: str | None, interface: str | None) -> str | None:
    """The language most of a video is said in — its captions' and sound track's (docs/video-render.md,
    "Stream languages"): of the ``(text, voice)`` parts, the narrator's are in the interface language (as
    ``i18n.written_language``: English for an interface without a catalogue) and every other voice's in the
    course ``language``; whichever takes longer to say (estimated) wins, the interface language on a tie.
    None when neither language is known."""
    if interface:
        interface = written_language(interface)
    if not interface or not language:
        return interface or language
    narrated = other = 0.0
    for text, voice in parts:
        if voice == NARRATOR:
            narrated += spoken_seconds(text)
        else:
            other += spoken_seconds(text)
    return language if other > narrated else interface
