"""Refresh the gettext catalogues: extract each domain's template from the sources, merge it into every catalogue.

    python scripts/messages.py             # after adding or changing a message in the code
    python scripts/messages.py --add nl    # start the catalogues of a new language (then translate them)

New messages arrive untranslated (English catalogues are filled with the msgid); messages no longer in the code
are dropped. `server/tests/i18n/test_catalogues.py` fails until every catalogue is complete.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from lessonforge.i18n import FALLBACK, languages
from lessonforge.i18n.extraction import DOMAIN_SOURCES, PACKAGE, extract

LOCALES = PACKAGE / "i18n" / "locales"
STABLE_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""Headers carry a fixed date so a refresh changes a file only when its messages change."""


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=0, include_lineno=False, sort_output=True, ignore_obsolete=True)


def _merge(template: Catalog, language: str, domain: str) -> None:
    path = LOCALES / language / "LC_MESSAGES" / f"{domain}.po"
    if path.exists():
        with path.open("rb") as po:
            catalog = read_po(po, locale=language, domain=domain)
    else:
        catalog = Catalog(locale=language, domain=domain, project="lessonforge", creation_date=STABLE_DATE, fuzzy=False)
    catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)  # update() adopts the template's messages
    catalog.revision_date = STABLE_DATE
    catalog.fuzzy = False  # the header is reviewed with the catalogue
    if language == FALLBACK:
        for message in catalog:
            if message.id and not any(message.string if isinstance(message.string, tuple) else [message.string]):
                message.string = message.id if isinstance(message.id, str) else tuple(message.id)
    _write(catalog, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--add", metavar="LANG", action="append", default=[], help="start a new language")
    wanted = [*languages(), *parser.parse_args().add]
    for domain in DOMAIN_SOURCES:
        template = extract(domain)
        template.creation_date = STABLE_DATE
        _write(template, LOCALES / f"{domain}.pot")
        for language in dict.fromkeys(wanted):
            _merge(template, language, domain)


if __name__ == "__main__":
    main()
