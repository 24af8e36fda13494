from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer

from api import selectors
from api.permissions import SecondFactorPassed


@login_not_required
def healthz(request):
    """Public: the status of the database and of the background worker (503 when the database is down)."""
    report = selectors.health()
    return JsonResponse(report, status=503 if report["status"] == "down" else 200)


class _JSONErrorsMixin:
    """Errors as JSON, like the rest of the API, even where success renders YAML or HTML."""

    # drf-spectacular's own default (SERVE_PERMISSIONS) would let anyone read the schema.
    permission_classes = [IsAuthenticated, SecondFactorPassed]

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


class SchemaView(_JSONErrorsMixin, SpectacularAPIView):
    """The OpenAPI 3 schema, for signed-in users and token holders."""


class DocsView(_JSONErrorsMixin, SpectacularSwaggerView):
    """Swagger UI, served from the drf-spectacular-sidecar package (no CDN)."""
