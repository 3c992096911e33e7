"""Helpers for the share-page tests: a completed module with a hostile title, and the browser rule."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from lf_support import sample_payload

from lessonforge.i18n import Translator, catalogue_language
from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"
XSS_TITLE = "</script><script>alert(1)</script>"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def share_payload(language: str | None = "es", interface: str | None = "es") -> dict[str, Any]:
    """All five lesson kinds plus an unknown one; the first lesson's title is a script injection attempt.

    ``interface`` is the page's ``interfaceLanguage`` (None: not sent, so English).
    """
    payload = sample_payload(lessons=5)
    payload["language"] = language
    if interface is not None:
        payload["interfaceLanguage"] = interface
    lessons = payload["level"]["lessons"]
    lessons[0]["title"] = XSS_TITLE
    lessons.append(
        {"id": "l6", "type": "culture", "title": "Culture corner", "body": "Spaniards greet with two kisses."}
    )
    return payload


def completed_module(
    client: TestClient, bearer: dict[str, str], worker: Worker, payload: dict[str, Any]
) -> dict[str, Any]:
    """The manifest of a completed ``interactive_module`` built from ``payload``."""
    body = {"payload": payload, "requestedOutputs": ["interactive_module"]}
    job = client.post(EXPANSIONS, json=body, headers=bearer).json()
    worker.drain()
    done = client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer).json()
    assert done["status"] == "completed", done
    manifest: dict[str, Any] = done["outputs"][0]["manifest"]
    return manifest


def lesson_titles(payload: dict[str, Any]) -> list[str]:
    return [lesson["title"] for lesson in payload["level"]["lessons"]]


def public_path(manifest: dict[str, Any]) -> str:
    """The path of the manifest's ``publicUrl`` (its host is the configured public base URL)."""
    return urlsplit(manifest["urls"]["publicUrl"]).path


def require_chromium() -> str:
    """Debian's Chromium and Playwright's Python package: skipped locally when missing, a failure on CI."""
    missing = [] if CHROMIUM.exists() else [str(CHROMIUM)]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install -e 'server[dev]')")
    if missing:
        message = f"share-page browser tests need {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; .ci/run must install them")
        pytest.skip(message)
    return str(CHROMIUM)


def override_messages(
    monkeypatch: pytest.MonkeyPatch, language: str, messages: dict[str, str | tuple[str, ...] | None]
) -> None:
    """The share page reads ``language``'s real ``module`` catalogue with some messages replaced (``None``:
    removed), as a careless or hostile translator could ship it."""
    import lessonforge.generation.page_texts as page_texts

    path = resources.files("lessonforge.i18n").joinpath("locales", language, "LC_MESSAGES", "module.po")
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain="module")
    for msgid, text in messages.items():
        if text is None:
            catalog.delete(msgid)
        else:
            message = catalog.get(msgid)
            assert message is not None, msgid
            message.string = text
    changed = Translator.from_catalog(catalog, "module")
    real = page_texts.translator

    def patched(tag: str | None, domain: str) -> Translator:
        return changed if catalogue_language(tag) == language and domain == "module" else real(tag, domain)

    monkeypatch.setattr(page_texts, "translator", patched)
