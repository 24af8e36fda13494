"""Competitions (read): /api/v1/awards/competitions/."""

from rest_framework import serializers, viewsets

from awards import selectors
from awards.models import Competition


class CompetitionSerializer(serializers.ModelSerializer):
    phase = serializers.CharField(read_only=True)

    class Meta:
        model = Competition
        fields = [
            "id",
            "name_en",
            "name_ru",
            "description",
            "countries",
            "venue",
            "call_opens_on",
            "consultations_close_on",
            "submission_deadline",
            "judging_closes_on",
            "forum_starts_on",
            "forum_ends_on",
            "results_on",
            "judges_per_entry",
            "blind",
            "normalise",
            "phase",
            "published_at",
            "results_published_at",
        ]


class CompetitionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CompetitionSerializer

    def get_queryset(self):
        return selectors.competition_list(user=self.request.user)


def register(router) -> None:
    router.register("awards/competitions", CompetitionViewSet, basename="competition")
