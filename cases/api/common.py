"""Pieces every case endpoint shares: the permission gate, scoped relation fields and the 404/403 order."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.models import Case
from network.models import Organisation

ERROR_RESPONSES = {
    400: OpenApiResponse(description=_('Invalid input: {"error", "field", "errors"}.')),
    403: OpenApiResponse(description=_("Your role does not allow this.")),
    404: OpenApiResponse(description=_("Not found, or outside your organisations.")),
}


class RolePermission(permissions.IsAuthenticated):
    """403 unless one of the user's roles grants the needed permission somewhere.

    On one object only the view permission is asked here, so that an object outside the user's
    organisations answers 404 (it is absent from ``get_queryset``); the services then check the action's
    permission on the object itself (403). Without an object (list, create) the action's own permission
    is asked."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        default = view.action_permissions["default"]
        perm = default if view.detail else view.action_permissions.get(view.action, default)
        return request.user.has_perm(perm)

    def has_object_permission(self, request, view, obj):
        # Checked as the object is fetched, before the input is read (the services check again).
        perm = getattr(view, "object_permissions", {}).get(view.action)
        return perm is None or request.user.has_perm(perm, obj)


@extend_schema_field(OpenApiTypes.INT)
class VisibleCaseField(serializers.PrimaryKeyRelatedField):
    """A case the requesting user may see; any other id answers 404, like the case's own URL."""

    def get_queryset(self):
        return Case.objects.visible_to(self.context["request"].user)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, str)) or not str(data).isdigit():
            self.fail("incorrect_type", data_type=type(data).__name__)
        return get_object_or_404(self.get_queryset(), pk=int(data))


class InputSerializer(serializers.Serializer):
    """Validates what a client sends; answers with the stored row in the shape of ``output_class``."""

    output_class: type[serializers.BaseSerializer]

    def to_representation(self, instance):
        return self.output_class(instance, context=self.context).data


def validated_input(view, request) -> dict:
    """The validated input of an action (its serializer from the view's ``get_serializer_class``)."""
    serializer = view.get_serializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def post_action(*, summary, tags: list[str], request, response, status: int = 200):
    """A POST action on one row (``<pk>/<name>/``), documented with its input, its answer and the errors."""

    def decorate(function):
        documented = extend_schema(
            summary=summary, tags=tags, request=request, responses={status: response, **ERROR_RESPONSES}
        )
        return documented(action(detail=True, methods=["post"])(function))

    return decorate


def answer(view, serializer_class, instance, status: int = 200) -> Response:
    """The row an action wrote, in the shape of ``serializer_class``."""
    return Response(serializer_class(instance, context=view.get_serializer_context()).data, status=status)


def organisation_field(**kwargs) -> serializers.PrimaryKeyRelatedField:
    """An active organisation: organisations are public reference data (the referral directory)."""
    return serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(is_active=True), **kwargs)
