"""The forum's programme (read): /api/v1/awards/programme-slots/, filterable by competition."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.settings import api_settings

from awards.models import Competition, Slot
from awards.selectors import programme as selectors

TAGS = ["awards"]


class SlotFilter(django_filters.FilterSet):
    competition = django_filters.ModelChoiceFilter(
        label=_("Competition"), queryset=Competition.objects.none()
    )

    class Meta:
        model = Slot
        fields = ["competition"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # A competition outside the user's scope is an invalid choice, like one that does not exist.
        user = getattr(request, "user", None)
        self.filters["competition"].queryset = (
            Competition.objects.visible_to(user) if user is not None else Competition.objects.none()
        )


class _ReadsProgramme(permissions.IsAuthenticated):
    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.has_perm("awards.view_slot")


class SlotSerializer(serializers.ModelSerializer):
    entry_code = serializers.CharField(source="entry.code", read_only=True, default=None)
    entry_title = serializers.CharField(source="entry.title", read_only=True, default=None)
    organisation_name = serializers.SerializerMethodField()

    class Meta:
        model = Slot
        fields = [
            "id",
            "competition",
            "day",
            "starts_at",
            "ends_at",
            "room",
            "nomination",
            "entry",
            "entry_code",
            "entry_title",
            "organisation_name",
            "title",
        ]

    def get_organisation_name(self, slot) -> str | None:
        # The presenting organisation: the programme is public (see awards/selectors/programme.py).
        return str(slot.entry.organisation) if slot.entry_id else None


@extend_schema_view(
    list=extend_schema(summary=_("Slots of the forums' programmes"), tags=TAGS),
    retrieve=extend_schema(summary=_("One slot of a forum's programme"), tags=TAGS),
)
class SlotViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SlotSerializer
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, _ReadsProgramme]
    filterset_class = SlotFilter
    queryset = Slot.objects.none()

    def get_queryset(self):
        return selectors.slot_list(user=self.request.user).order_by(
            "competition", "day", "starts_at", "room", "pk"
        )


def register(router) -> None:
    router.register("awards/programme-slots", SlotViewSet, basename="programme-slot")
