"""Referrals: requested with the victim's consent, answered by the receiving organisation."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts import selectors as accounts_selectors
from accounts.models import User
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
from cases.models import AssistanceService, Referral, choices
from network.models import OrganisationType
from tenancy import organisations_with_perm

TAGS = ["referrals"]


class ReferralSerializer(serializers.ModelSerializer):
    """A referral or transfer; its free-text details are personal data and are not shown here."""

    case_code = serializers.CharField(source="case.code", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    to_organisation_name = serializers.CharField(
        source="receiver_name",
        read_only=True,
        help_text=_("The receiving organisation, or the body outside Amanat."),
    )
    is_external = serializers.BooleanField(read_only=True, help_text=_("Sent to a body outside Amanat."))
    is_cross_border = serializers.BooleanField(
        read_only=True, help_text=_("The receiver works in another country than the referring organisation.")
    )
    external_name = serializers.CharField(read_only=True)
    services_delivered = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    sections = serializers.ListField(
        source="shared_sections",
        child=serializers.ChoiceField(choices=choices.Section.choices),
        read_only=True,
        help_text=_("The sections of the case shared once the referral is accepted."),
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "kind",
            "case",
            "case_code",
            "organisation",
            "organisation_name",
            "to_organisation",
            "to_organisation_name",
            "is_external",
            "is_cross_border",
            "external_name",
            "external_type",
            "external_country",
            "service_needed",
            "reason",
            "sections",
            "status",
            "requested_by",
            "requested_at",
            "answered_by",
            "answered_at",
            "decline_reason",
            "receiving_caseworker",
            "outcome",
            "completed_by",
            "completed_at",
            "services_delivered",
        ]
        read_only_fields = fields


class ReferralRequestSerializer(InputSerializer):
    output_class = ReferralSerializer

    case = VisibleCaseField(label=_("case"))
    to_organisation = organisation_field(label=_("receiving organisation"))
    sections = serializers.MultipleChoiceField(
        label=_("sections to share"), choices=choices.Section.choices, allow_empty=False
    )
    service_needed = serializers.ChoiceField(
        label=_("service needed"), choices=choices.ServiceType.choices, required=False, allow_blank=True
    )
    reason = serializers.ChoiceField(
        label=_("reason"), choices=choices.ReferralReason.choices, required=False
    )
    details = serializers.CharField(label=_("details and arrangements"), required=False, allow_blank=True)

    def validate_sections(self, value):
        # Keep the sections in the order of the vocabulary (a set arrives).
        return [section for section in Referral.SECTIONS if section in value]


class ReferralDetailsSerializer(serializers.Serializer):
    """The referral's free-text details and arrangements (cas_Outgoing/IncomingReferralDetails)."""

    id = serializers.IntegerField(read_only=True)
    details = serializers.CharField(read_only=True)


class ReferralAcceptSerializer(serializers.Serializer):
    receiving_caseworker = serializers.PrimaryKeyRelatedField(
        label=_("receiving caseworker"),
        queryset=User.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Who takes the referral on; by default the person accepting it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["receiving_caseworker"].queryset = accounts_selectors.user_list(user=request.user)


class ReferralDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("reason for declining"))


class ReferralCompleteSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(label=_("outcome"), choices=choices.ReferralOutcome.choices)
    outcome_details = serializers.CharField(
        label=_("details of the outcome"), required=False, allow_blank=True
    )
    services_delivered = serializers.PrimaryKeyRelatedField(
        label=_("services delivered"),
        many=True,
        queryset=AssistanceService.objects.none(),
        required=False,
        help_text=_("Services your organisation recorded on the case."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["services_delivered"].child_relation.queryset = AssistanceService.objects.visible_to(
                request.user
            )


class ExternalReferralSerializer(InputSerializer):
    output_class = ReferralSerializer

    case = VisibleCaseField(label=_("case"))
    external_name = serializers.CharField(
        label=_("name of the body outside Amanat"), max_length=200, required=False, allow_blank=True
    )
    external_type = serializers.ChoiceField(
        label=_("type of the body"), choices=OrganisationType.choices, required=False, allow_blank=True
    )
    external_country = serializers.CharField(
        label=_("country of the body (ISO 3166-1 alpha-2)"), max_length=2, required=False, allow_blank=True
    )
    external_contact = serializers.CharField(
        label=_("contact person and phone"), max_length=300, required=False, allow_blank=True
    )
    external_consent_method = serializers.ChoiceField(
        label=_("how the victim consented to sharing with this body"),
        choices=choices.consent_method_choices(),
        required=False,
        allow_blank=True,
    )
    service_needed = serializers.ChoiceField(
        label=_("service needed"), choices=choices.ServiceType.choices, required=False, allow_blank=True
    )
    reason = serializers.ChoiceField(
        label=_("reason"), choices=choices.ReferralReason.choices, required=False
    )
    details = serializers.CharField(label=_("details and arrangements"), required=False, allow_blank=True)

    def validate(self, attrs):
        # The service names what is missing on the field (external_name, external_consent_method, …).
        for name in ("external_name", "external_type", "external_country", "external_consent_method"):
            attrs.setdefault(name, "")
        return attrs


class ReferralFilter(django_filters.FilterSet):
    DIRECTIONS = [("incoming", _("Received")), ("outgoing", _("Sent"))]

    direction = django_filters.ChoiceFilter(
        label=_("direction"), choices=DIRECTIONS, method="filter_direction"
    )
    status = django_filters.MultipleChoiceFilter(label=_("status"), choices=choices.ReferralStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=choices.ReferralKind.choices)
    case = django_filters.NumberFilter(label=_("case"), field_name="case_id")

    class Meta:
        model = Referral
        fields = ["direction", "status", "kind", "case"]

    def filter_direction(self, queryset, name, value):
        organisation_ids = organisations_with_perm(self.request.user, "cases.view_referral")
        if organisation_ids is None:  # a network-wide role: every referral is both sent and received
            return queryset
        if value == "incoming":
            return queryset.filter(to_organisation_id__in=organisation_ids)
        return queryset.filter(organisation_id__in=organisation_ids)


@extend_schema_view(
    list=extend_schema(summary=_("List referrals sent and received"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("Show a referral"), tags=TAGS, responses={200: ReferralSerializer, **ERROR_RESPONSES}
    ),
    create=extend_schema(
        summary=_("Refer a case to another organisation (needs the victim's consent to sharing)"),
        tags=TAGS,
        request=ReferralRequestSerializer,
        responses={201: ReferralSerializer, **ERROR_RESPONSES},
    ),
)
class ReferralViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    action_permissions = {
        "default": "cases.view_referral",
        "create": "cases.add_referral",
        "external": "cases.add_referral",
    }
    # Answering is checked by the services against the receiving organisation, not the referral's owner.
    object_permissions = {"withdraw": "cases.add_referral"}
    filterset_class = ReferralFilter
    ordering_fields = ["requested_at", "answered_at"]
    queryset = Referral.objects.none()

    def get_queryset(self):
        return selectors.referral_list(user=self.request.user).prefetch_related("services_delivered")

    def get_serializer_class(self):
        return {
            "create": ReferralRequestSerializer,
            "external": ExternalReferralSerializer,
            "accept": ReferralAcceptSerializer,
            "decline": ReferralDeclineSerializer,
            "complete": ReferralCompleteSerializer,
        }.get(self.action, ReferralSerializer)

    def perform_create(self, serializer):
        serializer.instance = services.referral_request(by=self.request.user, **serializer.validated_data)

    @post_action(
        summary=_("Accept a referral: the shared sections become visible to your organisation"),
        tags=TAGS,
        request=ReferralAcceptSerializer,
        response=ReferralSerializer,
    )
    def accept(self, request, pk=None):
        referral = services.referral_accept(
            referral=self.get_object(), by=request.user, **validated_input(self, request)
        )
        return answer(self, ReferralSerializer, referral)

    @extend_schema(
        summary=_("Read the referral's details and arrangements (written to the access log)"),
        tags=TAGS,
        responses={200: ReferralDetailsSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"])
    def details(self, request, pk=None):
        referral = selectors.referral_details_read(
            user=request.user, pk=self.get_object().pk, request=request
        )
        return Response(ReferralDetailsSerializer(referral).data)

    @post_action(
        summary=_("Decline a referral, with a reason"),
        tags=TAGS,
        request=ReferralDeclineSerializer,
        response=ReferralSerializer,
    )
    def decline(self, request, pk=None):
        referral = services.referral_decline(
            referral=self.get_object(), by=request.user, **validated_input(self, request)
        )
        return answer(self, ReferralSerializer, referral)

    @extend_schema(
        summary=_("Record a referral to a body outside Amanat (police, consulate, an NGO abroad)"),
        tags=TAGS,
        request=ExternalReferralSerializer,
        responses={201: ReferralSerializer, **ERROR_RESPONSES},
    )
    @action(detail=False, methods=["post"])
    def external(self, request):
        referral = services.referral_external(by=request.user, **validated_input(self, request))
        return answer(self, ReferralSerializer, referral, status=201)

    @post_action(
        summary=_("Complete an accepted referral with its outcome and the services delivered"),
        tags=TAGS,
        request=ReferralCompleteSerializer,
        response=ReferralSerializer,
    )
    def complete(self, request, pk=None):
        referral = services.referral_complete(
            referral=self.get_object(), by=request.user, **validated_input(self, request)
        )
        return answer(self, ReferralSerializer, referral)

    @post_action(
        summary=_("Withdraw a referral your organisation sent, or end its sharing"),
        tags=TAGS,
        request=None,
        response=ReferralSerializer,
    )
    def withdraw(self, request, pk=None):
        referral = services.referral_withdraw(referral=self.get_object(), by=request.user)
        return answer(self, ReferralSerializer, referral)
