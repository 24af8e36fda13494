"""Campaigns, their activities (with airings and participants) and their materials (metadata only: the
file is downloaded through the web page, which checks scope) under /api/v1/campaigns/.

Estimates are named as such: the fields end in ``_estimate``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.settings import api_settings

from campaigns.filters import ActivityFilter, CampaignFilter, MaterialFilter
from campaigns.models import Activity, Airing, Campaign, Material, Participation, choices
from campaigns.selectors import campaigns as selectors
from campaigns.services import activities as activity_services, campaigns as services
from cases.api.common import ERROR_RESPONSES, RolePermission, answer, post_action, validated_input
from network.models import Organisation, OrganisationType, Programme, Region
from tenancy import organisations_with_perm

TAGS = ["campaigns"]


class CampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = [
            "id",
            "organisation",
            "partners",
            "name",
            "programme",
            "donor",
            "starts_on",
            "ends_on",
            "target_groups",
            "regions",
            "languages",
            "key_messages",
            "channels",
            "currency",
            "budget",
            "spent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    target_groups = serializers.ListField(child=serializers.ChoiceField(choices=choices.TargetGroup.choices))
    languages = serializers.ListField(child=serializers.ChoiceField(choices=choices.Language.choices))
    channels = serializers.ListField(child=serializers.ChoiceField(choices=choices.Channel.choices))


def _list_of(vocabulary, label):
    return serializers.ListField(
        label=label, child=serializers.ChoiceField(choices=vocabulary.choices), required=False
    )


class CampaignInputSerializer(serializers.Serializer):
    """What a lead organisation's manager sends; on update every field may be left out."""

    name = serializers.CharField(label=_("name"), max_length=200)
    partners = serializers.PrimaryKeyRelatedField(
        label=_("partner organisations"), many=True, required=False, queryset=Organisation.objects.public()
    )
    programme = serializers.PrimaryKeyRelatedField(
        label=_("programme"), required=False, allow_null=True, queryset=Programme.objects.all()
    )
    donor = serializers.PrimaryKeyRelatedField(
        label=_("donor"),
        required=False,
        allow_null=True,
        queryset=Organisation.objects.filter(type=OrganisationType.DONOR),
    )
    starts_on = serializers.DateField(label=_("starts on"))
    ends_on = serializers.DateField(label=_("ends on"))
    target_groups = _list_of(choices.TargetGroup, _("target groups"))
    regions = serializers.PrimaryKeyRelatedField(
        label=_("regions"), many=True, required=False, queryset=Region.objects.all()
    )
    languages = _list_of(choices.Language, _("languages"))
    key_messages = serializers.CharField(label=_("key messages"), required=False, allow_blank=True)
    channels = serializers.ListField(
        label=_("channels"), child=serializers.ChoiceField(choices=choices.Channel.choices)
    )
    currency = serializers.CharField(label=_("currency"), max_length=3, required=False)
    budget = serializers.DecimalField(
        label=_("budget"), max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    spent = serializers.DecimalField(
        label=_("spent"), max_digits=12, decimal_places=2, required=False, allow_null=True
    )

    def to_representation(self, instance):
        return CampaignSerializer(instance, context=self.context).data


@extend_schema_view(
    list=extend_schema(summary=_("Campaigns led by or shared with your organisations"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("Show a campaign"), tags=TAGS, responses={200: CampaignSerializer, **ERROR_RESPONSES}
    ),
    create=extend_schema(
        summary=_("Create a campaign led by your organisation"),
        tags=TAGS,
        request=CampaignInputSerializer,
        responses={201: CampaignSerializer, **ERROR_RESPONSES},
    ),
    update=extend_schema(
        summary=_("Change a campaign (lead organisation only)"),
        tags=TAGS,
        request=CampaignInputSerializer,
        responses={200: CampaignSerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of a campaign (lead organisation only)"),
        tags=TAGS,
        request=CampaignInputSerializer,
        responses={200: CampaignSerializer, **ERROR_RESPONSES},
    ),
)
class CampaignViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_permissions = {"default": "campaigns.view_campaign", "create": "campaigns.add_campaign"}
    object_permissions = {
        "update": "campaigns.change_campaign",
        "partial_update": "campaigns.change_campaign",
    }
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    filterset_class = CampaignFilter  # the same FilterSet as the web list
    queryset = Campaign.objects.none()

    def get_queryset(self):
        return selectors.campaign_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return CampaignInputSerializer
        return CampaignSerializer

    def perform_create(self, serializer):
        organisation_ids = organisations_with_perm(self.request.user, "campaigns.add_campaign")
        if not organisation_ids:
            raise PermissionDenied
        organisation = Organisation.objects.get(pk=min(organisation_ids))
        serializer.instance = services.campaign_create(
            organisation=organisation, by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.campaign_update(
            campaign=serializer.instance, by=self.request.user, **serializer.validated_data
        )


class AiringSerializer(serializers.ModelSerializer):
    class Meta:
        model = Airing
        fields = ["id", "aired_at", "duration_seconds"]


class ParticipationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participation
        fields = ["sex", "age_band", "count"]


class ActivitySerializer(serializers.ModelSerializer):
    airings = AiringSerializer(many=True, read_only=True)
    participations = ParticipationSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "campaign",
            "organisation",
            "channel",
            "title",
            "region",
            "starts_on",
            "ends_on",
            "outlet",
            "programme",
            "audience_estimate",
            "estimate_source",
            "copies",
            "distribution",
            "posts",
            "reach_estimate",
            "engagement",
            "cost",
            "notes",
            "airings",
            "participations",
        ]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class VisibleCampaignField(serializers.PrimaryKeyRelatedField):
    """A campaign the user may see; another organisation's is unknown, like one that does not exist."""

    def get_queryset(self):
        return Campaign.objects.visible_to(self.context["request"].user)


class ActivityInputSerializer(serializers.Serializer):
    """An activity; the fields of other channels than its own are cleared. ``campaign`` and ``channel``
    are given on creation only."""

    campaign = VisibleCampaignField(label=_("campaign"), required=False)
    channel = serializers.ChoiceField(label=_("channel"), choices=choices.Channel.choices, required=False)
    title = serializers.CharField(label=_("title"), max_length=200, required=False)
    region = serializers.PrimaryKeyRelatedField(
        label=_("region"), required=False, allow_null=True, queryset=Region.objects.all()
    )
    starts_on = serializers.DateField(label=_("starts on"), required=False, allow_null=True)
    ends_on = serializers.DateField(label=_("ends on"), required=False, allow_null=True)
    outlet = serializers.CharField(label=_("outlet"), max_length=200, required=False, allow_blank=True)
    programme = serializers.CharField(
        label=_("programme or spot"), max_length=200, required=False, allow_blank=True
    )
    audience_estimate = serializers.IntegerField(
        label=_("audience (estimate)"), min_value=0, required=False, allow_null=True
    )
    estimate_source = serializers.CharField(
        label=_("source of the estimate"), max_length=200, required=False, allow_blank=True
    )
    copies = serializers.IntegerField(label=_("copies printed"), min_value=0, required=False, allow_null=True)
    distribution = serializers.CharField(
        label=_("where distributed"), max_length=300, required=False, allow_blank=True
    )
    posts = serializers.IntegerField(label=_("posts"), min_value=0, required=False, allow_null=True)
    reach_estimate = serializers.IntegerField(
        label=_("reach (estimate)"), min_value=0, required=False, allow_null=True
    )
    engagement = serializers.IntegerField(
        label=_("engagements"), min_value=0, required=False, allow_null=True
    )
    cost = serializers.DecimalField(
        label=_("cost"), max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    notes = serializers.CharField(label=_("notes"), required=False, allow_blank=True)

    def validate(self, data):
        creating = self.instance is None
        if creating:
            for name in ("campaign", "channel", "title"):
                if name not in data:
                    raise serializers.ValidationError({name: _("This field is required.")})
        else:
            for name in ("campaign", "channel"):
                if name in data:
                    raise serializers.ValidationError({name: _("An activity's campaign and channel stay.")})
        return data

    def to_representation(self, instance):
        return ActivitySerializer(instance, context=self.context).data


class AiringInputSerializer(serializers.Serializer):
    aired_at = serializers.DateTimeField(label=_("aired at"))
    duration_seconds = serializers.IntegerField(
        label=_("duration (seconds)"), min_value=0, required=False, allow_null=True
    )


class ParticipationInputSerializer(serializers.Serializer):
    participations = ParticipationSerializer(many=True, label=_("participants by sex and age band"))


@extend_schema_view(
    list=extend_schema(summary=_("Activities of the campaigns you can see"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("Show an activity"), tags=TAGS, responses={200: ActivitySerializer, **ERROR_RESPONSES}
    ),
    create=extend_schema(
        summary=_("Add an activity of your organisation to a campaign"),
        tags=TAGS,
        request=ActivityInputSerializer,
        responses={201: ActivitySerializer, **ERROR_RESPONSES},
    ),
    update=extend_schema(
        summary=_("Change an activity of your organisation"),
        tags=TAGS,
        request=ActivityInputSerializer,
        responses={200: ActivitySerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of an activity of your organisation"),
        tags=TAGS,
        request=ActivityInputSerializer,
        responses={200: ActivitySerializer, **ERROR_RESPONSES},
    ),
)
class ActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_permissions = {"default": "campaigns.view_activity", "create": "campaigns.add_activity"}
    object_permissions = {
        "update": "campaigns.change_activity",
        "partial_update": "campaigns.change_activity",
        "airings": "campaigns.change_activity",
        "participations": "campaigns.change_activity",
    }
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    filterset_class = ActivityFilter
    queryset = Activity.objects.none()

    def get_queryset(self):
        return selectors.activity_list(user=self.request.user).order_by("campaign", "starts_on", "pk")

    def get_serializer_class(self):
        return {
            "create": ActivityInputSerializer,
            "update": ActivityInputSerializer,
            "partial_update": ActivityInputSerializer,
            "airings": AiringInputSerializer,
            "participations": ParticipationInputSerializer,
        }.get(self.action, ActivitySerializer)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = activity_services.activity_add(
            campaign=data.pop("campaign"), channel=data.pop("channel"), by=self.request.user, **data
        )

    def perform_update(self, serializer):
        serializer.instance = activity_services.activity_update(
            activity=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    @post_action(
        summary=_("Add an airing of a TV or radio activity"),
        tags=TAGS,
        request=AiringInputSerializer,
        response=ActivitySerializer,
        status=201,
    )
    def airings(self, request, pk=None):
        activity = self.get_object()
        activity_services.airing_add(activity=activity, by=request.user, **validated_input(self, request))
        return answer(self, ActivitySerializer, self.get_queryset().get(pk=activity.pk), status=201)

    @post_action(
        summary=_("Set the participants of an event by sex and age band"),
        tags=TAGS,
        request=ParticipationInputSerializer,
        response=ActivitySerializer,
    )
    def participations(self, request, pk=None):
        activity = self.get_object()
        rows = validated_input(self, request)["participations"]
        activity_services.participations_set(
            activity=activity,
            by=request.user,
            counts={(row["sex"], row["age_band"]): row["count"] for row in rows},
        )
        return answer(self, ActivitySerializer, self.get_queryset().get(pk=activity.pk))


class MaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = Material
        fields = ["id", "campaign", "title", "file_name", "content_type", "size", "sha256", "created_at"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("Creative materials of the campaigns you can see (metadata)"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("Show a material's metadata"),
        tags=TAGS,
        responses={200: MaterialSerializer, **ERROR_RESPONSES},
    ),
)
class MaterialViewSet(viewsets.ReadOnlyModelViewSet):
    action_permissions = {"default": "campaigns.view_material"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    serializer_class = MaterialSerializer
    filterset_class = MaterialFilter
    queryset = Material.objects.none()

    def get_queryset(self):
        return selectors.material_list(user=self.request.user).order_by("campaign", "title", "pk")


def register(router) -> None:
    """Add this module's viewsets to the API router."""
    router.register("campaigns/activities", ActivityViewSet, basename="campaign-activity")
    router.register("campaigns/materials", MaterialViewSet, basename="campaign-material")
    router.register("campaigns", CampaignViewSet, basename="campaign")
