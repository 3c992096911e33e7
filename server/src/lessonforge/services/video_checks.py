"""The video limits applied to an expansion: a level too big for a video fails its ``summary_video`` output
with ``source_invalid`` before the plan is built, and a plan too long fails it before it is filed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lessonforge.domain.payload import SourcePayload
from lessonforge.domain.video_limits import VideoLimits, lessons_problem, plan_problem
from lessonforge.errors import SourceInvalidError
from lessonforge.generation import GeneratedResource, generate_all
from lessonforge.runtime import collector_paused

VIDEO_OUTPUT = "summary_video"
Outcome = GeneratedResource | SourceInvalidError


def generate_within_limits(output_types: Sequence[str], payload: SourcePayload, limits: VideoLimits) -> list[Outcome]:
    """``generate_all`` with the video limits checked first (payload) and last (plan)."""
    refused = _payload_refusal(payload, limits) if VIDEO_OUTPUT in output_types else None
    wanted = [kind for kind in output_types if not (kind == VIDEO_OUTPUT and refused is not None)]
    with collector_paused():
        generated = generate_all(wanted, payload) if wanted else []
    built: dict[str, Outcome] = dict(zip(wanted, generated, strict=True))
    if refused is not None:
        built[VIDEO_OUTPUT] = refused
    video = built.get(VIDEO_OUTPUT)
    if isinstance(video, GeneratedResource):
        built[VIDEO_OUTPUT] = _plan_refusal(video.body, limits) or video
    return [built[kind] for kind in output_types]


def _payload_refusal(payload: SourcePayload, limits: VideoLimits) -> SourceInvalidError | None:
    problem = lessons_problem([(lesson.id, lesson.data) for lesson in payload.lessons], limits)
    if problem is None:
        return None
    return SourceInvalidError(problem.message, lesson_id=problem.lesson_id, field=problem.field)


def _plan_refusal(body: Mapping[str, Any], limits: VideoLimits) -> SourceInvalidError | None:
    scenes = body.get("scenes")
    problem = plan_problem([s for s in scenes if isinstance(s, Mapping)] if isinstance(scenes, list) else [], limits)
    if problem is None:
        return None
    where = f'lesson "{problem.lesson_id}": ' if problem.lesson_id else ""
    return SourceInvalidError(f"{where}{problem.message}", lesson_id=problem.lesson_id)
