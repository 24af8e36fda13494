"""Shelters, stays (admit and discharge), the network's bed board (counts only) and placement requests.

The destination details of a discharge and a placement request's note are personal data: they may be
written here and are not served back."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings

from cases.api.common import (
    ERROR_RESPONSES,
    InputSerializer,
    RolePermission,
    VisibleCaseField,
    answer,
    post_action,
    validated_input,
)
from shelters import selectors, services
from shelters.models import Bed, PlacementRequest, Shelter, Stay, choices

TAGS = ["shelters"]


class ShelterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Shelter
        fields = [
            "id",
            "organisation",
            "name",
            "city",
            "region",
            "target_groups",
            "capacity",
            "tracks_beds",
            "services",
            "rules",
            "is_active",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary=_("List your organisations' shelters"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("Show a shelter"), tags=TAGS, responses={200: ShelterSerializer, **ERROR_RESPONSES}
    ),
)
class ShelterViewSet(viewsets.ReadOnlyModelViewSet):
    action_permissions = {"default": "shelters.view_shelter"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    serializer_class = ShelterSerializer
    queryset = Shelter.objects.none()

    def get_queryset(self):
        return selectors.shelter_list(user=self.request.user)


class StaySerializer(serializers.ModelSerializer):
    case_code = serializers.CharField(source="case.code", read_only=True)

    class Meta:
        model = Stay
        fields = [
            "id",
            "shelter",
            "case",
            "case_code",
            "bed",
            "target_group",
            "admitted_on",
            "planned_discharge_on",
            "discharged_on",
            "discharge_reason",
            "discharge_destination",
        ]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class _ScopedShelterField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.shelter_list(user=self.context["request"].user)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not str(data).isdigit():
            self.fail("incorrect_type", data_type=type(data).__name__)
        return get_object_or_404(self.get_queryset(), pk=int(data))


@extend_schema_field(OpenApiTypes.INT)
class _ScopedBedField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Bed.objects.visible_to(self.context["request"].user)


class AdmitSerializer(InputSerializer):
    output_class = StaySerializer

    shelter = _ScopedShelterField(label=_("shelter"))
    case = VisibleCaseField(label=_("case"))
    target_group = serializers.ChoiceField(label=_("target group"), choices=choices.TargetGroup.choices)
    bed = _ScopedBedField(label=_("bed"), required=False, allow_null=True)
    admitted_on = serializers.DateField(label=_("admitted on"), required=False)
    planned_discharge_on = serializers.DateField(
        label=_("planned discharge"), required=False, allow_null=True
    )


class DischargeSerializer(InputSerializer):
    output_class = StaySerializer

    discharged_on = serializers.DateField(label=_("discharged on"), required=False)
    discharge_reason = serializers.ChoiceField(
        label=_("reason for discharge"), choices=choices.DischargeReason.choices
    )
    discharge_destination = serializers.ChoiceField(
        label=_("destination after discharge"), choices=choices.DischargeDestination.choices
    )
    destination_detail = serializers.CharField(
        label=_("destination details"), required=False, allow_blank=True, write_only=True, max_length=300
    )


@extend_schema_view(
    list=extend_schema(summary=_("List the stays you may see"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("Show a stay"), tags=TAGS, responses={200: StaySerializer, **ERROR_RESPONSES}
    ),
    create=extend_schema(
        summary=_("Admit a resident"),
        tags=TAGS,
        request=AdmitSerializer,
        responses={201: StaySerializer, **ERROR_RESPONSES},
    ),
)
class StayViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"default": "shelters.view_stay", "create": "shelters.admit_resident"}
    object_permissions = {"discharge": "shelters.admit_resident"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    queryset = Stay.objects.none()

    def get_queryset(self):
        return selectors.stay_list(user=self.request.user)

    def get_serializer_class(self):
        return {"create": AdmitSerializer, "discharge": DischargeSerializer}.get(self.action, StaySerializer)

    def perform_create(self, serializer):
        serializer.instance = services.stay_admit(by=self.request.user, **serializer.validated_data)

    @post_action(
        summary=_("Discharge a resident"), tags=TAGS, request=DischargeSerializer, response=StaySerializer
    )
    def discharge(self, request, pk=None):
        stay = self.get_object()
        data = validated_input(self, request)
        stay = services.stay_discharge(
            stay=stay,
            by=request.user,
            discharged_on=data.get("discharged_on"),
            reason=data["discharge_reason"],
            destination=data["discharge_destination"],
            destination_detail=data.get("destination_detail", ""),
        )
        return answer(self, StaySerializer, stay)


class BoardRowSerializer(serializers.Serializer):
    shelter = serializers.IntegerField(source="shelter_id")
    name = serializers.CharField()
    organisation = serializers.CharField()
    country = serializers.CharField()
    region = serializers.CharField()
    city = serializers.CharField()
    target_groups = serializers.ListField(child=serializers.CharField())
    places = serializers.IntegerField()
    occupied = serializers.IntegerField()
    free = serializers.IntegerField()


class BoardViewSet(viewsets.ViewSet):
    """Free places now in every open shelter of the network: counts, never residents or addresses."""

    action_permissions = {"default": "shelters.view_board"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    serializer_class = BoardRowSerializer

    @extend_schema(
        summary=_("The network's bed board"),
        tags=TAGS,
        parameters=[
            OpenApiParameter("country", str, description=_("ISO 3166-1 code")),
            OpenApiParameter("region", str, description=_("ISO 3166-2 code")),
            OpenApiParameter("target_group", str, enum=choices.TargetGroup.values),
        ],
        responses={200: BoardRowSerializer(many=True), **ERROR_RESPONSES},
    )
    def list(self, request):
        params = request.query_params
        rows = selectors.board_rows(
            user=request.user,
            country=params.get("country", "").upper(),
            region=params.get("region", "").upper(),
            target_group=params.get("target_group", ""),
        )
        return Response(BoardRowSerializer(rows, many=True).data)


class PlacementRequestSerializer(serializers.ModelSerializer):
    case_code = serializers.CharField(source="case.code", read_only=True)

    class Meta:
        model = PlacementRequest
        fields = [
            "id",
            "organisation",
            "case",
            "case_code",
            "shelter",
            "target_group",
            "requested_for",
            "status",
            "created_at",
            "answered_at",
            "stay",
        ]
        read_only_fields = fields


class _BoardShelterField(serializers.IntegerField):
    """Any open shelter of the network (the board lists them all); an unknown one answers 400."""

    def to_internal_value(self, data):
        pk = super().to_internal_value(data)
        shelter = selectors.shelter_for_placement(pk=pk)
        if shelter is None:
            raise serializers.ValidationError(_("Choose an open shelter."))
        return shelter


class PlacementRequestInputSerializer(InputSerializer):
    output_class = PlacementRequestSerializer

    case = VisibleCaseField(label=_("case"))
    shelter = _BoardShelterField(label=_("shelter"))
    target_group = serializers.ChoiceField(label=_("target group"), choices=choices.TargetGroup.choices)
    requested_for = serializers.DateField(label=_("place needed from"), required=False)
    note = serializers.CharField(
        label=_("note to the shelter"), required=False, allow_blank=True, write_only=True
    )


class NoInputSerializer(serializers.Serializer):
    pass


@extend_schema_view(
    list=extend_schema(summary=_("List placement requests sent or received"), tags=TAGS),
    retrieve=extend_schema(
        summary=_("Show a placement request"),
        tags=TAGS,
        responses={200: PlacementRequestSerializer, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary=_("Request a place in a shelter"),
        tags=TAGS,
        request=PlacementRequestInputSerializer,
        responses={201: PlacementRequestSerializer, **ERROR_RESPONSES},
    ),
)
class PlacementRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {
        "default": "shelters.view_placementrequest",
        "create": "shelters.add_placementrequest",
    }
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    queryset = PlacementRequest.objects.none()

    def get_queryset(self):
        return selectors.placement_request_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return PlacementRequestInputSerializer
        if self.action in ("accept", "decline"):
            return NoInputSerializer
        return PlacementRequestSerializer

    def perform_create(self, serializer):
        serializer.instance = services.placement_request_create(
            by=self.request.user, **serializer.validated_data
        )

    @post_action(
        summary=_("Accept a placement request"), tags=TAGS, request=None, response=PlacementRequestSerializer
    )
    def accept(self, request, pk=None):
        placement = services.placement_request_accept(request=self.get_object(), by=request.user)
        return answer(self, PlacementRequestSerializer, placement)

    @post_action(
        summary=_("Decline a placement request"), tags=TAGS, request=None, response=PlacementRequestSerializer
    )
    def decline(self, request, pk=None):
        placement = services.placement_request_decline(request=self.get_object(), by=request.user)
        return answer(self, PlacementRequestSerializer, placement)


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    router.register("shelters/board", BoardViewSet, basename="shelter-board")
    router.register("shelters/stays", StayViewSet, basename="stay")
    router.register("shelters/placement-requests", PlacementRequestViewSet, basename="placement-request")
    router.register("shelters", ShelterViewSet, basename="shelter")
