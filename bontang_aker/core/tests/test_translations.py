"""The Indonesian catalogue is complete: Indonesian is the default language of the portal."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def catalogue_entries() -> list[str]:
    return [block for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n") if "msgid" in block][1:]


def test_every_message_has_an_indonesian_translation_and_none_is_fuzzy():
    untranslated = [
        block
        for block in catalogue_entries()
        if re.search(r'^msgstr(\[0\])? ""$', block, re.M) and not re.search(r'^msgstr(\[0\])? ""\n"', block, re.M)
    ]
    fuzzy = [block for block in catalogue_entries() if re.search(r"^#,.*\bfuzzy\b", block, re.M)]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_is_the_one_django_uses():
    with translation.override("id"):
        assert translation.gettext("Vacancies") == "Lowongan"
        assert translation.gettext("This service is free of charge.") == "Layanan ini GRATIS."
    with translation.override("en"):
        assert translation.gettext("Vacancies") == "Vacancies"
