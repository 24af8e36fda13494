"""The sections of one case under ``/cases/<id>/``: personal data (change), screening and the formal
identification decision, trafficking experience, and its places and dates. Together with the intake,
consents, referrals and closure, every HTCDS core field can be entered here and read back
(``tests/test_api_htcds_fields.py`` holds that)."""

import copy

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from cases import selectors, services
from cases.api.cases import TAGS, CaseIntakeSerializer, PersonalDataSerializer, _choices
from cases.api.common import ERROR_RESPONSES, RolePermission, organisation_field, validated_input
from cases.models import Case, Screening, TraffickingEvent, TraffickingExperience, Victim, choices
from network.models import Region

INTAKE = CaseIntakeSerializer._declared_fields


def _copy(name: str) -> serializers.Field:
    """The intake's definition of a field, optional (a change sends only what changes)."""
    field = copy.deepcopy(INTAKE[name])
    # Serializers copy their fields from the constructor's arguments: change those, not the attribute.
    field._kwargs["required"] = False
    return copy.deepcopy(field)


class VictimUpdateSerializer(serializers.Serializer):
    """A change of the victim's personal data: only the fields sent change."""

    salutation = _copy("salutation")
    given_name = _copy("given_name")
    middle_name = _copy("middle_name")
    family_name = _copy("family_name")
    aliases = _copy("aliases")
    sex = _copy("sex")
    gender = _copy("gender")
    birth_date = _copy("birth_date")
    estimated_age = _copy("estimated_age")
    is_deceased = serializers.BooleanField(label=_("deceased"), required=False)
    citizenship = _copy("citizenship")
    identity_documents = serializers.ListField(
        label=_("identity documents"), child=serializers.DictField(), required=False
    )
    title = _copy("title")
    email = _copy("email")
    home_phone = _copy("home_phone")
    mobile_phone = _copy("mobile_phone")
    mailing_street = _copy("mailing_street")
    mailing_city = _copy("mailing_city")
    mailing_state = _copy("mailing_state")
    mailing_postal_code = _copy("mailing_postal_code")
    mailing_country = _copy("mailing_country")
    home_region = _copy("home_region")
    family_contacts = serializers.ListField(
        label=_("family contacts"), child=serializers.DictField(), required=False
    )
    marital_status = serializers.ChoiceField(
        label=_("marital status"),
        choices=_choices(Victim, "marital_status"),
        required=False,
        allow_blank=True,
    )
    number_of_children = serializers.IntegerField(
        label=_("number of children"), min_value=0, required=False, allow_null=True
    )
    primary_language = _copy("primary_language")
    secondary_language = serializers.CharField(
        label=_("secondary language"), max_length=3, required=False, allow_blank=True
    )
    education = serializers.ChoiceField(
        label=_("highest level of education"),
        choices=_choices(Victim, "education"),
        required=False,
        allow_blank=True,
    )


class ScreeningSerializer(serializers.ModelSerializer):
    """The screening and the formal identification decision, free text decrypted (access-logged)."""

    indicators = serializers.ListField(child=serializers.ChoiceField(choices=choices.Indicator.choices))
    vulnerabilities = serializers.ListField(
        child=serializers.ChoiceField(choices=choices.Vulnerability.choices)
    )
    referral_source_details = serializers.CharField()
    vulnerability_details = serializers.CharField()
    debts = serializers.ListField(child=serializers.ChoiceField(choices=choices.Debt.choices))
    family_situation = serializers.ListField(
        child=serializers.ChoiceField(choices=choices.FamilySituation.choices)
    )
    identification_reference = serializers.CharField()
    referral_mechanism_country = serializers.CharField(help_text=_("ISO 3166-1 alpha-2 code"))

    class Meta:
        model = Screening
        fields = [
            "case",
            "referral_source",
            "referral_source_details",
            "screened_on",
            "indicators",
            "identification_status",
            "identification_date",
            "decided_by",
            "decision_making_organisation",
            "identifying_body",
            "identifying_body_name",
            "referral_mechanism_country",
            "identification_reference",
            "vulnerabilities",
            "vulnerability_details",
            "economic_situation",
            "debts",
            "prior_migration",
            "family_situation",
        ]
        read_only_fields = fields


class ScreeningUpdateSerializer(serializers.Serializer):
    referral_source = serializers.ChoiceField(
        label=_("referred by"), choices=_choices(Screening, "referral_source"), required=False
    )
    referral_source_details = _copy("referral_source_details")
    screened_on = serializers.DateField(label=_("screened on"), required=False)
    indicators = _copy("indicators")
    identification_status = _copy("identification_status")
    identification_date = serializers.DateField(label=_("date of decision"), required=False, allow_null=True)
    decision_making_organisation = serializers.ChoiceField(
        label=_("deciding authority"),
        choices=_choices(Screening, "decision_making_organisation"),
        required=False,
        allow_blank=True,
    )
    identifying_body = organisation_field(label=_("identifying body"), required=False, allow_null=True)
    identifying_body_name = serializers.CharField(
        label=_("identifying body (outside Amanat)"), max_length=200, required=False, allow_blank=True
    )
    referral_mechanism_country = serializers.CharField(
        label=_("national referral mechanism of"), max_length=2, required=False, allow_blank=True
    )
    identification_reference = serializers.CharField(
        label=_("decision reference number"), max_length=100, required=False, allow_blank=True
    )
    vulnerabilities = serializers.ListField(
        label=_("vulnerabilities (deprecated in HTCDS)"),
        child=serializers.ChoiceField(choices=choices.Vulnerability.choices),
        required=False,
    )
    vulnerability_details = serializers.CharField(
        label=_("details of vulnerabilities"), required=False, allow_blank=True
    )
    economic_situation = serializers.ChoiceField(
        label=_("economic situation before trafficking"),
        choices=_choices(Screening, "economic_situation"),
        required=False,
        allow_blank=True,
    )
    debts = serializers.ListField(
        label=_("debts when recruited"),
        child=serializers.ChoiceField(choices=choices.Debt.choices),
        required=False,
    )
    prior_migration = serializers.ChoiceField(
        label=_("prior migration for work"),
        choices=_choices(Screening, "prior_migration"),
        required=False,
        allow_blank=True,
    )
    family_situation = serializers.ListField(
        label=_("family situation"),
        child=serializers.ChoiceField(choices=choices.FamilySituation.choices),
        required=False,
    )


def _codes(vocabulary):
    return serializers.ListField(child=serializers.ChoiceField(choices=vocabulary.choices))


class ExperienceSerializer(serializers.ModelSerializer):
    exploitation_types = _codes(choices.Exploitation)
    sex_exploitation_types = _codes(choices.SexExploitation)
    labour_sectors = _codes(choices.Industry)
    recruitment_methods = _codes(choices.RecruitmentMethod)
    recruitment_apps = _codes(choices.App)
    exploitation_apps = _codes(choices.App)
    means_of_control = _codes(choices.MeansOfControl)
    narrative = serializers.CharField()

    class Meta:
        model = TraffickingExperience
        fields = ["case", *services.cases.EXPERIENCE_FIELDS, "is_cross_border", "duration_days"]
        read_only_fields = fields


class ExperienceUpdateSerializer(serializers.Serializer):
    exploitation_types = _copy("exploitation_types")
    sex_exploitation_types = serializers.ListField(
        label=_("types of sexual exploitation"),
        child=serializers.ChoiceField(choices=choices.SexExploitation.choices),
        required=False,
    )
    labour_sectors = _copy("labour_sectors")
    labour_sector_detail = serializers.CharField(
        label=_("ISIC division or group"), max_length=8, required=False, allow_blank=True
    )
    relation_to_recruiter = _copy("relation_to_recruiter")
    recruitment_methods = _copy("recruitment_methods")
    recruitment_apps = serializers.ListField(
        label=_("recruitment websites and apps"),
        child=serializers.ChoiceField(choices=choices.App.choices),
        required=False,
    )
    exploitation_apps = serializers.ListField(
        label=_("exploitation websites and apps"),
        child=serializers.ChoiceField(choices=choices.App.choices),
        required=False,
    )
    means_of_control = _copy("means_of_control")
    age_when_trafficked = serializers.IntegerField(
        label=_("age when trafficked"), min_value=0, max_value=120, required=False, allow_null=True
    )
    narrative = serializers.CharField(label=_("account of events"), required=False, allow_blank=True)


class EventSerializer(serializers.ModelSerializer):
    """A place of recruitment, transit or exploitation (the city and description are not listed)."""

    class Meta:
        model = TraffickingEvent
        fields = ["id", "case", "type", "country", "region", "started_on", "ended_on"]
        read_only_fields = fields


class EventInputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(label=_("type"), choices=choices.EventType.choices)
    country = serializers.CharField(label=_("country"), max_length=2)
    region = serializers.PrimaryKeyRelatedField(
        label=_("region"),
        queryset=Region.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("ISO 3166-2 code of a region of that country."),
    )
    city = serializers.CharField(
        label=_("city or district"), max_length=100, required=False, allow_blank=True
    )
    started_on = serializers.DateField(label=_("from"), required=False, allow_null=True)
    ended_on = serializers.DateField(label=_("until"), required=False, allow_null=True)
    description = serializers.CharField(label=_("description"), required=False, allow_blank=True)


class CaseSectionViewSet(viewsets.GenericViewSet):
    """The sections of a case the user may see; each change goes through the section's service."""

    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    action_permissions = {"default": "cases.view_case"}
    queryset = Case.objects.none()
    serializer_class = ScreeningSerializer  # for the schema; every action names its own

    def get_queryset(self):
        return selectors.case_list(user=self.request.user)

    def get_serializer_class(self):
        return {
            "person_update": VictimUpdateSerializer,
            "screening_update": ScreeningUpdateSerializer,
            "experience_update": ExperienceUpdateSerializer,
            "event_add": EventInputSerializer,
        }.get(self.action, ScreeningSerializer)

    def _person(self, request, case):
        try:
            return selectors.victim_personal_data(user=request.user, case=case, request=request)
        except Victim.DoesNotExist:
            # The case is in scope (shared by a referral) but its personal data was not shared.
            raise PermissionDenied from None

    @extend_schema(
        summary=_("Read the victim's personal data (written to the access log)"),
        tags=TAGS,
        responses={200: PersonalDataSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"])
    def person(self, request, pk=None):
        return Response(PersonalDataSerializer(self._person(request, self.get_object())).data)

    @extend_schema(
        summary=_("Change the victim's personal data (answers with it, written to the access log)"),
        tags=TAGS,
        request=VictimUpdateSerializer,
        responses={200: PersonalDataSerializer, **ERROR_RESPONSES},
    )
    @person.mapping.patch
    def person_update(self, request, pk=None):
        case = self.get_object()
        self._person(request, case)
        services.victim_update(case=case, by=request.user, **validated_input(self, request))
        return Response(PersonalDataSerializer(self._person(request, case)).data)

    def _screening(self, request, case):
        try:
            return selectors.screening_read(user=request.user, case=case, request=request)
        except Screening.DoesNotExist:
            raise Http404 from None  # the screening is not shared with this organisation

    @extend_schema(
        summary=_("Show the screening and the identification decision (written to the access log)"),
        tags=TAGS,
        responses={200: ScreeningSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"])
    def screening(self, request, pk=None):
        return Response(ScreeningSerializer(self._screening(request, self.get_object())).data)

    @extend_schema(
        summary=_("Record the screening and the identification decision"),
        tags=TAGS,
        request=ScreeningUpdateSerializer,
        responses={200: ScreeningSerializer, **ERROR_RESPONSES},
    )
    @screening.mapping.patch
    def screening_update(self, request, pk=None):
        case = self.get_object()
        self._screening(request, case)  # 404 before 403 when the section is not shared
        services.screening_update(case=case, by=request.user, **validated_input(self, request))
        return Response(ScreeningSerializer(self._screening(request, case)).data)

    def _experience(self, request, case):
        try:
            return selectors.experience_read(user=request.user, case=case, request=request)
        except TraffickingExperience.DoesNotExist:
            raise Http404 from None

    @extend_schema(
        summary=_("Show the trafficking experience (written to the access log)"),
        tags=TAGS,
        responses={200: ExperienceSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"])
    def experience(self, request, pk=None):
        return Response(ExperienceSerializer(self._experience(request, self.get_object())).data)

    @extend_schema(
        summary=_("Record the trafficking experience"),
        tags=TAGS,
        request=ExperienceUpdateSerializer,
        responses={200: ExperienceSerializer, **ERROR_RESPONSES},
    )
    @experience.mapping.patch
    def experience_update(self, request, pk=None):
        case = self.get_object()
        self._experience(request, case)
        services.experience_update(case=case, by=request.user, **validated_input(self, request))
        return Response(ExperienceSerializer(self._experience(request, case)).data)

    @extend_schema(
        summary=_("List the places and dates of the case"),
        tags=TAGS,
        responses={200: EventSerializer(many=True), **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        case = self.get_object()
        self._experience(request, case)
        return Response(EventSerializer(selectors.event_list(user=request.user, case=case), many=True).data)

    @extend_schema(
        summary=_("Add a place of recruitment, transit or exploitation"),
        tags=TAGS,
        request=EventInputSerializer,
        responses={201: EventSerializer, **ERROR_RESPONSES},
    )
    @events.mapping.post
    def event_add(self, request, pk=None):
        case = self.get_object()
        self._experience(request, case)
        event = services.event_add(case=case, by=request.user, **validated_input(self, request))
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)
