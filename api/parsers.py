"""The API's JSON parser: a body size cap and a nesting limit, so bad input answers 400/413, never 500."""

from django.conf import settings
from django.utils.translation import gettext as _, ngettext
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.utils import json


def too_large_message(limit: int) -> str:
    return ngettext(
        "The request body is larger than %(limit)d byte.",
        "The request body is larger than %(limit)d bytes.",
        limit,
    ) % {"limit": limit}


class RequestBodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self):
        super().__init__(too_large_message(settings.AMANAT_API_BODY_MAX_BYTES))


def json_depth_exceeds(value, limit: int) -> bool:
    """Whether arrays and objects nest deeper than ``limit`` (iterative: a deep value cannot recurse)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, reading at most ``AMANAT_API_BODY_MAX_BYTES`` (a chunked body has no
    Content-Length for the middleware to refuse) and refusing nesting deeper than
    ``AMANAT_JSON_MAX_DEPTH``."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.AMANAT_API_BODY_MAX_BYTES
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise RequestBodyTooLarge()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(body.decode(encoding))
        except RecursionError:  # nesting deep enough to exhaust the stack: refused like any too deep
            raise self._too_deep() from None
        except (ValueError, LookupError) as error:
            raise ParseError(_("The body is not valid JSON: %(error)s") % {"error": error}) from None
        if json_depth_exceeds(data, settings.AMANAT_JSON_MAX_DEPTH):
            raise self._too_deep()
        return data

    @staticmethod
    def _too_deep():
        limit = settings.AMANAT_JSON_MAX_DEPTH
        return ParseError(
            ngettext(
                "The JSON body nests deeper than %(limit)d level.",
                "The JSON body nests deeper than %(limit)d levels.",
                limit,
            )
            % {"limit": limit}
        )
