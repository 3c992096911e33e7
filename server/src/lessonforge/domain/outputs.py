"""The three output types a job can request, in their fixed order, and the resource each produces."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

OUTPUT_TYPES: tuple[str, ...] = ("interactive_module", "summary_video", "expanded_quiz")
RESOURCE_TYPES: Mapping[str, str] = MappingProxyType(
    {"interactive_module": "module", "summary_video": "video", "expanded_quiz": "test"}
)
