"""Endpoints of SMS subscribers (issue 10): lists, their numbers (masked), uploads (check → report →
confirm or cancel) and opt-outs (list, record one by number). Errors in the one envelope of
``api.exceptions``."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts.selectors import active_membership
from campaigns.models import OptOut, Subscriber, SubscriberImport, SubscriberList, choices
from campaigns.selectors import subscribers as selectors
from campaigns.services import opt_outs, subscriber_imports, subscribers as services

TAGS = ["campaigns"]
ERROR_RESPONSES = {
    400: OpenApiResponse(description=_('Invalid input: {"error", "field", "errors"}.')),
    403: OpenApiResponse(description=_("Your role does not allow this.")),
    404: OpenApiResponse(description=_("Not found, or outside your organisations.")),
}


class _Permission(permissions.IsAuthenticated):
    """403 unless a role grants the action's permission (``perms``: action → codename, ``read`` for the
    rest); on one object the object's organisation is asked after the 404 of the scope."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.user.has_perm(view.perms.get(view.action, view.perms["read"]))

    def has_object_permission(self, request, view, obj):
        return request.user.has_perm(view.perms.get(view.action, view.perms["read"]), obj)


def _organisation(request, perm: str):
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(perm, membership.organisation):
        raise PermissionDenied
    return membership.organisation


# Lists ------------------------------------------------------------------------------------------------
class SubscriberListSerializer(serializers.ModelSerializer):
    subscribers_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SubscriberList
        fields = [
            "id",
            "organisation",
            "name",
            "consent_source",
            "language",
            "subscribers_count",
            "created_at",
        ]
        read_only_fields = ["id", "organisation", "subscribers_count", "created_at"]
        extra_kwargs = {"name": {"required": False}}


@extend_schema_view(
    list=extend_schema(summary=_("SMS subscriber lists"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("One subscriber list"),
        tags=TAGS,
        responses={200: SubscriberListSerializer, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary=_("Set up a subscriber list (managers)"),
        tags=TAGS,
        responses={201: SubscriberListSerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Change a subscriber list (managers)"),
        tags=TAGS,
        responses={200: SubscriberListSerializer, **ERROR_RESPONSES},
    ),
)
class SubscriberListViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, _Permission]
    perms = {
        "read": "campaigns.view_subscriberlist",
        "create": "campaigns.add_subscriberlist",
        "partial_update": "campaigns.change_subscriberlist",
        "update": "campaigns.change_subscriberlist",
    }
    serializer_class = SubscriberListSerializer
    queryset = SubscriberList.objects.none()  # for the schema; requests use get_queryset
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.subscriber_list_list(user=self.request.user)

    def _out(self, subscriber_list, status=200):
        return Response(
            self.get_serializer(self.get_queryset().get(pk=subscriber_list.pk)).data, status=status
        )

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = _organisation(request, self.perms["create"])
        fields = {"name": "", **serializer.validated_data}
        subscriber_list = services.subscriber_list_create(
            organisation=organisation, by=request.user, **fields
        )
        return self._out(subscriber_list, status=201)

    def partial_update(self, request, pk=None):
        subscriber_list = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        subscriber_list = services.subscriber_list_update(
            subscriber_list=subscriber_list, by=request.user, **serializer.validated_data
        )
        return self._out(subscriber_list)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


# Subscribers ------------------------------------------------------------------------------------------
class SubscriberSerializer(serializers.ModelSerializer):
    """A number on a list, masked; ``opted_out`` when it opted out of the organisation."""

    number = serializers.SerializerMethodField()
    opted_out = serializers.BooleanField(read_only=True)

    class Meta:
        model = Subscriber
        fields = [
            "id",
            "subscriber_list",
            "number",
            "country",
            "language",
            "consent_source",
            "consent_date",
            "opted_out",
            "added_at",
        ]
        read_only_fields = fields

    def get_number(self, subscriber) -> str:
        return selectors.masked(subscriber)


class SubscriberInputSerializer(serializers.Serializer):
    subscriber_list = serializers.IntegerField(label=_("list"))
    number = serializers.CharField(label=_("phone number"), max_length=32)
    language = serializers.ChoiceField(label=_("language"), choices=choices.Language.choices, required=False)
    consent_source = serializers.CharField(
        label=_("consent source"), max_length=300, required=False, allow_blank=True
    )
    consent_date = serializers.DateField(label=_("consent date"), required=False, allow_null=True)


@extend_schema_view(
    list=extend_schema(
        summary=_("The numbers of a subscriber list (?subscriber_list=<id>), masked"), tags=TAGS
    ),
    create=extend_schema(
        summary=_("Put one number on a list"),
        tags=TAGS,
        request=SubscriberInputSerializer,
        responses={201: SubscriberSerializer, **ERROR_RESPONSES},
    ),
)
class SubscriberViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, _Permission]
    perms = {"read": "campaigns.view_subscriber", "create": "campaigns.add_subscriber"}
    serializer_class = SubscriberSerializer
    queryset = Subscriber.objects.none()

    def _list(self, pk):
        try:
            return selectors.subscriber_list_get(user=self.request.user, pk=pk)
        except (SubscriberList.DoesNotExist, ValueError, TypeError):
            raise serializers.ValidationError({"subscriber_list": [_("No such list.")]}) from None

    def get_queryset(self):
        pk = self.request.query_params.get("subscriber_list")
        if not pk:
            raise serializers.ValidationError(
                {"subscriber_list": [_("Name the list: ?subscriber_list=<id>.")]}
            )
        return selectors.subscriber_list_members(user=self.request.user, subscriber_list=self._list(pk))

    def create(self, request):
        serializer = SubscriberInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        subscriber_list = self._list(data.pop("subscriber_list"))
        subscriber = services.subscriber_add(subscriber_list=subscriber_list, by=request.user, **data)
        out = selectors.subscriber_list_members(user=request.user, subscriber_list=subscriber_list).get(
            pk=subscriber.pk
        )
        return Response(SubscriberSerializer(out).data, status=201)


# Uploads ----------------------------------------------------------------------------------------------
class SubscriberImportSerializer(serializers.ModelSerializer):
    """An upload's report: counts, and each problem as row, column, code and reason (never a number)."""

    report = serializers.SerializerMethodField()

    class Meta:
        model = SubscriberImport
        fields = [
            "id",
            "subscriber_list",
            "file_name",
            "status",
            "total_rows",
            "accepted_rows",
            "report",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_report(self, subscriber_import) -> list[dict]:
        return [
            {
                "row": entry["row"],
                "column": entry["column"],
                "code": entry["code"],
                "rejected": not entry.get("note"),
                "reason": subscriber_imports.report_reason(entry),
            }
            for entry in subscriber_import.report
        ]


class SubscriberImportInputSerializer(serializers.Serializer):
    subscriber_list = serializers.IntegerField(label=_("list"))
    file = serializers.FileField(label=_("CSV or XLSX file"))


class ConfirmedSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    status = serializers.CharField()


@extend_schema_view(
    retrieve=extend_schema(
        summary=_("An upload's report"),
        tags=TAGS,
        responses={200: SubscriberImportSerializer, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary=_("Upload a CSV or XLSX file: every row checked, nothing added yet"),
        tags=TAGS,
        request={"multipart/form-data": SubscriberImportInputSerializer},
        responses={201: SubscriberImportSerializer, **ERROR_RESPONSES},
    ),
    confirm=extend_schema(
        summary=_("Add the accepted rows, all or none"),
        tags=TAGS,
        request=None,
        responses={200: ConfirmedSerializer, **ERROR_RESPONSES},
    ),
    cancel=extend_schema(
        summary=_("Drop the upload: nothing is added"),
        tags=TAGS,
        request=None,
        responses={200: SubscriberImportSerializer, **ERROR_RESPONSES},
    ),
)
class SubscriberImportViewSet(mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, _Permission]
    perms = {"read": "campaigns.add_subscriber"}
    serializer_class = SubscriberImportSerializer
    queryset = SubscriberImport.objects.none()
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return SubscriberImport.objects.visible_to(self.request.user).defer("rows")

    def create(self, request):
        serializer = SubscriberImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            subscriber_list = selectors.subscriber_list_get(
                user=request.user, pk=serializer.validated_data["subscriber_list"]
            )
        except SubscriberList.DoesNotExist:
            raise serializers.ValidationError({"subscriber_list": [_("No such list.")]}) from None
        upload = serializer.validated_data["file"]
        subscriber_import = subscriber_imports.subscriber_import_check(
            subscriber_list=subscriber_list, by=request.user, file_name=upload.name, content=upload.read()
        )
        return Response(SubscriberImportSerializer(subscriber_import).data, status=201)

    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        subscriber_import = self.get_object()
        added = subscriber_imports.subscriber_import_confirm(
            subscriber_import=subscriber_import, by=request.user
        )
        subscriber_import.refresh_from_db(fields=["status"])
        return Response({"added": added, "status": subscriber_import.status})

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        subscriber_import = self.get_object()
        subscriber_imports.subscriber_import_cancel(subscriber_import=subscriber_import, by=request.user)
        return Response(SubscriberImportSerializer(self.get_object()).data)


# Opt-outs ---------------------------------------------------------------------------------------------
class OptOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = OptOut
        fields = ["id", "organisation", "via", "keyword", "opted_out_at"]
        read_only_fields = fields


class OptOutInputSerializer(serializers.Serializer):
    number = serializers.CharField(label=_("phone number"), max_length=32)


@extend_schema_view(
    list=extend_schema(summary=_("SMS opt-outs of your organisations (numbers are not shown)"), tags=TAGS),
    create=extend_schema(
        summary=_("Record that a number asked to stop (staff)"),
        tags=TAGS,
        request=OptOutInputSerializer,
        responses={201: OptOutSerializer, **ERROR_RESPONSES},
    ),
)
class OptOutViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, _Permission]
    perms = {"read": "campaigns.view_optout", "create": "campaigns.add_optout"}
    serializer_class = OptOutSerializer
    queryset = OptOut.objects.none()

    def get_queryset(self):
        return selectors.opt_out_list(user=self.request.user)

    def create(self, request):
        serializer = OptOutInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = _organisation(request, self.perms["create"])
        try:
            opt_out = opt_outs.opt_out_add(
                organisation=organisation, by=request.user, **serializer.validated_data
            )
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        return Response(OptOutSerializer(opt_out).data, status=201)


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("campaigns/subscriber-lists", SubscriberListViewSet, basename="subscriberlist")
    router.register("campaigns/subscribers", SubscriberViewSet, basename="subscriber")
    router.register("campaigns/subscriber-imports", SubscriberImportViewSet, basename="subscriberimport")
    router.register("campaigns/opt-outs", OptOutViewSet, basename="optout")
