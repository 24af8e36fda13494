"""The hotline's endpoints: the knowledge base (read) and the telephony's call detail records."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from hotline import selectors, services
from hotline.authentication import TelephonyTokenAuthentication
from hotline.models import Answer, Contact

TAGS = ["hotline"]


class AnswerSerializer(serializers.ModelSerializer):
    """The live (approved) version of an answer, in every language, and who approved it when."""

    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    version = serializers.IntegerField(source="live_version.number", read_only=True)
    title_en = serializers.CharField(source="live_version.title_en", read_only=True)
    title_ru = serializers.CharField(source="live_version.title_ru", read_only=True)
    body_en = serializers.CharField(source="live_version.body_en", read_only=True)
    body_ru = serializers.CharField(source="live_version.body_ru", read_only=True)
    approved_at = serializers.DateTimeField(source="live_version.approved_at", read_only=True)
    approved_by = serializers.CharField(source="live_version.approved_by.get_full_name", read_only=True)

    class Meta:
        model = Answer
        fields = [
            "id",
            "topic",
            "organisation",
            "organisation_name",
            "is_shared",
            "version",
            "title_en",
            "title_ru",
            "body_en",
            "body_ru",
            "approved_at",
            "approved_by",
        ]
        read_only_fields = fields


@extend_schema(tags=TAGS)
class AnswerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Live knowledge-base answers the user may read (their organisation's and the network's shared)."""

    serializer_class = AnswerSerializer
    queryset = Answer.objects.none()  # for the schema: get_queryset answers

    def get_queryset(self):
        if not self.request.user.has_perm("hotline.view_answer"):
            raise PermissionDenied
        return (
            selectors.answer_list(user=self.request.user)
            .select_related("live_version__approved_by")
            .order_by("topic", "pk")
        )


class CallRecordSerializer(serializers.Serializer):
    call_id = serializers.CharField(max_length=100, help_text=_("The telephony's own id of the call."))
    line = serializers.IntegerField(help_text=_("The id of the hotline line the call came in on."))
    started_at = serializers.DateTimeField(help_text=_("When the call started (ISO 8601 with a time zone)."))
    duration_seconds = serializers.IntegerField(help_text=_("How long the call lasted, in seconds."))
    caller_number = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=_("Hashed on arrival to recognise repeat callers; never stored."),
    )
    operator_extension = serializers.CharField(max_length=20, required=False, allow_blank=True)


class CallRecordResponseSerializer(serializers.ModelSerializer):
    call_id = serializers.CharField(source="telephony_call_id")

    class Meta:
        model = Contact
        fields = ["id", "call_id", "line", "started_at", "duration_seconds", "operator", "is_draft"]


@extend_schema(
    tags=TAGS,
    request=CallRecordSerializer,
    responses={201: CallRecordResponseSerializer, 200: CallRecordResponseSerializer},
)
@api_view(["POST"])
@authentication_classes([TelephonyTokenAuthentication])
@permission_classes([permissions.IsAuthenticated])
def call_record_create(request):
    """Receive a call detail record from the organisation's telephony (its integration token only).

    Answers 201 with the new draft contact, or 200 with the record already kept for this ``call_id``
    (a replay). Another organisation's line answers 403; bad values the error envelope with the field."""
    data = CallRecordSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    contact, created = services.call_record_receive(
        by=request.user,
        line_id=values["line"],
        call_id=values["call_id"],
        started_at=values["started_at"],
        duration_seconds=values["duration_seconds"],
        caller_number=values.get("caller_number", ""),
        operator_extension=values.get("operator_extension", ""),
    )
    return Response(
        CallRecordResponseSerializer(contact).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    router.register("hotline/answers", AnswerViewSet, basename="answer")
