"""Perpetrators and criminal proceedings: the ``legal`` section of a case, shared by a referral only when
the victim's consent names it. Lists carry no names; one row's names and details are read by ``retrieve``,
which writes the access log."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings

from cases import selectors, services
from cases.api.common import ERROR_RESPONSES, InputSerializer, RolePermission, VisibleCaseField
from cases.models import CriminalProceeding, Perpetrator, choices

# Perpetrators -------------------------------------------------------------------------------------

PERPETRATOR_LIST_FIELDS = [
    "id",
    "case",
    "case_code",
    "roles",
    "sex",
    "age",
    "citizenship",
    "relation_to_victim",
]
PERPETRATOR_PERSONAL_FIELDS = [
    "name",
    "aliases",
    "identifying_details",
    "perpetrator_organisation",
    "role_details",
]


class PerpetratorSerializer(serializers.ModelSerializer):
    """A perpetrator without names or details (for lists)."""

    case_code = serializers.CharField(source="case.code", read_only=True)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=choices.PerpetratorRole.choices))
    citizenship = serializers.ListField(
        child=serializers.CharField(), help_text=_("ISO 3166-1 alpha-2 codes")
    )

    class Meta:
        model = Perpetrator
        fields = [*PERPETRATOR_LIST_FIELDS, "created_at"]
        read_only_fields = fields


class PerpetratorDetailSerializer(PerpetratorSerializer):
    """A perpetrator with names and details decrypted (the read is in the access log)."""

    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(PerpetratorSerializer.Meta):
        fields = [*PERPETRATOR_LIST_FIELDS, *PERPETRATOR_PERSONAL_FIELDS, "created_at"]
        read_only_fields = fields


class PerpetratorInputSerializer(InputSerializer):
    output_class = PerpetratorSerializer

    case = VisibleCaseField(label=_("case"))
    roles = serializers.ListField(
        label=_("role in the process"),
        child=serializers.ChoiceField(choices=choices.PerpetratorRole.choices),
        required=False,
    )
    role_details = serializers.CharField(label=_("details of the role"), required=False, allow_blank=True)
    name = serializers.CharField(label=_("name"), max_length=200, required=False, allow_blank=True)
    aliases = serializers.ListField(
        label=_("other names and nicknames"), child=serializers.CharField(), required=False
    )
    identifying_details = serializers.CharField(
        label=_("identifying details"), required=False, allow_blank=True
    )
    perpetrator_organisation = serializers.CharField(
        label=_("group or business"), max_length=200, required=False, allow_blank=True
    )
    sex = serializers.ChoiceField(label=_("sex"), choices=choices.Sex.choices, required=False)
    age = serializers.IntegerField(label=_("age (estimated)"), required=False, allow_null=True)
    citizenship = serializers.ListField(
        label=_("citizenship"), child=serializers.CharField(max_length=2), required=False
    )
    relation_to_victim = serializers.ChoiceField(
        label=_("relation to the victim"),
        choices=choices.RecruiterRelation.choices,
        required=False,
        allow_blank=True,
    )


class PerpetratorUpdateSerializer(PerpetratorInputSerializer):
    case = None  # a perpetrator stays with its case


class CaseRowFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(label=_("case"), field_name="case_id")


class PerpetratorFilter(CaseRowFilter):
    class Meta:
        model = Perpetrator
        fields = ["case"]


class _LegalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Like the experience they belong to: seen with the case, changed by those who work on it.
    action_permissions = {"default": "cases.view_case", "create": "cases.change_case"}
    object_permissions = {"partial_update": "cases.change_case"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    ordering_fields = ["created_at"]


@extend_schema_view(
    list=extend_schema(summary=_("List perpetrators (no names)"), tags=["perpetrators"]),
    retrieve=extend_schema(
        summary=_("Show a perpetrator with names and details (written to the access log)"),
        tags=["perpetrators"],
        responses={200: PerpetratorDetailSerializer, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary=_("Record a perpetrator of the case"),
        tags=["perpetrators"],
        request=PerpetratorInputSerializer,
        responses={201: PerpetratorSerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Correct a perpetrator's record"),
        tags=["perpetrators"],
        request=PerpetratorUpdateSerializer,
        responses={200: PerpetratorSerializer, **ERROR_RESPONSES},
    ),
)
class PerpetratorViewSet(_LegalViewSet):
    filterset_class = PerpetratorFilter
    queryset = Perpetrator.objects.none()

    def get_queryset(self):
        return selectors.perpetrator_list(user=self.request.user)

    def get_serializer_class(self):
        return {
            "create": PerpetratorInputSerializer,
            "partial_update": PerpetratorUpdateSerializer,
            "retrieve": PerpetratorDetailSerializer,
        }.get(self.action, PerpetratorSerializer)

    def retrieve(self, request, *args, **kwargs):
        perpetrator = self.get_object()
        perpetrator = selectors.perpetrator_read(user=request.user, pk=perpetrator.pk, request=request)
        return Response(PerpetratorDetailSerializer(perpetrator).data)

    def perform_create(self, serializer):
        serializer.instance = services.perpetrator_add(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.perpetrator_update(
            perpetrator=serializer.instance, by=self.request.user, **serializer.validated_data
        )


# Criminal proceedings -----------------------------------------------------------------------------

PROCEEDING_LIST_FIELDS = [
    "id",
    "case",
    "case_code",
    "country",
    "opened_on",
    "stage",
    "outcome",
    "concluded_on",
    "victim_is_witness",
    "compensation_requested",
    "compensation_awarded",
    "compensation_amount",
    "compensation_currency",
]


class ProceedingSerializer(serializers.ModelSerializer):
    """A proceeding without the authority's name, the case number or notes (for lists)."""

    case_code = serializers.CharField(source="case.code", read_only=True)

    class Meta:
        model = CriminalProceeding
        fields = [*PROCEEDING_LIST_FIELDS, "created_at"]
        read_only_fields = fields


class ProceedingDetailSerializer(ProceedingSerializer):
    class Meta(ProceedingSerializer.Meta):
        fields = [*PROCEEDING_LIST_FIELDS, "authority", "reference", "notes", "created_at"]
        read_only_fields = fields


class ProceedingInputSerializer(InputSerializer):
    output_class = ProceedingSerializer

    case = VisibleCaseField(label=_("case"))
    authority = serializers.CharField(
        label=_("police, prosecutor or court"), max_length=200, required=False, allow_blank=True
    )
    country = serializers.CharField(label=_("country"), max_length=2, required=False, allow_blank=True)
    reference = serializers.CharField(
        label=_("case number"), max_length=100, required=False, allow_blank=True
    )
    opened_on = serializers.DateField(label=_("opened on"), required=False, allow_null=True)
    stage = serializers.ChoiceField(
        label=_("status"), choices=choices.ProceedingStage.choices, required=False
    )
    outcome = serializers.ChoiceField(
        label=_("outcome"), choices=choices.ProceedingOutcome.choices, required=False, allow_blank=True
    )
    concluded_on = serializers.DateField(label=_("concluded on"), required=False, allow_null=True)
    victim_is_witness = serializers.BooleanField(label=_("the victim is a witness"), required=False)
    compensation_requested = serializers.BooleanField(label=_("compensation requested"), required=False)
    compensation_awarded = serializers.BooleanField(label=_("compensation awarded"), required=False)
    compensation_amount = serializers.DecimalField(
        label=_("amount awarded"), max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    compensation_currency = serializers.CharField(
        label=_("currency (ISO 4217)"), max_length=3, required=False, allow_blank=True
    )
    notes = serializers.CharField(label=_("notes"), required=False, allow_blank=True)


class ProceedingUpdateSerializer(ProceedingInputSerializer):
    case = None


class ProceedingFilter(CaseRowFilter):
    stage = django_filters.ChoiceFilter(label=_("status"), choices=choices.ProceedingStage.choices)

    class Meta:
        model = CriminalProceeding
        fields = ["case", "stage"]


@extend_schema_view(
    list=extend_schema(summary=_("List criminal proceedings"), tags=["proceedings"]),
    retrieve=extend_schema(
        summary=_("Show a criminal proceeding with its authority and number (written to the access log)"),
        tags=["proceedings"],
        responses={200: ProceedingDetailSerializer, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary=_("Record a criminal proceeding of the case"),
        tags=["proceedings"],
        request=ProceedingInputSerializer,
        responses={201: ProceedingSerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Update a criminal proceeding (status, outcome, compensation)"),
        tags=["proceedings"],
        request=ProceedingUpdateSerializer,
        responses={200: ProceedingSerializer, **ERROR_RESPONSES},
    ),
)
class ProceedingViewSet(_LegalViewSet):
    filterset_class = ProceedingFilter
    queryset = CriminalProceeding.objects.none()

    def get_queryset(self):
        return selectors.proceeding_list(user=self.request.user)

    def get_serializer_class(self):
        return {
            "create": ProceedingInputSerializer,
            "partial_update": ProceedingUpdateSerializer,
            "retrieve": ProceedingDetailSerializer,
        }.get(self.action, ProceedingSerializer)

    def retrieve(self, request, *args, **kwargs):
        proceeding = self.get_object()
        proceeding = selectors.proceeding_read(user=request.user, pk=proceeding.pk, request=request)
        return Response(ProceedingDetailSerializer(proceeding).data)

    def perform_create(self, serializer):
        serializer.instance = services.proceeding_add(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.proceeding_update(
            proceeding=serializer.instance, by=self.request.user, **serializer.validated_data
        )
