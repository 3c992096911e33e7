"""Every catalogue of every domain is complete: each msgid the code uses is in the template, and every
language translates it (every plural form, nothing fuzzy) with the same ``{placeholders}``. Adding a language
is adding its catalogues; these tests say what is missing."""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from lessonforge.i18n import FALLBACK, domains, languages, translator
from lessonforge.i18n.extraction import DOMAIN_SOURCES, extract

PLACEHOLDER = re.compile(r"\{(\w+)\}")
LOCALES = resources.files("lessonforge.i18n").joinpath("locales")
REQUIRED = ("en", "es", "fr", "de", "pt", "it")


def _read(path: Traversable, language: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=language)


def _template(domain: str) -> Catalog:
    return _read(LOCALES.joinpath(f"{domain}.pot"))


def _keys(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {(_msgid(m), m.context) for m in catalog if m.id}


def _msgid(message: Message) -> str:
    return str(message.id[0]) if isinstance(message.id, tuple | list) else str(message.id)


def _names(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def catalogue_problems(template: Catalog, catalog: Catalog) -> list[str]:
    """What keeps ``catalog`` from being complete against ``template`` (empty: complete)."""
    problems = [f"missing {key[0]!r}" for key in sorted(_keys(template) - _keys(catalog), key=str)]
    problems += [f"not in the code any more: {key[0]!r}" for key in sorted(_keys(catalog) - _keys(template), key=str)]
    for message in catalog:
        if not message.id:
            continue
        problems += _message_problems(message, catalog.num_plurals)
    return problems


def _message_problems(message: Message, num_plurals: int) -> list[str]:
    msgid, problems = _msgid(message), []
    if message.fuzzy:
        problems.append(f"{msgid!r} is fuzzy")
    if isinstance(message.id, tuple | list):
        forms = list(message.string) if isinstance(message.string, tuple | list) else [message.string]
        if len(forms) != num_plurals:
            problems.append(f"{msgid!r} has {len(forms)} plural forms, the language has {num_plurals}")
        expected = _names(str(message.id[1]))
        if forms and _names(str(forms[-1])) != expected:
            problems.append(f"{msgid!r}: placeholders {_names(str(forms[-1]))} instead of {expected}")
        problems += [f"{msgid!r}: form {i} uses an unknown placeholder" for i, f in enumerate(forms)
                     if not _names(str(f)) <= expected]  # fmt: skip
    else:
        forms = [message.string]
        if _names(str(message.string)) != _names(msgid):
            problems.append(f"{msgid!r}: placeholders {_names(str(message.string))} instead of {_names(msgid)}")
    if not all(isinstance(form, str) and form.strip() for form in forms):
        problems.append(f"{msgid!r} is not translated")
    return problems


def test_the_shipped_languages_and_domains() -> None:
    assert set(REQUIRED) <= set(languages()) and languages()[0] == FALLBACK == "en"
    assert set(domains()) == set(DOMAIN_SOURCES) >= {"module", "quiz", "video", "exports"}


@pytest.mark.parametrize("domain", sorted(DOMAIN_SOURCES))
def test_each_template_lists_exactly_the_messages_its_sources_use(domain: str) -> None:
    """Fails after a message is added, changed or removed in the code until `python scripts/messages.py` runs."""
    assert _keys(extract(domain)) == _keys(_template(domain))


@pytest.mark.parametrize("domain", sorted(DOMAIN_SOURCES))
@pytest.mark.parametrize("language", languages())
def test_every_catalogue_translates_every_message_with_its_placeholders(language: str, domain: str) -> None:
    path = LOCALES.joinpath(language, "LC_MESSAGES", f"{domain}.po")
    assert path.is_file(), f"{language}/{domain}.po is missing"
    catalog = _read(path, language)
    assert catalog.num_plurals == Catalog(locale=language).num_plurals  # the Plural-Forms header is the CLDR rule
    assert catalogue_problems(_template(domain), catalog) == []


def test_a_missing_untranslated_or_misplaced_message_is_caught() -> None:
    template = Catalog()
    template.add("Hello {name}")
    template.add(("{count} card", "{count} cards"))
    template.add("Bye")
    catalog = Catalog(locale="fr")
    catalog.add("Hello {name}", "Bonjour {nom}")
    catalog.add(("{count} card", "{count} cards"), ("{count} carte", "{count} cartes"))
    catalog.add("Old", "Vieux")
    assert catalogue_problems(template, catalog) == [
        "missing 'Bye'",
        "not in the code any more: 'Old'",
        "'Hello {name}': placeholders {'nom'} instead of {'name'}",
        "'{count} card' has 2 plural forms, the language has 3",
    ]
    catalog.add("Bye", "")
    assert "'Bye' is not translated" in catalogue_problems(template, catalog)


def test_the_module_domain_is_not_empty_and_reads_each_language() -> None:
    assert len(_keys(_template("module"))) > 40
    assert [translator(tag, "module").gettext("Flashcards") for tag in REQUIRED] == [
        "Flashcards", "Tarjetas", "Cartes mémoire", "Karteikarten", "Cartões de memorização", "Flashcard",
    ]  # fmt: skip


def test_an_unknown_domain_is_a_programming_error() -> None:
    with pytest.raises(KeyError, match="unknown message domain"):
        translator("fr", "modules")
