"""Different things get different Russian words. What counts is the word Django shows, not the one in our
catalog: every app's catalog is merged into one, so Django's own admin translating "History" as «История»
hid our «История изменений», and the case's "Story" and "History" tabs both read «История»."""

import gettext
from itertools import combinations
from pathlib import Path

from django.conf import settings
from django.utils import translation

from accounts.selectors import NAVIGATION
from cases.views.base import TABS

# Ours and shown differ, but mean the same thing (or only differ in a field label no page shows).
SHOWN_WITH_ANOTHER_APPS_WORD = {
    "E-mail",
    "active",
    "session key",
    "session",
    "sessions",
    "Sessions",
    "Reset my password",
    "Not found.",
    "Filter",
    "name",
}


def _reads_as_the_same(one: str, other: str) -> bool:
    """«История» and «История изменений» read as one thing: equal, or one is the other's first words."""
    one, other = one.casefold(), other.casefold()
    return one == other or other.startswith(f"{one} ") or one.startswith(f"{other} ")


def test_case_tabs_and_navigation_have_a_distinct_russian_word_for_each_label():
    with translation.override("en"):
        labels = {str(label): label for label in [tab.label for tab in TABS] + [n[2] for n in NAVIGATION]}

    with translation.override("ru"):
        russian = {english: str(label) for english, label in labels.items()}

    clashes = [
        (one, other, russian[one], russian[other])
        for one, other in combinations(russian, 2)
        if _reads_as_the_same(russian[one], russian[other])
    ]
    assert clashes == []
    assert russian["Story"] == "Рассказ"
    assert russian["History"] == "История изменений"


def test_every_app_catalog_word_is_the_word_shown_in_russian():
    catalogs = [Path(settings.BASE_DIR) / app for app in settings.INSTALLED_APPS if "." not in app]
    shadowed = {}

    with translation.override("ru"):
        for app in catalogs:
            mo = app / "locale" / "ru" / "LC_MESSAGES" / "django.mo"
            if not mo.exists():
                continue
            with mo.open("rb") as file:
                catalog = gettext.GNUTranslations(file)._catalog
            for key, ours in catalog.items():
                if not isinstance(key, str) or not key:
                    continue  # plural forms, the header
                context, _, msgid = key.rpartition("\x04")
                shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                if shown != ours and msgid not in SHOWN_WITH_ANOTHER_APPS_WORD:
                    shadowed[f"{app.name}: {msgid}"] = (ours, shown)

    assert shadowed == {}
