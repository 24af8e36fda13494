"""Consent per purpose: recorded as versions, withdrawn by a new version, never changed in place."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.settings import api_settings

from cases import selectors, services
from cases.api.common import (
    ERROR_RESPONSES,
    InputSerializer,
    RolePermission,
    VisibleCaseField,
    answer,
    organisation_field,
    post_action,
    validated_input,
)
from cases.models import Consent, choices

TAGS = ["consents"]
ANSWERS = [
    (value, label)
    for value, label in choices.ConsentStatus.choices
    if value != choices.ConsentStatus.WITHDRAWN
]
METHODS = [
    (value, label)
    for value, label in choices.ConsentMethod.choices
    if value != choices.ConsentMethod.OVERRIDE
]


class ConsentSerializer(serializers.ModelSerializer):
    """One version of a consent; notes and override reasons are free text and are not shown here."""

    case_code = serializers.CharField(source="case.code", read_only=True)
    recipient_name = serializers.CharField(
        source="recipient.name", read_only=True, allow_null=True, default=None
    )
    is_current = serializers.SerializerMethodField()
    is_valid = serializers.BooleanField(read_only=True, help_text=_("Given, and not expired today."))

    class Meta:
        model = Consent
        fields = [
            "id",
            "case",
            "case_code",
            "purpose",
            "recipient",
            "recipient_name",
            "status",
            "sections",
            "method",
            "version",
            "given_on",
            "expires_on",
            "is_override",
            "is_current",
            "is_valid",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_is_current(self, consent) -> bool:
        return consent.superseded_by_id is None


class ConsentRecordSerializer(InputSerializer):
    output_class = ConsentSerializer

    case = VisibleCaseField(label=_("case"))
    purpose = serializers.ChoiceField(label=_("purpose"), choices=choices.ConsentPurpose.choices)
    recipient = organisation_field(
        label=_("recipient organisation"),
        required=False,
        allow_null=True,
        help_text=_("Only for consent to sharing: the organisation the data may be shared with."),
    )
    status = serializers.ChoiceField(label=_("status"), choices=ANSWERS, default=choices.ConsentStatus.GIVEN)
    method = serializers.ChoiceField(label=_("how it was given"), choices=METHODS)
    sections = serializers.ListField(
        label=_("sections covered"),
        child=serializers.ChoiceField(choices=choices.Section.choices),
        required=False,
        help_text=_("Only for consent to sharing: the parts of the case the recipient may see."),
    )
    given_on = serializers.DateField(label=_("date"), required=False, allow_null=True)
    expires_on = serializers.DateField(label=_("expires on"), required=False, allow_null=True)
    notes = serializers.CharField(label=_("notes"), required=False, allow_blank=True)


class ConsentWithdrawSerializer(serializers.Serializer):
    notes = serializers.CharField(label=_("notes"), required=False, allow_blank=True, default="")


class ConsentFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(label=_("case"), field_name="case_id")
    purpose = django_filters.ChoiceFilter(label=_("purpose"), choices=choices.ConsentPurpose.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=choices.ConsentStatus.choices)
    current = django_filters.BooleanFilter(
        label=_("current versions only"), field_name="superseded_by", lookup_expr="isnull"
    )

    class Meta:
        model = Consent
        fields = ["case", "purpose", "status", "current"]


@extend_schema_view(
    list=extend_schema(summary=_("List consents (every version)"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("Show a consent"), tags=TAGS, responses={200: ConsentSerializer, **ERROR_RESPONSES}
    ),
    create=extend_schema(
        summary=_("Record the victim's consent or refusal for one purpose"),
        tags=TAGS,
        request=ConsentRecordSerializer,
        responses={201: ConsentSerializer, **ERROR_RESPONSES},
    ),
)
class ConsentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    action_permissions = {"default": "cases.view_consent", "create": "cases.add_consent"}
    object_permissions = {"withdraw": "cases.add_consent"}
    filterset_class = ConsentFilter
    ordering_fields = ["recorded_at", "given_on", "version"]
    queryset = Consent.objects.none()

    def get_queryset(self):
        return selectors.consent_list(user=self.request.user)

    def get_serializer_class(self):
        return {"create": ConsentRecordSerializer, "withdraw": ConsentWithdrawSerializer}.get(
            self.action, ConsentSerializer
        )

    def perform_create(self, serializer):
        serializer.instance = services.consent_record(by=self.request.user, **serializer.validated_data)

    @post_action(
        summary=_("Withdraw this consent (recorded as a new version)"),
        tags=TAGS,
        request=ConsentWithdrawSerializer,
        response=ConsentSerializer,
        status=status.HTTP_201_CREATED,
    )
    def withdraw(self, request, pk=None):
        consent = self.get_object()
        withdrawn = services.consent_withdraw(
            case=consent.case,
            by=request.user,
            purpose=consent.purpose,
            recipient=consent.recipient,
            **validated_input(self, request),
        )
        return answer(self, ConsentSerializer, withdrawn, status=status.HTTP_201_CREATED)
