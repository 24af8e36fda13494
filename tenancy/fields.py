"""Field helpers every domain's models share."""

from django.db import models


def choice_list(verbose_name, item_choices, **options) -> models.JSONField:
    """A JSON list of choice codes. ``item_choices`` (a choices class, or a callable giving (code, label)
    pairs) names their labels for the pages that show the list, such as the change history, which reads
    the field's ``item_choices``. It is not part of the migration state: the stored value is unchanged."""
    field = models.JSONField(verbose_name, default=list, blank=True, **options)
    field.item_choices = getattr(item_choices, "choices", item_choices)
    return field


@models.JSONField.register_lookup
class HasItem(models.Lookup):
    """``field__has_item="ForcedLabour"``: the JSON list holds that string (a ``choice_list`` item).

    Counted by the database on both back-ends: PostgreSQL's ``?`` operator on the jsonb array, SQLite's
    ``json_each`` table function. Used by the analytics' conditional counts (one per choice)."""

    lookup_name = "has_item"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return (
            # Both sides are compiled SQL with their parameters apart (process_lhs/rhs), never values.
            f"EXISTS (SELECT 1 FROM json_each({lhs}) AS item WHERE item.value = {rhs})",  # noqa: S608
            (*lhs_params, *rhs_params),
        )

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} ? {rhs})", (*lhs_params, *rhs_params)

    def get_db_prep_lookup(self, value, connection):
        return "%s", [str(value)]
