"""The network registry's endpoints: organisations, programmes, the public directory and regions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.settings import api_settings

from network import selectors, services
from network.filters import DirectoryFilter, OrganisationAdminFilter, ProgrammeFilter, RegionFilter
from network.models import Organisation, OrganisationType, Programme, Region, ServiceType

TAGS = ["network"]


class RegionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=_("The name in the request's language."))

    class Meta:
        model = Region
        fields = ["code", "country", "kind", "name", "name_en", "name_ru", "name_local"]


class DirectoryEntrySerializer(serializers.ModelSerializer):
    """The public fields of an organisation, and nothing else."""

    name = serializers.CharField(read_only=True, help_text=_("The name in the request's language."))
    country_name = serializers.CharField(read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True, allow_null=True, default=None)
    services = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "name_en",
            "name_ru",
            "name_local",
            "type",
            "country",
            "country_name",
            "region",
            "region_name",
            "city",
            "services",
            "description",
            "public_phone",
            "public_email",
            "website",
            "public_address",
        ]
        read_only_fields = fields


class OrganisationSerializer(DirectoryEntrySerializer):
    """An organisation for signed-in users; system administrators write every field."""

    services = serializers.PrimaryKeyRelatedField(
        queryset=ServiceType.objects.all(), many=True, required=False
    )

    class Meta(DirectoryEntrySerializer.Meta):
        fields = [*DirectoryEntrySerializer.Meta.fields, "short_name", "is_active"]
        read_only_fields = ["id"]

    def validate(self, attrs):
        country = attrs.get("country", getattr(self.instance, "country", None))
        region = attrs.get("region", getattr(self.instance, "region", None))
        if region is not None and region.country != country:
            raise serializers.ValidationError({"region": _("This region is not in the chosen country.")})
        return attrs


class OrganisationProfileSerializer(OrganisationSerializer):
    """What an NGO manager may change about their own organisation: the public profile."""

    class Meta(OrganisationSerializer.Meta):
        read_only_fields = ["id", "type", "country", "is_active"]


class ProgrammeSerializer(serializers.ModelSerializer):
    donor = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(type=OrganisationType.DONOR)
    )
    members = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "name_ru",
            "donor",
            "coordinator",
            "start_date",
            "end_date",
            "members",
            "description",
        ]

    def validate(self, attrs):
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": _("The end date cannot be before the start date.")}
            )
        return attrs


class RolePermission(permissions.IsAuthenticated):
    """Reading needs a login; writing needs the view's ``create_permission`` (no object) or
    ``change_permission`` (on the object, so a manager may change their own organisation only)."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method == "POST":
            return request.user.has_perm(view.create_permission)
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return request.user.has_perm(view.change_permission, obj)


@extend_schema_view(
    list=extend_schema(summary=_("List organisations"), tags=TAGS),
    retrieve=extend_schema(summary=_("Show an organisation"), tags=TAGS),
    create=extend_schema(summary=_("Add an organisation (system administrators)"), tags=TAGS),
    update=extend_schema(summary=_("Change an organisation's profile"), tags=TAGS),
    partial_update=extend_schema(summary=_("Change part of an organisation's profile"), tags=TAGS),
)
class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    create_permission = "network.add_organisation"
    change_permission = "network.change_organisation"
    filterset_class = OrganisationAdminFilter
    ordering_fields = ["name_en", "country", "created_at"]
    queryset = Organisation.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)

    def get_serializer_class(self):
        if self.request is not None and not self.request.user.has_perm("network.add_organisation"):
            return OrganisationProfileSerializer
        return OrganisationSerializer

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        serializer.instance = services.organisation_create(
            by=self.request.user, services=fields.pop("services", []), **fields
        )

    def perform_update(self, serializer):
        fields = dict(serializer.validated_data)
        serializer.instance = services.organisation_update(
            organisation=serializer.instance,
            by=self.request.user,
            services=fields.pop("services", None),
            **fields,
        )


@extend_schema_view(
    list=extend_schema(summary=_("List programmes"), tags=TAGS),
    retrieve=extend_schema(summary=_("Show a programme"), tags=TAGS),
    create=extend_schema(summary=_("Add a programme (system administrators)"), tags=TAGS),
    update=extend_schema(summary=_("Change a programme (system administrators)"), tags=TAGS),
    partial_update=extend_schema(summary=_("Change part of a programme (system administrators)"), tags=TAGS),
)
class ProgrammeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProgrammeSerializer
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    create_permission = "network.add_programme"
    change_permission = "network.change_programme"
    filterset_class = ProgrammeFilter
    ordering_fields = ["start_date", "name"]
    queryset = Programme.objects.none()

    def get_queryset(self):
        return selectors.programme_list(user=self.request.user).prefetch_related("members")

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        serializer.instance = services.programme_create(
            by=self.request.user, members=fields.pop("members", []), **fields
        )

    def perform_update(self, serializer):
        fields = dict(serializer.validated_data)
        serializer.instance = services.programme_update(
            programme=serializer.instance, by=self.request.user, members=fields.pop("members", None), **fields
        )


@extend_schema_view(
    list=extend_schema(summary=_("Search the public referral directory"), tags=TAGS),
    retrieve=extend_schema(summary=_("Show one directory entry"), tags=TAGS),
)
class DirectoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Public, no login: who offers which service where. Public fields only."""

    serializer_class = DirectoryEntrySerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = DirectoryFilter
    ordering_fields = ["name_en", "country"]
    queryset = Organisation.objects.none()

    def get_queryset(self):
        return selectors.directory_list()


@extend_schema_view(
    list=extend_schema(summary=_("List regions (ISO 3166-2)"), tags=TAGS),
    retrieve=extend_schema(summary=_("Show a region"), tags=TAGS),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Public reference data: the first-level regions of the five republics."""

    serializer_class = RegionSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = RegionFilter
    queryset = Region.objects.none()

    def get_queryset(self):
        return selectors.region_list()


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("programmes", ProgrammeViewSet, basename="programme")
    router.register("directory", DirectoryViewSet, basename="directory")
    router.register("regions", RegionViewSet, basename="region")
