"""The indicators' definitions (their docstrings, whitespace folded) marked for translation, so that an
indicator's page reads in the reader's language. The module of an indicator adds its definition here;
one not listed is shown in English, marked ``lang="en"``. A docstring changed without its entry here
fails ``analytics/tests/test_dashboard.py``."""

from django.utils.translation import gettext_noop

DEFINITIONS = (
    gettext_noop(
        "Victims registered: cases registered in the period (by their registration date), presumed and "
        "identified victims alike."
    ),
    gettext_noop(
        "Victims identified: cases registered in the period whose screening records the person as an "
        "identified victim of trafficking (not only presumed)."
    ),
    gettext_noop(
        "Victims assisted: cases registered in the period with at least one assistance service recorded "
        "(by any organisation)."
    ),
)


def definition_of(indicator) -> str:
    """The indicator's docstring on one line: the message id of its translation."""
    return " ".join(indicator.definition.split())
