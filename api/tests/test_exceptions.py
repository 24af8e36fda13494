from django.core.exceptions import PermissionDenied, ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions

from api.exceptions import exception_handler


def test_exception_handler_names_the_field_of_a_validation_error():
    exc = exceptions.ValidationError({"victim": {"birth_date": ["Enter a valid date."]}})

    response = exception_handler(exc, {})

    assert response.status_code == 400
    assert response.data == {
        "error": "Enter a valid date.",
        "field": "victim.birth_date",
        "errors": {"victim.birth_date": ["Enter a valid date."]},
    }


def test_exception_handler_turns_model_validation_error_into_json():
    exc = DjangoValidationError({"end_date": ["The end date cannot be before the start date."]})

    response = exception_handler(exc, {})

    assert response.status_code == 400
    assert response.data["field"] == "end_date"
    assert response.data["error"] == "The end date cannot be before the start date."


def test_exception_handler_gives_non_field_error_without_field():
    exc = DjangoValidationError("No consent to share this case.")

    response = exception_handler(exc, {})

    assert response.data == {
        "error": "No consent to share this case.",
        "field": None,
        "errors": {"non_field_errors": ["No consent to share this case."]},
    }


def test_exception_handler_answers_404_for_object_out_of_scope():
    response = exception_handler(Http404("Case 12 of another organisation"), {})

    assert response.status_code == 404
    assert response.data == {"error": "Not found.", "field": None}


def test_exception_handler_answers_403_as_json():
    response = exception_handler(PermissionDenied(), {})

    assert response.status_code == 403
    assert response.data["field"] is None
    assert response.data["error"] != ""


def test_exception_handler_answers_401_for_missing_credentials():
    response = exception_handler(exceptions.NotAuthenticated(), {})

    assert response.status_code == 401
    assert response.data == {"error": "Authentication credentials were not provided.", "field": None}


def test_exception_handler_names_the_row_of_a_list_of_objects():
    exc = exceptions.ValidationError({"events": [{}, {"country": ["Unknown country code: XX."]}]})

    response = exception_handler(exc, {})

    assert (response.data["error"], response.data["field"]) == (
        "Unknown country code: XX.",
        "events.1.country",
    )


def test_exception_handler_reads_the_first_message_of_a_nested_non_validation_error():
    exc = exceptions.APIException({"service": ["Service unavailable, try again."]})

    response = exception_handler(exc, {})

    assert response.data == {"error": "Service unavailable, try again.", "field": None}


def test_exception_handler_leaves_unexpected_errors_to_django():
    """A programming error is not answered by the API's envelope: Django's 500 page says nothing of it."""

    assert exception_handler(ValueError("a bug naming a victim"), {}) is None
