"""Competitions with their nominations and rubrics (read): /api/v1/awards/competitions/."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.settings import api_settings

from awards.models import Competition, Criterion, Nomination
from awards.selectors import competitions as selectors
from cases.api.common import ERROR_RESPONSES, RolePermission

TAGS = ["awards"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "code", "name_en", "name_ru", "description", "weight", "descriptors", "order"]
        read_only_fields = fields


class NominationSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "code",
            "name_en",
            "name_ru",
            "description",
            "figure_sources",
            "scale_min",
            "scale_max",
            "order",
            "criteria",
        ]
        read_only_fields = fields


class CompetitionSerializer(serializers.ModelSerializer):
    phase = serializers.CharField(read_only=True)
    nominations = NominationSerializer(many=True, read_only=True)

    class Meta:
        model = Competition
        fields = [
            "id",
            "organisation",
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
            "nominations",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("Competitions you can read, with their nominations and rubrics"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("Show a competition with its nominations and rubrics"),
        tags=TAGS,
        responses={200: CompetitionSerializer, **ERROR_RESPONSES},
    ),
)
class CompetitionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CompetitionSerializer
    action_permissions = {"default": "awards.view_competition"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    queryset = Competition.objects.none()

    def get_queryset(self):
        return selectors.competition_with_rubrics(user=self.request.user).order_by("-forum_starts_on", "pk")


def register(router) -> None:
    router.register("awards/competitions", CompetitionViewSet, basename="competition")
