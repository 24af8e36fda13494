"""National consultations (read) and their nominees (read; the country's coordinator puts them forward):
/api/v1/awards/consultations/ and /api/v1/awards/nominees/."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.settings import api_settings

from awards.models import Consultation, Nomination, Nominee
from awards.selectors import consultations as selectors
from awards.services import consultations as services
from cases.api.common import ERROR_RESPONSES, RolePermission, organisation_field

TAGS = ["awards"]


class NomineeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Nominee
        fields = ["id", "consultation", "organisation", "nomination", "notes", "created_at"]
        read_only_fields = fields


class ConsultationSerializer(serializers.ModelSerializer):
    nominees = NomineeSerializer(many=True, read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "competition",
            "organisation",
            "country",
            "held_on",
            "place",
            "participants",
            "other_participants",
            "notes",
            "nominees",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class VisibleConsultationField(serializers.PrimaryKeyRelatedField):
    """A consultation the user reads; any other id answers 404, like the consultation's own URL."""

    def get_queryset(self):
        return selectors.consultation_list(user=self.context["request"].user)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not str(data).isdigit():
            self.fail("incorrect_type", data_type=type(data).__name__)
        return get_object_or_404(self.get_queryset(), pk=int(data))


@extend_schema_field(OpenApiTypes.INT)
class VisibleNominationField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Nomination.objects.visible_to(self.context["request"].user)


class NomineeInputSerializer(serializers.Serializer):
    consultation = VisibleConsultationField(label=_("consultation"))
    organisation = organisation_field(label=_("organisation"))
    nomination = VisibleNominationField(label=_("nomination"))
    notes = serializers.CharField(label=_("notes"), required=False, allow_blank=True)

    def to_representation(self, instance):
        return NomineeSerializer(instance, context=self.context).data


@extend_schema_view(
    list=extend_schema(summary=_("National consultations you run or organise"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("Show a national consultation with its nominees"),
        tags=TAGS,
        responses={200: ConsultationSerializer, **ERROR_RESPONSES},
    ),
)
class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ConsultationSerializer
    action_permissions = {"default": "awards.view_consultation"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    queryset = Consultation.objects.none()

    def get_queryset(self):
        return selectors.consultation_list(user=self.request.user).order_by("competition", "country", "pk")


@extend_schema_view(
    list=extend_schema(summary=_("Nominees you can read"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("Show a nominee"), tags=TAGS, responses={200: NomineeSerializer, **ERROR_RESPONSES}
    ),
    create=extend_schema(
        summary=_("Put a nominee forward (the coordinator of the consultation's country)"),
        tags=TAGS,
        request=NomineeInputSerializer,
        responses={201: NomineeSerializer, **ERROR_RESPONSES},
    ),
)
class NomineeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"default": "awards.view_nominee", "create": "awards.add_nominee"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    queryset = Nominee.objects.none()

    def get_queryset(self):
        return selectors.nominee_list(user=self.request.user).order_by("consultation", "nomination", "pk")

    def get_serializer_class(self):
        return NomineeInputSerializer if self.action == "create" else NomineeSerializer

    def perform_create(self, serializer):
        serializer.instance = services.nominee_add(by=self.request.user, **serializer.validated_data)


def register(router) -> None:
    router.register("awards/consultations", ConsultationViewSet, basename="award-consultation")
    router.register("awards/nominees", NomineeViewSet, basename="award-nominee")
