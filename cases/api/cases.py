"""Cases: the masked list, intake, access-logged personal data, closure, reopening, assignment, transfer."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
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
    answer,
    organisation_field,
    post_action,
    validated_input,
)
from cases.api.referrals import ReferralSerializer
from cases.filters import CODE_LIKE, CaseFilter
from cases.models import (
    ApprovalRequest,
    Case,
    Consent,
    Screening,
    TraffickingEvent,
    TraffickingExperience,
    Victim,
    choices,
)
from cases.services.cases import VICTIM_FIELDS
from network.models import Region
from privacy.search_tokens import MIN_LETTERS, query_letters
from tenancy import organisations_with_perm

TAGS = ["cases"]
WORKING_STAGES = [(value, label) for value, label in choices.Stage.choices if value != choices.Stage.CLOSED]


class CaseSerializer(serializers.ModelSerializer):
    """A case without any personal data: its pseudonymous code, workflow and owner."""

    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    caseworker_name = serializers.SerializerMethodField()
    status = serializers.ChoiceField(
        source="htcds_status",
        choices=choices.HtcdsCaseStatus.choices,
        read_only=True,
        help_text=_("HTCDS status"),
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "code",
            "organisation",
            "organisation_name",
            "stage",
            "status",
            "caseworker",
            "caseworker_name",
            "registered_on",
            "is_draft",
            "intake_steps",
            "return_date",
            "closed_on",
            "closure_reason",
            "referring_organisation",
            "referring_external_name",
            "referring_external_type",
            "referring_external_country",
            "incoming_referral_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_caseworker_name(self, case) -> str:
        if case.caseworker is None:
            return ""
        return case.caseworker.get_full_name() or case.caseworker.username


def _limit(model, name: str) -> int | None:
    """The model's limit for a field, so that the API and the web form cannot drift from it."""
    return model._meta.get_field(name).max_length


def _choices(model, name: str) -> list[tuple[str, str]]:
    return list(model._meta.get_field(name).choices)


CONSENT_ANSWERS = [
    (status.value, status.label) for status in (choices.ConsentStatus.GIVEN, choices.ConsentStatus.REFUSED)
]


class CaseIntakeSerializer(InputSerializer):
    """What intake needs to open a case; the answer is the (masked) case, never these fields."""

    output_class = CaseSerializer

    organisation = organisation_field(
        required=False,
        help_text=_("The organisation that opens the case; may be left out by members of one organisation."),
    )
    # Required by the service, except on the hotline's intake (an anonymous caller may give no name).
    given_name = serializers.CharField(
        label=_("given name"), max_length=_limit(Victim, "given_name"), required=False, allow_blank=True
    )
    family_name = serializers.CharField(
        label=_("family name"), max_length=_limit(Victim, "family_name"), required=False, allow_blank=True
    )
    middle_name = serializers.CharField(
        label=_("middle name or patronymic"), max_length=_limit(Victim, "middle_name"), required=False
    )
    aliases = serializers.ListField(
        label=_("other names and spellings"), child=serializers.CharField(), required=False
    )
    sex = serializers.ChoiceField(label=_("sex"), choices=_choices(Victim, "sex"), required=False)
    gender = serializers.ChoiceField(
        label=_("gender identity"), choices=_choices(Victim, "gender"), required=False
    )
    birth_date = serializers.DateField(label=_("birth date"), required=False, allow_null=True)
    estimated_age = serializers.IntegerField(label=_("estimated age"), required=False, allow_null=True)
    citizenship = serializers.ListField(
        label=_("citizenship"), child=serializers.CharField(max_length=2), required=False
    )
    salutation = serializers.CharField(
        label=_("salutation"), max_length=_limit(Victim, "salutation"), required=False, allow_blank=True
    )
    title = serializers.CharField(
        label=_("occupation or title"), max_length=_limit(Victim, "title"), required=False, allow_blank=True
    )
    email = serializers.EmailField(
        label=_("e-mail"), max_length=_limit(Victim, "email"), required=False, allow_blank=True
    )
    home_phone = serializers.CharField(
        label=_("home phone"), max_length=_limit(Victim, "home_phone"), required=False, allow_blank=True
    )
    mobile_phone = serializers.CharField(
        label=_("mobile phone"), max_length=_limit(Victim, "mobile_phone"), required=False, allow_blank=True
    )
    mailing_street = serializers.CharField(
        label=_("street"), max_length=_limit(Victim, "mailing_street"), required=False, allow_blank=True
    )
    mailing_city = serializers.CharField(
        label=_("city"), max_length=_limit(Victim, "mailing_city"), required=False, allow_blank=True
    )
    mailing_state = serializers.CharField(
        label=_("state or province"),
        max_length=_limit(Victim, "mailing_state"),
        required=False,
        allow_blank=True,
    )
    mailing_postal_code = serializers.CharField(
        label=_("postal code"),
        max_length=_limit(Victim, "mailing_postal_code"),
        required=False,
        allow_blank=True,
    )
    mailing_country = serializers.CharField(
        label=_("country of residence"), max_length=2, required=False, allow_blank=True
    )
    home_region = serializers.PrimaryKeyRelatedField(
        label=_("home region"),
        queryset=Region.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("ISO 3166-2 code of a region of the country of residence."),
    )
    primary_language = serializers.CharField(
        label=_("primary language"), max_length=_limit(Victim, "primary_language"), required=False
    )
    registered_on = serializers.DateField(label=_("registered on"), required=False)
    referral_source = serializers.ChoiceField(
        label=_("referred by"), choices=_choices(Screening, "referral_source"), required=False
    )
    referral_source_details = serializers.CharField(
        label=_("referral source details"),
        max_length=_limit(Screening, "referral_source_details"),
        required=False,
        allow_blank=True,
    )
    # The rest of the intake, as on the web form; each section is written only when one of its fields is sent.
    indicators = serializers.ListField(
        label=_("trafficking indicators"),
        child=serializers.ChoiceField(choices=choices.Indicator.choices),
        required=False,
    )
    identification_status = serializers.ChoiceField(
        label=_("identification status"), choices=_choices(Screening, "identification_status"), required=False
    )
    exploitation_types = serializers.ListField(
        label=_("forms of exploitation"),
        child=serializers.ChoiceField(choices=choices.Exploitation.choices),
        required=False,
    )
    labour_sectors = serializers.ListField(
        label=_("labour sectors (ISIC sections)"),
        child=serializers.ChoiceField(choices=choices.Industry.choices),
        required=False,
    )
    relation_to_recruiter = serializers.ChoiceField(
        label=_("relation to recruiter"),
        choices=_choices(TraffickingExperience, "relation_to_recruiter"),
        required=False,
        allow_blank=True,
    )
    recruitment_methods = serializers.ListField(
        label=_("methods of recruitment"),
        child=serializers.ChoiceField(choices=choices.RecruitmentMethod.choices),
        required=False,
    )
    means_of_control = serializers.ListField(
        label=_("means of control"),
        child=serializers.ChoiceField(choices=choices.MeansOfControl.choices),
        required=False,
    )
    origin_country = serializers.CharField(
        label=_("country of origin (recruitment)"), max_length=2, required=False, allow_blank=True
    )
    transit_country = serializers.CharField(
        label=_("country of transit"), max_length=2, required=False, allow_blank=True
    )
    exploitation_country = serializers.CharField(
        label=_("country of exploitation"), max_length=2, required=False, allow_blank=True
    )
    exploitation_city = serializers.CharField(
        label=_("city or district of exploitation"),
        max_length=_limit(TraffickingEvent, "city"),
        required=False,
        allow_blank=True,
    )
    exploitation_started_on = serializers.DateField(
        label=_("exploited from (entry)"), required=False, allow_null=True
    )
    exploitation_ended_on = serializers.DateField(
        label=_("exploited until (exit)"), required=False, allow_null=True
    )
    consent_method = serializers.ChoiceField(
        label=_("how consent was given"),
        # An override is its own action, with a reason.
        choices=[item for item in _choices(Consent, "method") if item[0] != choices.ConsentMethod.OVERRIDE],
        required=False,
    )
    consent_assistance = serializers.ChoiceField(
        label=_("consent to assistance"), choices=CONSENT_ANSWERS, required=False, allow_blank=True
    )
    consent_statistics = serializers.ChoiceField(
        label=_("consent to inclusion in statistics"),
        choices=CONSENT_ANSWERS,
        required=False,
        allow_blank=True,
    )
    consent_follow_up = serializers.ChoiceField(
        label=_("consent to follow-up contact"), choices=CONSENT_ANSWERS, required=False, allow_blank=True
    )
    consent_publication = serializers.ChoiceField(
        label=_("consent to publication of a story"),
        choices=CONSENT_ANSWERS,
        required=False,
        allow_blank=True,
    )
    register = serializers.BooleanField(
        label=_("register"),
        required=False,
        default=False,
        help_text=_(
            "Register the case at once (it leaves the draft state and moves on to assistance); otherwise "
            "a draft is saved, to be completed with intake and registered with register."
        ),
    )

    def validate(self, attrs):
        if "organisation" not in attrs:
            # Members of a single organisation need not name it; the service checks the permission there.
            organisation_ids = (
                organisations_with_perm(self.context["request"].user, "cases.add_case") or set()
            )
            if len(organisation_ids) != 1:
                raise serializers.ValidationError(
                    {"organisation": _("Choose the organisation that opens the case.")}
                )
            attrs["organisation"] = organisation_field().get_queryset().get(pk=next(iter(organisation_ids)))
        return attrs


class CaseIntakeSaveSerializer(CaseIntakeSerializer):
    """Answers of any steps of the intake, saved on a draft case; a field left out is left as it is."""

    organisation = None
    registered_on = None
    register = None
    steps = serializers.ListField(
        label=_("steps"),
        child=serializers.ChoiceField(choices=[(step, step) for step in choices.INTAKE_STEPS]),
        required=False,
        help_text=_("Steps to mark as saved even without an answer (e.g. consent not asked yet)."),
    )

    def validate(self, attrs):
        return attrs


class PersonalDataSerializer(serializers.ModelSerializer):
    """The victim's decrypted personal data (each read is written to the access log)."""

    case_code = serializers.CharField(source="case.code", read_only=True)
    birth_date = serializers.DateField(read_only=True, allow_null=True)
    mailing_country = serializers.CharField(read_only=True, help_text=_("ISO 3166-1 alpha-2 code"))
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)
    identity_documents = serializers.ListField(child=serializers.DictField(), read_only=True)
    family_contacts = serializers.ListField(child=serializers.DictField(), read_only=True)
    citizenship = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Victim
        fields = ["case", "case_code", *VICTIM_FIELDS, "age_at_registration"]
        read_only_fields = fields


class SharingReceivedSerializer(serializers.Serializer):
    """What the requesting organisation receives of a case and the consent behind it."""

    organisation = serializers.IntegerField(source="organisation.pk", help_text=_("receiving organisation"))
    sections = serializers.ListField(
        child=serializers.ChoiceField(choices=choices.Section.choices),
        help_text=_("The sections shared with the organisation and covered by the consent now."),
    )
    consent_sections = serializers.ListField(
        child=serializers.ChoiceField(choices=choices.Section.choices),
        help_text=_("The sections the victim's consent to sharing covers."),
    )
    consent_given_on = serializers.DateField()
    consent_expires_on = serializers.DateField(allow_null=True, help_text=_("Empty: until withdrawn."))


class CaseCloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(label=_("reason for closure"), choices=choices.ClosureReason.choices)
    details = serializers.CharField(label=_("closure details"), required=False, allow_blank=True, default="")
    withdraw_referrals = serializers.ListField(
        label=_("referrals to withdraw"),
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text=_("Ids of open referrals to withdraw and of accepted referrals whose sharing ends."),
    )
    keep_referrals = serializers.ListField(
        label=_("referrals to keep"),
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text=_(
            "Ids of open referrals and accepted referrals to keep. Every open referral and every "
            "active sharing of the case must be in one of the two lists."
        ),
    )
    keep_followups = serializers.BooleanField(
        label=_("keep the pending follow-ups"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Required when follow-ups are pending: true keeps monitoring after closure."),
    )


class CaseReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("reason for reopening"))
    stage = serializers.ChoiceField(
        label=_("stage"), choices=WORKING_STAGES, required=False, default=choices.Stage.ASSISTANCE
    )


class CaseAssignSerializer(serializers.Serializer):
    caseworker = serializers.PrimaryKeyRelatedField(label=_("caseworker"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only staff the user may see (their organisations' members) can be named.
            self.fields["caseworker"].queryset = accounts_selectors.user_list(user=request.user)


class CaseTransferSerializer(serializers.Serializer):
    to_organisation = organisation_field(label=_("receiving organisation"))
    reason = serializers.ChoiceField(
        label=_("reason"), choices=choices.ReferralReason.choices, default=choices.ReferralReason.MIGRATION
    )
    details = serializers.CharField(
        label=_("details and arrangements"), required=False, allow_blank=True, default=""
    )


class CaseSearchSerializer(serializers.Serializer):
    """A name search: in the request body, never in a query string (it would reach the server log)."""

    name = serializers.CharField(
        label=_("name or case code"),
        max_length=200,
        help_text=_("Any part of a given or family name, Cyrillic or Latin; at least two letters."),
    )
    birth_date = serializers.DateField(label=_("birth date"), required=False, allow_null=True)
    birth_year = serializers.IntegerField(
        label=_("birth year"), required=False, allow_null=True, min_value=1900, max_value=2100
    )

    def validate_name(self, value):
        value = value.strip()
        if not CODE_LIKE.search(value) and query_letters(value) < MIN_LETTERS:
            raise serializers.ValidationError(_("Type at least two letters of the name."), code="too_short")
        return value


class ApprovalPendingSerializer(serializers.ModelSerializer):
    """A closure or transfer now waiting for a manager's approval."""

    class Meta:
        model = ApprovalRequest
        fields = ["id", "case", "action", "status", "closure_reason", "requested_at"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("List cases (no personal data)"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("Show a case (no personal data)"),
        tags=TAGS,
        responses={200: CaseSerializer, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary=_("Open a case: a draft, or registered at once with register=true (intake)"),
        tags=TAGS,
        request=CaseIntakeSerializer,
        responses={201: CaseSerializer, **ERROR_RESPONSES},
    ),
)
class CaseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    action_permissions = {"default": "cases.view_case", "create": "cases.add_case"}
    object_permissions = {
        "intake": "cases.change_case",
        "register": "cases.change_case",
        "close": "cases.close_case",
        "reopen": "cases.close_case",
        "assign": "cases.assign_case",
        "transfer": "cases.transfer_case",
    }
    filterset_class = CaseFilter  # the same FilterSet as the web case list
    ordering_fields = ["registered_on", "code", "stage", "updated_at"]
    queryset = Case.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return selectors.case_list(user=self.request.user)

    def get_serializer_class(self):
        return {
            "create": CaseIntakeSerializer,
            "intake": CaseIntakeSaveSerializer,
            "register": serializers.Serializer,
            "close": CaseCloseSerializer,
            "reopen": CaseReopenSerializer,
            "assign": CaseAssignSerializer,
            "transfer": CaseTransferSerializer,
            "search": CaseSearchSerializer,
        }.get(self.action, CaseSerializer)

    def perform_create(self, serializer):
        serializer.instance = services.case_intake(by=self.request.user, **serializer.validated_data)

    @extend_schema(
        summary=_("Read the victim's personal data (written to the access log)"),
        tags=TAGS,
        responses={200: PersonalDataSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"], url_path="personal-data", url_name="personal-data")
    def personal_data(self, request, pk=None):
        case = self.get_object()
        try:
            victim = selectors.victim_personal_data(user=request.user, case=case, request=request)
        except Victim.DoesNotExist:
            # The case is in scope (shared by a referral) but its personal data was not shared.
            raise PermissionDenied from None
        return Response(PersonalDataSerializer(victim).data)

    @extend_schema(
        summary=_("What your organisation receives of a referred case, and the consent behind it"),
        tags=TAGS,
        responses={200: SharingReceivedSerializer(many=True), **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"])
    def sharing(self, request, pk=None):
        received = selectors.case_sharing_received(user=request.user, case=self.get_object())
        return Response(SharingReceivedSerializer(received, many=True).data)

    @extend_schema(
        summary=_("Find cases by any part of the victim's name (best match first)"),
        description=_(
            "The name goes in the request body, never in the URL. Searches only the cases whose "
            "personal data you may see; filters and page go in the query string as for the list."
        ),
        tags=TAGS,
        request=CaseSearchSerializer,
        responses={200: CaseSerializer(many=True), **ERROR_RESPONSES},
    )
    @action(detail=False, methods=["post"])
    def search(self, request):
        data = validated_input(self, request)
        cases = self.filter_queryset(self.get_queryset())
        if CODE_LIKE.search(data["name"]):
            cases = cases.filter(code__icontains=data["name"])
        else:
            cases = selectors.case_name_search(
                user=request.user,
                name=data["name"],
                birth_date=data.get("birth_date"),
                birth_year=data.get("birth_year"),
                cases=cases,
            )
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(CaseSerializer(page, many=True).data)

    def _case_response(self, case):
        return Response(CaseSerializer(selectors.case_list(user=self.request.user).get(pk=case.pk)).data)

    @post_action(
        summary=_("Save answers of the intake on a draft case (every error at once)"),
        tags=TAGS,
        request=CaseIntakeSaveSerializer,
        response=CaseSerializer,
    )
    def intake(self, request, pk=None):
        fields = validated_input(self, request)
        case = services.intake_save(case=self.get_object(), by=request.user, **fields)
        return self._case_response(case)

    @post_action(
        summary=_("Register a draft case: it leaves the draft state and moves on to assistance"),
        tags=TAGS,
        request=None,
        response=CaseSerializer,
    )
    def register(self, request, pk=None):
        case = services.intake_register(case=self.get_object(), by=request.user)
        return self._case_response(case)

    @extend_schema(
        summary=_("Close the case (or ask a manager to approve the closure)"),
        tags=TAGS,
        request=CaseCloseSerializer,
        responses={
            200: CaseSerializer,
            202: OpenApiResponse(
                ApprovalPendingSerializer, description=_("Waiting for a manager's approval.")
            ),
            **ERROR_RESPONSES,
        },
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        result = services.case_close(
            case=self.get_object(), by=request.user, **validated_input(self, request)
        )
        if isinstance(result, ApprovalRequest):
            return Response(ApprovalPendingSerializer(result).data, status=status.HTTP_202_ACCEPTED)
        return self._case_response(result)

    @post_action(
        summary=_("Reopen a closed case"),
        tags=TAGS,
        request=CaseReopenSerializer,
        response=CaseSerializer,
    )
    def reopen(self, request, pk=None):
        case = services.case_reopen(case=self.get_object(), by=request.user, **validated_input(self, request))
        return self._case_response(case)

    @post_action(
        summary=_("Assign the case to a caseworker"),
        tags=TAGS,
        request=CaseAssignSerializer,
        response=CaseSerializer,
    )
    def assign(self, request, pk=None):
        case = services.case_assign(case=self.get_object(), by=request.user, **validated_input(self, request))
        return self._case_response(case)

    @post_action(
        summary=_("Ask another organisation to take over the case"),
        tags=TAGS,
        request=CaseTransferSerializer,
        response=ReferralSerializer,
        status=status.HTTP_201_CREATED,
    )
    def transfer(self, request, pk=None):
        referral = services.case_transfer(
            case=self.get_object(), by=request.user, **validated_input(self, request)
        )
        return answer(self, ReferralSerializer, referral, status=status.HTTP_201_CREATED)
