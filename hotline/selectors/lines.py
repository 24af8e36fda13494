"""Reading the hotline lines: the managers' list with its operators count, and who may see a line."""

from django.db.models import Count, Q, QuerySet

from hotline.models import Line
from tenancy import ALL_ORGANISATIONS, organisations_with_perm

MANAGE_LINE = "hotline.manage_line"


def _in(organisation_ids) -> Q:
    if organisation_ids is ALL_ORGANISATIONS:
        return Q()
    return Q(organisation_id__in=organisation_ids or ())


def line_managed_list(*, user) -> QuerySet[Line]:
    """The lines of the organisations where ``user`` manages lines, with ``operators_count``."""
    return (
        Line.objects.visible_to(user)
        .filter(_in(organisations_with_perm(user, MANAGE_LINE)))
        .annotate(operators_count=Count("operators", distinct=True))
        .order_by("name", "pk")
    )


def line_seen_list(*, user) -> QuerySet[Line]:
    """The lines ``user`` may read: every line of an organisation they manage lines of, their own else."""
    if not user.has_perm("hotline.view_line"):
        return Line.objects.none()
    managed = organisations_with_perm(user, MANAGE_LINE)
    lines = Line.objects.visible_to(user)
    if managed is ALL_ORGANISATIONS:
        return lines.order_by("name", "pk")
    # The operators' subquery keeps one row per line (no join, no distinct).
    own = Line.operators.through.objects.filter(user=user).values("line_id")
    return lines.filter(Q(organisation_id__in=managed or ()) | Q(pk__in=own)).order_by("name", "pk")
