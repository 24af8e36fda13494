from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from awards.models import Competition


def competition_list(*, user) -> QuerySet[Competition]:
    return Competition.objects.visible_to(user).select_related("organisation")


def competition_get(*, user, pk: int) -> Competition:
    """A competition ``user`` reads, or 404."""
    return get_object_or_404(competition_list(user=user), pk=pk)
