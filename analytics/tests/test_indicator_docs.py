"""docs/analytics.md publishes every indicator's key, title, unit, breakdowns and definition: its
indicators section is what ``python manage.py indicator_docs`` prints from the registry, so that the
published definitions never drift from the ones the figures are counted by."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from analytics.indicators import INDICATORS
from analytics.management.commands.indicator_docs import BEGIN, END

DOCS = Path(settings.BASE_DIR) / "docs" / "analytics.md"


def test_the_documented_indicators_are_what_the_command_prints():
    out = io.StringIO()
    call_command("indicator_docs", stdout=out)
    printed = out.getvalue()
    text = DOCS.read_text(encoding="utf-8")

    assert text.count(BEGIN) == 1 and text.count(END) == 1, "docs/analytics.md lost its section markers"
    documented = text[text.index(BEGIN) : text.index(END) + len(END)] + "\n"
    assert documented == printed, (
        "docs/analytics.md is out of date with the indicators: run `python manage.py indicator_docs` and "
        "paste its output over the section between its markers."
    )
    assert all(f"- Key: `{key}`" in printed for key in INDICATORS)
