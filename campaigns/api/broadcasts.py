"""Broadcasts under /api/v1/campaigns/broadcasts/: list, create (with texts), read with the message
counts, change a draft; the preview (GET) and the actions start, pause, resume and cancel (POST); the
messages (status only, never a number). The SMS policy of an organisation under
/api/v1/campaigns/sms-policies/ (read each organisation's, set one). Errors come in the one envelope."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.settings import api_settings

from campaigns.models import Broadcast, Campaign, Gateway, Message, SmsPolicy, SubscriberList, choices
from campaigns.selectors import broadcasts as selectors
from campaigns.services import broadcasts as services
from campaigns.services.sms_policy import sms_policy_of, sms_policy_update
from network.models import Organisation, Region
from tenancy import ALL_ORGANISATIONS, organisations_with_perm

TAGS = ["campaigns"]
ERROR_RESPONSES = {
    400: OpenApiResponse(description=_('Invalid input: {"error", "field", "errors"}.')),
    403: OpenApiResponse(description=_("Your role does not allow this.")),
    404: OpenApiResponse(description=_("Not found, or outside your organisation.")),
}
VIEW = "campaigns.view_broadcast"


class BroadcastPermission(permissions.IsAuthenticated):
    """Reading asks ``campaigns.view_broadcast`` (outside the scope: 404); changing a draft
    ``campaigns.add_broadcast``; the actions ``campaigns.send_broadcast`` on the broadcast."""

    object_permissions = {
        "update": services.ADD_BROADCAST,
        "partial_update": services.ADD_BROADCAST,
        "start": services.SEND_BROADCAST,
        "pause": services.SEND_BROADCAST,
        "resume": services.SEND_BROADCAST,
        "cancel": services.SEND_BROADCAST,
        "messages": "campaigns.view_message",
    }

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if view.action == "create":
            return request.user.has_perm(services.ADD_BROADCAST)
        return view.detail or request.user.has_perm(VIEW)

    def has_object_permission(self, request, view, obj):
        perm = self.object_permissions.get(view.action)
        return perm is None or request.user.has_perm(perm, obj)


class TextSerializer(serializers.Serializer):
    language = serializers.ChoiceField(label=_("language"), choices=choices.Language.choices)
    body = serializers.CharField(label=_("text"))


class BroadcastSerializer(serializers.ModelSerializer):
    texts = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField(help_text=_("Messages by status."))

    class Meta:
        model = Broadcast
        fields = [
            "id",
            "organisation",
            "campaign",
            "name",
            "lists",
            "gateway",
            "region",
            "scheduled_for",
            "status",
            "status_detail",
            "texts",
            "counts",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(TextSerializer(many=True))
    def get_texts(self, broadcast) -> list:
        return [{"language": text.language, "body": text.body} for text in broadcast.texts.all()]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
    def get_counts(self, broadcast) -> dict:
        return {status: getattr(broadcast, f"{status}_count", 0) for status in choices.MessageStatus.values}


def _scoped(model):
    """A primary key of a ``model`` row the requester can see (another organisation's: unknown id)."""

    @extend_schema_field(OpenApiTypes.INT)
    class Field(serializers.PrimaryKeyRelatedField):
        def get_queryset(self):
            return model.objects.visible_to(self.context["request"].user)

    Field.__name__ = f"{model.__name__}Field"
    return Field


CampaignField = _scoped(Campaign)
GatewayField = _scoped(Gateway)
ListField = _scoped(SubscriberList)


class BroadcastInputSerializer(serializers.Serializer):
    campaign = CampaignField(label=_("campaign"))
    name = serializers.CharField(label=_("name"), max_length=200)
    gateway = GatewayField(label=_("gateway"))
    lists = ListField(label=_("subscriber lists"), many=True)
    texts = TextSerializer(
        label=_("texts"), many=True, help_text=_("One per language; the first goes to everyone else.")
    )
    region = serializers.PrimaryKeyRelatedField(
        label=_("region"), queryset=Region.objects.all(), required=False, allow_null=True
    )
    scheduled_for = serializers.DateTimeField(label=_("send from"), required=False, allow_null=True)


class StartSerializer(serializers.Serializer):
    preview = serializers.CharField(
        label=_("preview fingerprint"),
        required=False,
        help_text=_(
            "The fingerprint of the preview you saw: refused if the recipients or texts changed since."
        ),
    )


class PreviewTextSerializer(serializers.Serializer):
    language = serializers.CharField(source="text.language")
    final_text = serializers.CharField()
    encoding = serializers.CharField(source="segments.encoding")
    length = serializers.IntegerField(source="segments.length")
    segments = serializers.IntegerField(source="segments.segments")
    remaining = serializers.IntegerField(source="segments.remaining")
    recipients = serializers.IntegerField()
    over_limit = serializers.BooleanField()


class PreviewSerializer(serializers.Serializer):
    recipients = serializers.IntegerField()
    by_language = serializers.SerializerMethodField()
    texts = PreviewTextSerializer(many=True)
    total_segments = serializers.IntegerField()
    cost = serializers.SerializerMethodField(help_text=_("An estimate; 'unknown' recipients have no price."))
    opted_out = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    max_segments = serializers.IntegerField()
    fingerprint = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField())

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_by_language(self, preview) -> list:
        return [
            {"language": code, "recipients": count, "text_language": item.text.language}
            for code, count, item in preview.by_language
        ]

    @extend_schema_field({"type": "object"})
    def get_cost(self, preview) -> dict:
        return preview.cost.as_dict()


class MessageSerializer(serializers.ModelSerializer):
    """A message's delivery, without its number or subscriber."""

    class Meta:
        model = Message
        fields = ["id", "text", "segments", "status", "not_before", "sent_at", "delivered_at", "attempts"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary=_("SMS broadcasts of your organisation, with their message counts"), tags=TAGS
    ),
    retrieve=extend_schema(
        summary=_("One broadcast with its texts and message counts"),
        tags=TAGS,
        responses={200: BroadcastSerializer, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary=_("Compose a draft broadcast with its texts"),
        tags=TAGS,
        request=BroadcastInputSerializer,
        responses={201: BroadcastSerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Change a draft broadcast (texts replace every text)"),
        tags=TAGS,
        request=BroadcastInputSerializer,
        responses={200: BroadcastSerializer, **ERROR_RESPONSES},
    ),
)
class BroadcastViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, BroadcastPermission]
    queryset = Broadcast.objects.none()  # for the schema; requests use get_queryset
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.broadcast_list(user=self.request.user).prefetch_related("lists", "texts")

    def get_serializer_class(self):
        return {
            "create": BroadcastInputSerializer,
            "partial_update": BroadcastInputSerializer,
            "start": StartSerializer,
            "preview": PreviewSerializer,
            "messages": MessageSerializer,
        }.get(self.action, BroadcastSerializer)

    def _input(self, request) -> dict:
        serializer = self.get_serializer(data=request.data, partial=self.action != "create")
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "texts" in data:
            data["texts"] = [dict(text) for text in data["texts"]]
        return data

    def _out(self, broadcast, status=200):
        return Response(BroadcastSerializer(self.get_queryset().get(pk=broadcast.pk)).data, status=status)

    def create(self, request):
        fields = self._input(request)
        broadcast = services.broadcast_create(
            organisation=fields["campaign"].organisation, by=request.user, **fields
        )
        return self._out(broadcast, status=201)

    def partial_update(self, request, pk=None):
        broadcast = services.broadcast_update(
            broadcast=self.get_object(), by=request.user, **self._input(request)
        )
        return self._out(broadcast)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        summary=_("What a send would do now: recipients, languages, segments, cost, exclusions"),
        tags=TAGS,
        responses={200: PreviewSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"])
    def preview(self, request, pk=None):
        return Response(PreviewSerializer(services.broadcast_preview(broadcast=self.get_object())).data)

    @extend_schema(
        summary=_("Start (or schedule) the broadcast: one message per distinct number"),
        tags=TAGS,
        request=StartSerializer,
        responses={200: BroadcastSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        broadcast = self.get_object()
        serializer = StartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        seen = serializer.validated_data.get("preview")
        return self._out(services.broadcast_start(broadcast=broadcast, by=request.user, seen=seen))

    def _act(self, service):
        return self._out(service(broadcast=self.get_object(), by=self.request.user))

    @extend_schema(summary=_("Pause sending"), tags=TAGS, request=None, responses={200: BroadcastSerializer})
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        return self._act(services.broadcast_pause)

    @extend_schema(summary=_("Resume sending"), tags=TAGS, request=None, responses={200: BroadcastSerializer})
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self._act(services.broadcast_resume)

    @extend_schema(
        summary=_("Cancel the broadcast and its queued messages"),
        tags=TAGS,
        request=None,
        responses={200: BroadcastSerializer},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._act(services.broadcast_cancel)

    @extend_schema(
        summary=_("The broadcast's messages: status only, never a number"),
        tags=TAGS,
        responses={200: MessageSerializer(many=True), **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"])
    def messages(self, request, pk=None):
        broadcast = self.get_object()
        page = self.paginate_queryset(
            selectors.broadcast_message_list(user=request.user, broadcast=broadcast)
        )
        return self.get_paginated_response(MessageSerializer(page, many=True).data)


# The SMS policy ---------------------------------------------------------------------------------------
def _policy_organisations(user):
    """The organisations whose SMS policy ``user`` may read."""
    allowed = organisations_with_perm(user, "campaigns.view_smspolicy")
    organisations = Organisation.objects.all()
    return organisations if allowed is ALL_ORGANISATIONS else organisations.filter(pk__in=allowed or ())


@extend_schema_field(OpenApiTypes.INT)
class PolicyOrganisationField(serializers.PrimaryKeyRelatedField):
    """An organisation whose policy the requester may read (any other answers as an unknown id)."""

    def get_queryset(self):
        return _policy_organisations(self.context["request"].user)


class SmsPolicySerializer(serializers.ModelSerializer):
    organisation = PolicyOrganisationField(label=_("organisation"))

    class Meta:
        model = SmsPolicy
        fields = ["organisation", "max_segments", "quiet_from", "quiet_until"]


@extend_schema_view(
    list=extend_schema(
        summary=_("The SMS policy of each of your organisations (the defaults until a manager sets it)"),
        tags=TAGS,
    ),
    create=extend_schema(
        summary=_("Set the SMS policy of an organisation (managers; fields left out keep their value)"),
        tags=TAGS,
        request=SmsPolicySerializer,
        responses={200: SmsPolicySerializer, **ERROR_RESPONSES},
    ),
)
class SmsPolicyViewSet(viewsets.GenericViewSet):
    serializer_class = SmsPolicySerializer
    queryset = SmsPolicy.objects.none()  # for the schema; requests read through the organisations
    pagination_class = None

    def list(self, request):
        if not request.user.has_perm("campaigns.view_smspolicy"):
            raise PermissionDenied
        policies = [sms_policy_of(organisation=found) for found in _policy_organisations(request.user)]
        return Response(SmsPolicySerializer(policies, many=True, context={"request": request}).data)

    def create(self, request):
        if not request.user.has_perm("campaigns.change_smspolicy"):
            raise PermissionDenied
        serializer = SmsPolicySerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        found = data.pop("organisation", None)
        if found is None:
            raise serializers.ValidationError({"organisation": [_("Name the organisation.")]})
        policy = sms_policy_of(organisation=found)
        values = {
            "max_segments": policy.max_segments,
            "quiet_from": policy.quiet_from,
            "quiet_until": policy.quiet_until,
            **data,
        }
        policy = sms_policy_update(organisation=found, by=request.user, **values)
        return Response(SmsPolicySerializer(policy, context={"request": request}).data)


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("campaigns/broadcasts", BroadcastViewSet, basename="broadcast")
    router.register("campaigns/sms-policies", SmsPolicyViewSet, basename="smspolicy")
