"""Results under /api/v1/awards/results/ (read): the rankings written when the scores are locked, read by
the organisers and the committee's chair, and by everyone holding ``awards.view_competition`` once the
results are published (``Result.objects.visible_to``). Filter by ``competition``, ``nomination``, ``country``
(blank: the ranking across all countries) and ``is_winner``."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from awards.models import Result
from awards.selectors import results as selectors

TAGS = ["awards"]


class ResultSerializer(serializers.ModelSerializer):
    entry_code = serializers.CharField(source="entry.code", read_only=True)
    entry_title = serializers.CharField(source="entry.title", read_only=True)
    organisation_name = serializers.CharField(source="entry.organisation.name", read_only=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "competition",
            "nomination",
            "entry",
            "entry_code",
            "entry_title",
            "organisation_name",
            "country",
            "rank",
            "mean",
            "normalised",
            "judges",
            "is_winner",
        ]
        read_only_fields = fields


class ResultFilter(django_filters.FilterSet):
    # Ids on the result's own columns: no join, nothing read of a competition out of scope.
    competition = django_filters.NumberFilter(field_name="competition_id", label=_("competition"))
    nomination = django_filters.NumberFilter(field_name="nomination_id", label=_("nomination"))

    class Meta:
        model = Result
        fields = ["competition", "nomination", "country", "is_winner"]


@extend_schema_view(
    list=extend_schema(summary=_("Results: rankings per nomination, overall and per country"), tags=TAGS),
    retrieve=extend_schema(summary=_("One result"), tags=TAGS),
)
class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ResultSerializer
    queryset = Result.objects.none()  # for the schema; requests use get_queryset
    filterset_class = ResultFilter

    def get_queryset(self):
        return selectors.result_list(user=self.request.user)


def register(router) -> None:
    router.register("awards/results", ResultViewSet, basename="result")
