"""``negotiated_language``: an ``Accept-Language`` header to the best catalogue language, English otherwise."""

from __future__ import annotations

import pytest

from lessonforge.i18n import negotiated_language


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("", "en"),
        ("fr-CH, fr;q=0.9, en;q=0.8", "fr"),
        ("FR", "fr"),  # tags are case-insensitive
        ("pt-BR", "pt"),  # a regional tag falls back to its language
        ("zh-CN, de-AT;q=0.5", "de"),
        ("en;q=0.1, de", "de"),  # by weight, not by order
        ("it, es", "it"),  # equal weights keep their order
        ("es;q=0, it;q=0.5", "it"),  # q=0: not acceptable
        ("de;q=abc, it;q=0.2", "it"),  # a malformed weight counts as 0
        ("*", "en"),
        ("zh, ja;q=0.5", "en"),
    ],
)
def test_the_best_catalogue_language_for_a_header(header: str | None, language: str) -> None:
    assert negotiated_language(header) == language
