"""Request bodies over the configured size are refused before anything reads them (413, never 500)."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse

from api.parsers import too_large_message

API_PREFIX = "/api/"


def body_limit(request) -> int:
    """The largest body this request may send: an upload its file and form, the API its cap, a form
    DATA_UPLOAD_MAX_MEMORY_SIZE (None there means no limit, as in Django)."""
    form_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if request.content_type == "multipart/form-data":
        return settings.AMANAT_ATTACHMENT_MAX_BYTES + (form_limit or 0)
    if request.path.startswith(API_PREFIX):
        return settings.AMANAT_API_BODY_MAX_BYTES
    return form_limit


class RequestBodyLimitMiddleware:
    """Answers 413 (JSON on the API) when the announced Content-Length is over the request's limit.

    The API's JSON parser also stops reading at its cap, for bodies sent without a Content-Length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = body_limit(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads an invalid Content-Length as an empty body
        if limit is not None and length > limit:
            message = too_large_message(limit)
            if request.path.startswith(API_PREFIX):
                return JsonResponse({"error": message, "field": None}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
