"""The one exception handler: every API error is JSON with a clear message and the field at fault."""

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    ValidationError as DjangoValidationError,
)
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


def _first_message(detail) -> str:
    if isinstance(detail, dict):
        return _first_message(next(iter(detail.values()), ""))
    if isinstance(detail, list):
        return _first_message(detail[0]) if detail else ""
    return str(detail)


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """{"victim": {"birth_date": ["…"]}} → {"victim.birth_date": ["…"]}"""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and detail and isinstance(detail[0], (dict, list)):
        flat = {}
        for index, value in enumerate(detail):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            # A service's {"__all__": …} concerns no one field, like a form's non-field errors.
            detail = {
                "non_field_errors" if field == NON_FIELD_ERRORS else field: messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        field = next(iter(errors))
        response.data = {
            "error": errors[field][0],
            "field": None if field == "non_field_errors" else field,
            "errors": errors,
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        response.data = {"error": _first_message(response.data.get("detail", response.data)), "field": None}
    return response
