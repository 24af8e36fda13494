"""Score sheets under /api/v1/awards/score-sheets/: a judge's own sheets (list, read, create or change
with their scores, submit), and the other judges' submitted sheets of an entry once the judge's own is
submitted (never drafts, never of an entry the judge is conflicted with: ``ScoreSheet.objects.visible_to``).
The refusals of ``awards.services.scoring`` come in the one error envelope."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from awards.models import Assignment, ScoreSheet
from awards.models.scope import SCORE_ENTRY
from awards.selectors import scoring as selectors
from awards.services import scoring as services

TAGS = ["awards"]
ERROR_RESPONSES = {
    400: OpenApiResponse(description=_('Invalid input or refused: {"error", "field", "errors"}.')),
    403: OpenApiResponse(description=_("Your role does not allow this, or the sheet is not yours.")),
    404: OpenApiResponse(description=_("Not found, or not yours to read.")),
}


class ScoreSheetPermission(permissions.IsAuthenticated):
    """Reading: any signed-in user (the queryset holds the rules); creating: a judge; changing or
    submitting a sheet: its judge (another reader of it: 403; outside the queryset: 404; the service
    asks the judge role again)."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return view.action != "create" or request.user.has_perm(SCORE_ENTRY)

    def has_object_permission(self, request, view, obj):
        return view.action == "retrieve" or obj.assignment.judge_id == request.user.pk


class ScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(label=_("criterion"))
    value = serializers.IntegerField(label=_("score"), allow_null=True)
    comment = serializers.CharField(label=_("comment"), required=False, allow_blank=True, default="")


class ScoreSheetSerializer(serializers.ModelSerializer):
    entry = serializers.IntegerField(source="assignment.entry_id", read_only=True)
    competition = serializers.IntegerField(source="assignment.competition_id", read_only=True)
    is_own = serializers.SerializerMethodField(help_text=_("Your own sheet (others' judges are not named)."))
    scores = serializers.SerializerMethodField()

    class Meta:
        model = ScoreSheet
        fields = ["id", "assignment", "entry", "competition", "is_own", "scores", "comment", "submitted_at"]
        read_only_fields = fields

    def get_is_own(self, sheet) -> bool:
        return sheet.assignment.judge_id == self.context["request"].user.pk

    @extend_schema_field(ScoreSerializer(many=True))
    def get_scores(self, sheet) -> list:
        return [
            {"criterion": score.criterion_id, "value": score.value, "comment": score.comment}
            for score in sheet.scores.all()
        ]


@extend_schema_field(OpenApiTypes.INT)
class AssignmentField(serializers.PrimaryKeyRelatedField):
    """An assignment the requester reads (any other answers as an unknown id)."""

    def get_queryset(self):
        return selectors.assignment_list(user=self.context["request"].user)


class ScoreSheetInputSerializer(serializers.Serializer):
    assignment = AssignmentField(label=_("assignment"))
    scores = ScoreSerializer(label=_("scores"), many=True, required=False, default=list)
    comment = serializers.CharField(label=_("overall comment"), required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(
        label=_("submit"), required=False, default=False, help_text=_("Submit: every criterion scored.")
    )


class ScoreSheetUpdateSerializer(ScoreSheetInputSerializer):
    assignment = None


@extend_schema_view(
    list=extend_schema(summary=_("Your score sheets, and others' you may read"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("One score sheet with its scores"),
        tags=TAGS,
        responses={200: ScoreSheetSerializer, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary=_("Score an assigned entry (a draft, or submitted with submit=true)"),
        tags=TAGS,
        request=ScoreSheetInputSerializer,
        responses={201: ScoreSheetSerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Change your sheet's scores (a submitted sheet until the scores are locked)"),
        tags=TAGS,
        request=ScoreSheetUpdateSerializer,
        responses={200: ScoreSheetSerializer, **ERROR_RESPONSES},
    ),
)
class ScoreSheetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, ScoreSheetPermission]
    queryset = ScoreSheet.objects.none()  # for the schema; requests use get_queryset
    serializer_class = ScoreSheetSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.scoresheet_list(user=self.request.user).order_by("pk")

    def _save(self, assignment: Assignment, serializer_class, partial=False, submit=None):
        serializer = serializer_class(
            data=self.request.data, context={"request": self.request}, partial=partial
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        scores = {
            item["criterion"]: (item["value"], item.get("comment", "")) for item in data.get("scores", [])
        }
        sheet = selectors.own_sheet(user=self.request.user, assignment=assignment)
        if partial and sheet is not None:
            # A change names the criteria it changes; the others keep their scores.
            kept = {score.criterion_id: (score.value, score.comment) for score in sheet.scores.all()}
            scores = {**kept, **scores}
        comment = data["comment"] if "comment" in self.request.data or sheet is None else sheet.comment
        return services.scoresheet_save(
            assignment=assignment,
            by=self.request.user,
            scores=scores,
            comment=comment,
            submit=data.get("submit", False) if submit is None else submit,
        )

    def _out(self, sheet, status=200):
        return Response(
            ScoreSheetSerializer(
                self.get_queryset().get(pk=sheet.pk), context={"request": self.request}
            ).data,
            status=status,
        )

    def create(self, request):
        serializer = ScoreSheetInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        assignment = serializer.validated_data["assignment"]
        return self._out(self._save(assignment, ScoreSheetInputSerializer), status=201)

    def partial_update(self, request, pk=None):
        sheet = self.get_object()
        return self._out(self._save(sheet.assignment, ScoreSheetUpdateSerializer, partial=True))

    @extend_schema(
        summary=_("Submit your sheet: every criterion must be scored"),
        tags=TAGS,
        request=None,
        responses={200: ScoreSheetSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        sheet = self.get_object()
        scores = {score.criterion_id: (score.value, score.comment) for score in sheet.scores.all()}
        saved = services.scoresheet_save(
            assignment=sheet.assignment, by=request.user, scores=scores, comment=sheet.comment, submit=True
        )
        return self._out(saved)


def register(router) -> None:
    router.register("awards/score-sheets", ScoreSheetViewSet, basename="scoresheet")
