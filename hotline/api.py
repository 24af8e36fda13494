"""The contact log under /api/v1/hotline/contacts/: list, read (access-logged), log a call, change it,
and open or link a case from it; the knowledge base (read) and the telephony's call records. Errors come in
the one envelope (``api.exceptions``)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action, api_view, authentication_classes, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts import selectors as accounts_selectors
from cases import selectors as case_selectors
from hotline import selectors, services
from hotline.authentication import TelephonyTokenAuthentication
from hotline.filters import ContactFilter
from hotline.models import Answer, CallerType, Channel, Contact, HeardVia, Language, Line, Outcome, Topic
from hotline.vocabulary import Indicator
from network.models import Organisation, Service

TAGS = ["hotline"]
ERROR_RESPONSES = {
    400: OpenApiResponse(description=_('Invalid input: {"error", "field", "errors"}.')),
    403: OpenApiResponse(description=_("Your role does not allow this.")),
    404: OpenApiResponse(description=_("Not found, or outside your lines.")),
}


class HotlinePermission(permissions.IsAuthenticated):
    """403 unless a role of the user grants the action's permission; on one contact only the view
    permission is asked first, so that a contact outside the user's scope answers 404."""

    list_permissions = {"create": "hotline.add_contact"}
    object_permissions = {
        "update": "hotline.change_contact",
        "partial_update": "hotline.change_contact",
        "open_case": "hotline.change_contact",
        "link_case": "hotline.change_contact",
    }

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        perm = (
            "hotline.view_contact"
            if view.detail
            else self.list_permissions.get(view.action, "hotline.view_contact")
        )
        return request.user.has_perm(perm)

    def has_object_permission(self, request, view, obj):
        perm = self.object_permissions.get(view.action)
        return perm is None or request.user.has_perm(perm, obj)


class ContactSerializer(serializers.ModelSerializer):
    """A contact as the list shows it: no notes, no number (the detail reads them, access-logged)."""

    case_code = serializers.CharField(source="case.code", read_only=True, default=None)
    has_number = serializers.SerializerMethodField(help_text=_("The caller agreed that the number is kept."))

    class Meta:
        model = Contact
        fields = [
            "id",
            "line",
            "operator",
            "channel",
            "started_at",
            "duration_seconds",
            "language",
            "caller_type",
            "caller_country",
            "caller_region",
            "country_of_concern",
            "topics",
            "heard_via",
            "heard_via_detail",
            "campaign",
            "indicators",
            "outcome",
            "referred_to_organisation",
            "referred_service",
            "referred_external_name",
            "case",
            "case_code",
            "follow_up_due",
            "number_consent",
            "has_number",
            "is_draft",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_has_number(self, contact) -> bool:
        # Whether a number is stored, read without decrypting it (the list shows no personal data).
        return contact.__dict__.get("caller_number") is not None


class ContactDetailSerializer(ContactSerializer):
    notes = serializers.CharField(read_only=True)
    caller_number = serializers.CharField(read_only=True)

    class Meta(ContactSerializer.Meta):
        fields = [*ContactSerializer.Meta.fields, "notes", "caller_number"]
        read_only_fields = fields


def _choice(vocabulary, label):
    return serializers.ChoiceField(label=label, choices=vocabulary.choices, required=False, allow_blank=True)


@extend_schema_field(OpenApiTypes.INT)
class LineField(serializers.PrimaryKeyRelatedField):
    """A line the user logs calls on (their own lines; every line of the organisation for a manager)."""

    def get_queryset(self):
        return selectors.lines_operated(user=self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class CampaignField(serializers.PrimaryKeyRelatedField):
    """A campaign the user may read; another organisation's answers as unknown (never listed)."""

    def get_queryset(self):
        return selectors.campaign_model().objects.visible_to(self.context["request"].user)


class ContactInputSerializer(serializers.Serializer):
    """What an operator sends; every field may be left out (a draft is saved as it is). ``complete``
    ends the draft (then the caller type, a topic and the outcome are needed)."""

    line = LineField(label=_("line"), required=False)
    channel = _choice(Channel, _("channel"))
    started_at = serializers.DateTimeField(label=_("started at"), required=False)
    duration_seconds = serializers.IntegerField(
        label=_("duration (seconds)"), required=False, allow_null=True
    )
    language = _choice(Language, _("language"))
    caller_type = _choice(CallerType, _("caller type"))
    caller_country = serializers.CharField(
        label=_("caller's country"), max_length=2, required=False, allow_blank=True
    )
    caller_region = serializers.CharField(
        label=_("caller's region"), max_length=8, required=False, allow_blank=True, allow_null=True
    )
    country_of_concern = serializers.CharField(
        label=_("country of concern"), max_length=2, required=False, allow_blank=True
    )
    topics = serializers.ListField(
        label=_("topics"), child=serializers.ChoiceField(choices=Topic.choices), required=False
    )
    indicators = serializers.ListField(
        label=_("trafficking indicators heard"),
        child=serializers.ChoiceField(choices=Indicator.choices),
        required=False,
    )
    heard_via = _choice(HeardVia, _("heard of the hotline via"))
    heard_via_detail = serializers.CharField(
        label=_("heard via (details)"), max_length=200, required=False, allow_blank=True
    )
    campaign = CampaignField(
        label=_("campaign heard of"),
        required=False,
        allow_null=True,
        help_text=_(
            "A campaign of the contact's organisation (lead or partner); only with heard_via "
            "campaign, tv, radio, sms or social_media."
        ),
    )
    outcome = _choice(Outcome, _("outcome"))
    referred_to_organisation = serializers.PrimaryKeyRelatedField(
        label=_("referred to organisation"),
        queryset=Organisation.objects.public(),
        required=False,
        allow_null=True,
    )
    referred_service = _choice(Service, _("referred service"))
    referred_external_name = serializers.CharField(
        label=_("referred to a body outside Amanat"), max_length=200, required=False, allow_blank=True
    )
    follow_up_due = serializers.DateField(label=_("follow-up due"), required=False, allow_null=True)
    notes = serializers.CharField(label=_("notes"), required=False, allow_blank=True)
    number_consent = serializers.BooleanField(
        label=_("the caller agrees that the number is kept"), required=False
    )
    caller_number = serializers.CharField(
        label=_("caller's number"),
        max_length=40,
        required=False,
        allow_blank=True,
        help_text=_("Hashed into the repeat-caller key; kept only with number_consent."),
    )
    complete = serializers.BooleanField(label=_("complete the contact"), required=False, default=False)


class CaseLinkSerializer(serializers.Serializer):
    case = serializers.IntegerField(label=_("case"), help_text=_("The id of a case you can see."))


class CaseOpenedSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    code = serializers.CharField()
    contact = ContactSerializer()


@extend_schema_view(
    list=extend_schema(summary=_("Contacts of the lines you answer (every line's for managers)"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("One contact with its notes and number (written to the access log)"),
        tags=TAGS,
        responses={200: ContactDetailSerializer, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary=_("Log a call: a draft, or a completed contact with complete=true"),
        tags=TAGS,
        request=ContactInputSerializer,
        responses={201: ContactDetailSerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Save answers of a contact (every error at once; nothing saved on an error)"),
        tags=TAGS,
        request=ContactInputSerializer,
        responses={200: ContactDetailSerializer, **ERROR_RESPONSES},
    ),
)
class ContactViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, HotlinePermission]
    filterset_class = ContactFilter  # the same FilterSet as the web list
    ordering_fields = ["started_at", "updated_at"]
    queryset = Contact.objects.none()  # for the schema; requests use get_queryset
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.contact_list(user=self.request.user)

    def get_serializer_class(self):
        return {
            "list": ContactSerializer,
            "retrieve": ContactDetailSerializer,
            "create": ContactInputSerializer,
            "partial_update": ContactInputSerializer,
            "link_case": CaseLinkSerializer,
            "open_case": serializers.Serializer,
        }.get(self.action, ContactSerializer)

    def _detail(self, contact, status=200):
        contact = selectors.contact_detail(user=self.request.user, pk=contact.pk, request=self.request)
        return Response(ContactDetailSerializer(contact).data, status=status)

    def retrieve(self, request, pk=None):
        return self._detail(self.get_object())

    def _input(self, request, *, partial: bool) -> dict:
        serializer = self.get_serializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @staticmethod
    def _save(contact, by, fields: dict):
        complete = fields.pop("complete", False)
        number = fields.pop("caller_number", None)
        if complete:
            return services.contact_complete(contact=contact, by=by, caller_number=number, **fields)
        return services.contact_save(contact=contact, by=by, caller_number=number, **fields)

    def create(self, request):
        fields = self._input(request, partial=False)
        line = fields.pop("line", None)
        if line is None:
            raise serializers.ValidationError({"line": [_("Choose the line the call came in on.")]})
        with transaction.atomic():
            contact = services.contact_start(
                by=request.user,
                line=line,
                channel=fields.pop("channel", "") or Channel.PHONE,
                started_at=fields.pop("started_at", None),
            )
            contact = self._save(contact, request.user, fields)
        return self._detail(contact, status=201)

    def partial_update(self, request, pk=None):
        contact = self.get_object()
        fields = self._input(request, partial=True)
        with transaction.atomic():
            contact = self._save(contact, request.user, fields)
        return self._detail(contact)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        summary=_("Open a case from the contact, prefilled through the intake (the case stays a draft)"),
        tags=TAGS,
        request=None,
        responses={201: CaseOpenedSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="open-case", url_name="open-case")
    def open_case(self, request, pk=None):
        contact = self.get_object()
        case = services.contact_case_open(contact=contact, by=request.user)
        contact = selectors.contact_get(user=request.user, pk=contact.pk)
        return Response(
            {"case": case.pk, "code": case.code, "contact": ContactSerializer(contact).data}, status=201
        )

    @extend_schema(
        summary=_("Link the contact to a case you can see"),
        tags=TAGS,
        request=CaseLinkSerializer,
        responses={200: ContactSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="link-case", url_name="link-case")
    def link_case(self, request, pk=None):
        contact = self.get_object()
        data = self._input(request, partial=False)
        case = case_selectors.case_list(user=request.user).filter(pk=data["case"]).first()
        if case is None:
            raise serializers.ValidationError({"case": [_("No case with this id that you can see.")]})
        services.contact_case_link(contact=contact, by=request.user, case=case)
        return Response(ContactSerializer(selectors.contact_get(user=request.user, pk=contact.pk)).data)


# Lines: read by who answers or manages them, set up by managers ---------------------------------------
class LineSerializer(serializers.ModelSerializer):
    operators_count = serializers.SerializerMethodField()

    class Meta:
        model = Line
        fields = [
            "id",
            "organisation",
            "name",
            "public_number",
            "languages",
            "is_active",
            "operators",
            "operators_count",
        ]
        read_only_fields = fields

    def get_operators_count(self, line) -> int:
        return len(line.operators.all())


@extend_schema_field(OpenApiTypes.INT)
class LineOperatorsField(serializers.PrimaryKeyRelatedField):
    """A user of the requester's organisations (another NGO's user answers as an unknown id, so the field
    tells nothing of who exists elsewhere); the service refuses, on this field, one who is not an operator
    of the line's organisation."""

    def get_queryset(self):
        return accounts_selectors.user_list(user=self.context["request"].user)


class LineInputSerializer(serializers.Serializer):
    name = serializers.CharField(label=_("name"), max_length=120, required=False, allow_blank=True)
    public_number = serializers.CharField(
        label=_("public phone number"), max_length=32, required=False, allow_blank=True
    )
    languages = serializers.ListField(
        label=_("languages"), child=serializers.ChoiceField(choices=Language.choices), required=False
    )
    is_active = serializers.BooleanField(label=_("active"), required=False)
    operators = LineOperatorsField(label=_("operators"), many=True, required=False)


class LinePermission(permissions.IsAuthenticated):
    """Reading asks ``hotline.view_line``; writing ``hotline.manage_line`` (on the line, after the 404)."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if view.action == "create":
            return request.user.has_perm("hotline.manage_line")
        return request.user.has_perm("hotline.view_line")

    def has_object_permission(self, request, view, obj):
        if view.action in ("update", "partial_update"):
            return request.user.has_perm("hotline.manage_line", obj)
        return True


@extend_schema_view(
    list=extend_schema(
        summary=_("Lines you answer (every line of your organisation for managers)"), tags=TAGS
    ),
    retrieve=extend_schema(
        summary=_("One line"), tags=TAGS, responses={200: LineSerializer, **ERROR_RESPONSES}
    ),
    create=extend_schema(
        summary=_("Set up a line of your organisation (managers)"),
        tags=TAGS,
        request=LineInputSerializer,
        responses={201: LineSerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Change a line, its operators or whether it is active (managers)"),
        tags=TAGS,
        request=LineInputSerializer,
        responses={200: LineSerializer, **ERROR_RESPONSES},
    ),
)
class LineViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, LinePermission]
    queryset = Line.objects.none()  # for the schema; requests use get_queryset
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.line_seen_list(user=self.request.user).prefetch_related("operators")

    def get_serializer_class(self):
        if self.action in ("create", "partial_update", "update"):
            return LineInputSerializer
        return LineSerializer

    def _input(self, request) -> dict:
        serializer = self.get_serializer(data=request.data, partial=self.action != "create")
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _out(self, line, status=200):
        line = self.get_queryset().get(pk=line.pk)
        return Response(LineSerializer(line).data, status=status)

    def create(self, request):
        from accounts.selectors import active_membership

        fields = self._input(request)
        fields.pop("is_active", None)
        membership = active_membership(request)
        if membership is None or not request.user.has_perm("hotline.manage_line", membership.organisation):
            raise PermissionDenied
        line = services.line_create(
            organisation=membership.organisation,
            by=request.user,
            name=fields.pop("name", ""),
            **fields,
        )
        return self._out(line, status=201)

    def partial_update(self, request, pk=None):
        line = self.get_object()
        line = services.line_update(line=line, by=request.user, **self._input(request))
        return self._out(line)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


# Operations: the knowledge base (read) and the telephony's call records ----------------------------------
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
@permission_classes([*api_settings.DEFAULT_PERMISSION_CLASSES])
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
    router.register("hotline/contacts", ContactViewSet, basename="contact")
    router.register("hotline/answers", AnswerViewSet, basename="answer")
    router.register("hotline/lines", LineViewSet, basename="line")
