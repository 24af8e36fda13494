"""Field helpers every domain's models share."""

from django.db import models


def choice_list(verbose_name, item_choices, **options) -> models.JSONField:
    """A JSON list of choice codes. ``item_choices`` (a choices class, or a callable giving (code, label)
    pairs) names their labels for the pages that show the list, such as the change history, which reads
    the field's ``item_choices``. It is not part of the migration state: the stored value is unchanged."""
    field = models.JSONField(verbose_name, default=list, blank=True, **options)
    field.item_choices = getattr(item_choices, "choices", item_choices)
    return field
