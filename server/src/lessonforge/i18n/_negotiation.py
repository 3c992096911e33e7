"""Which catalogue language a browser asked for: an HTTP ``Accept-Language`` header, matched by Babel."""

from __future__ import annotations

from babel import negotiate_locale

from lessonforge.i18n._catalogues import FALLBACK, languages


def _preferred(header: str) -> list[str]:
    """The header's language ranges, most wanted first (RFC 9110 §12.5.4: ``q`` weights, 0 = not acceptable;
    equal weights keep their order); ``*`` is left out (it names no language to choose)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if tag.strip() and tag.strip() != "*" and weight > 0:
            weighted.append((-weight, position, tag.strip().lower()))
    return [tag for _, _, tag in sorted(weighted)]


def negotiated_language(accept_language: str | None) -> str:
    """The best catalogue language for an ``Accept-Language`` header (``fr-CH, de;q=0.8`` → ``fr``); English
    when the header is absent or asks for none of them."""
    if not accept_language:
        return FALLBACK
    found = negotiate_locale(_preferred(accept_language), list(languages()), sep="-")
    return found or FALLBACK
