"""Assignments (read): /api/v1/awards/assignments/ — a judge's own; organisers and the chair list a
competition's with ``?competition=<id>`` (the chair never those of entries the chair is conflicted with)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from awards import selectors as competition_selectors
from awards.models import Assignment
from awards.selectors import judging as selectors


class AssignmentSerializer(serializers.ModelSerializer):
    entry_code = serializers.CharField(source="entry.code", read_only=True)
    nomination = serializers.IntegerField(source="entry.nomination_id", read_only=True)
    status = serializers.SerializerMethodField()
    judging_closes_on = serializers.DateField(source="competition.judging_closes_on", read_only=True)
    late = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "competition",
            "entry",
            "entry_code",
            "nomination",
            "judge",
            "is_automatic",
            "status",
            "judging_closes_on",
            "late",
            "created_at",
        ]
        read_only_fields = fields

    def get_status(self, assignment) -> str:
        """not_started, draft or submitted."""
        return selectors.status_of(assignment)

    def get_late(self, assignment) -> bool:
        """Judging has closed and the sheet is not submitted."""
        return selectors.is_late(assignment)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "competition",
                OpenApiTypes.INT,
                description=_("A competition you organise or chair: all its assignments you may read."),
            )
        ]
    )
)
class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssignmentSerializer

    def get_queryset(self):
        user = self.request.user
        if self.action == "list" and "competition" in self.request.query_params:
            try:
                pk = int(self.request.query_params["competition"])
            except ValueError:
                raise ValidationError({"competition": [_("Enter a whole number.")]}) from None
            competition = competition_selectors.competition_get(user=user, pk=pk)
            if not selectors.can_run_judging(user=user, competition=competition):
                raise PermissionDenied
            return selectors.assignment_competition_list(user=user, competition=competition)
        if self.action == "list":
            return selectors.assignment_list(user=user)
        return selectors.assignment_readable_list(user=user)


def register(router) -> None:
    router.register("awards/assignments", AssignmentViewSet, basename="assignment")
