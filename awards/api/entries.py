"""Entries under /api/v1/awards/entries/: the nominated organisation's managers list, create and change
their own until the deadline; organisers read their competitions' entries; judges read the entries
assigned to them, with the blind rules applied (every answer is serialized from ``entry_shown``).
Files are uploaded and downloaded through the web pages, which check scope."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings

from awards.models import Entry, Nominee
from awards.selectors import entries as selectors
from awards.services import entries as services
from cases.api.common import ERROR_RESPONSES, RolePermission
from network.models import Organisation

TAGS = ["awards"]


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    unit = serializers.CharField()
    source = serializers.CharField()
    estimate = serializers.BooleanField()


class EntrySerializer(serializers.Serializer):
    """An entry as its reader may see it: in blind judging ``organisation`` and ``partners`` are null."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    blind = serializers.BooleanField()
    competition = serializers.IntegerField()
    nomination = serializers.IntegerField()
    organisation = serializers.IntegerField(allow_null=True)
    partners = serializers.ListField(child=serializers.IntegerField(), allow_null=True)
    title = serializers.CharField()
    summary = serializers.CharField()
    figures = FigureSerializer(many=True)
    figures_from = serializers.DateField(allow_null=True)
    figures_to = serializers.DateField(allow_null=True)
    figures_drawn_at = serializers.DateTimeField(allow_null=True)
    figures_frozen_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, instance):
        shown = selectors.entry_shown(user=self.context["request"].user, entry=instance)
        shown.update(
            competition=shown["competition"].pk,
            nomination=shown["nomination"].pk,
            organisation=getattr(shown["organisation"], "pk", None),
            partners=None if shown["partners"] is None else [partner.pk for partner in shown["partners"]],
        )
        return super().to_representation(shown)


@extend_schema_field(OpenApiTypes.INT)
class VisibleNomineeField(serializers.PrimaryKeyRelatedField):
    """A nomination the user reads; any other id answers as one that does not exist."""

    def get_queryset(self):
        return Nominee.objects.visible_to(self.context["request"].user)


class EntryInputSerializer(serializers.Serializer):
    """What a manager sends; on update the nominee is left out and every field may be."""

    nominee = VisibleNomineeField(label=_("nominee"))
    title = serializers.CharField(label=_("title"), max_length=200)
    summary = serializers.CharField(label=_("summary"))
    partners = serializers.PrimaryKeyRelatedField(
        label=_("partner organisations"), many=True, required=False, queryset=Organisation.objects.public()
    )

    def to_representation(self, instance):
        return EntrySerializer(instance, context=self.context).data


class EntryUpdateSerializer(EntryInputSerializer):
    nominee = None


@extend_schema_view(
    list=extend_schema(
        summary=_("Entries of your organisations, of the competitions you run, or assigned to you"), tags=TAGS
    ),
    retrieve=extend_schema(
        summary=_("Show an entry (blind judging hides the organisation and identifying figures)"),
        tags=TAGS,
        responses={200: EntrySerializer, **ERROR_RESPONSES},
    ),
    create=extend_schema(
        summary=_("Write the entry of one of your organisation's nominations (until the deadline)"),
        tags=TAGS,
        request=EntryInputSerializer,
        responses={201: EntrySerializer, **ERROR_RESPONSES},
    ),
    update=extend_schema(
        summary=_("Change an entry (until the deadline)"),
        tags=TAGS,
        request=EntryUpdateSerializer,
        responses={200: EntrySerializer, **ERROR_RESPONSES},
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of an entry (until the deadline)"),
        tags=TAGS,
        request=EntryUpdateSerializer,
        responses={200: EntrySerializer, **ERROR_RESPONSES},
    ),
)
class EntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_permissions = {"default": "awards.view_competition", "create": "awards.add_entry"}
    object_permissions = {"update": "awards.change_entry", "partial_update": "awards.change_entry"}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RolePermission]
    queryset = Entry.objects.none()

    def get_queryset(self):
        return selectors.entry_list(user=self.request.user).order_by("pk")

    def get_serializer_class(self):
        if self.action == "create":
            return EntryInputSerializer
        if self.action in ("update", "partial_update"):
            return EntryUpdateSerializer
        return EntrySerializer

    def retrieve(self, request, *args, **kwargs):
        entry = self.get_object()
        # Judges never see live figures after the deadline: an entry not frozen yet is frozen now.
        services.entry_freeze(entry=entry)
        return Response(self.get_serializer(entry).data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        nominee = get_object_or_404(Nominee.objects.visible_to(self.request.user), pk=data.pop("nominee").pk)
        serializer.instance = services.entry_create(nominee=nominee, by=self.request.user, **data)

    def perform_update(self, serializer):
        serializer.instance = services.entry_update(
            entry=serializer.instance, by=self.request.user, **serializer.validated_data
        )


def register(router) -> None:
    router.register("awards/entries", EntryViewSet, basename="entry")
