"""Bad bodies get a 400 or 413 JSON answer, never a 500: deep nesting and oversized requests."""

import io
import json

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.exceptions import ParseError

from api.middleware import body_limit
from api.parsers import JSONParser, RequestBodyTooLarge


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.django_db
def test_deeply_nested_json_to_token_endpoint_answers_400_json(client):
    """Issue 6: 100 000 nested arrays sent anonymously to /api/v1/auth/token/ answered 500."""
    response = client.post(reverse("api:auth_token"), nested(100_000), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"] == "The JSON body nests deeper than 32 levels."


@pytest.mark.django_db
def test_json_nested_just_past_the_limit_answers_400(client, caseworker):
    client.force_login(caseworker)
    body = json.dumps({"notes": json.loads(nested(32))})

    response = client.post(reverse("api:case-list"), body, content_type="application/json")

    assert (response.status_code, response.json()["error"]) == (
        400,
        "The JSON body nests deeper than 32 levels.",
    )


def test_json_parser_accepts_the_limit_and_refuses_one_level_more():
    parser = JSONParser()

    assert parser.parse(io.BytesIO(nested(32).encode())) == json.loads(nested(32))
    with pytest.raises(ParseError):
        parser.parse(io.BytesIO(nested(33).encode()))


def test_json_parser_stops_reading_at_the_body_cap(settings):
    """A chunked body has no Content-Length for the middleware to refuse: the parser reads at most the cap."""
    settings.AMANAT_API_BODY_MAX_BYTES = 100
    body = json.dumps({"username": "x" * 200}).encode()

    with pytest.raises(RequestBodyTooLarge) as refused:
        JSONParser().parse(io.BytesIO(body))

    assert refused.value.status_code == 413


def test_json_parser_answers_invalid_json_with_parse_error():
    with pytest.raises(ParseError):
        JSONParser().parse(io.BytesIO(b'{"username": '))


@pytest.mark.django_db
def test_oversized_api_body_answers_413_json(client, settings):
    settings.AMANAT_API_BODY_MAX_BYTES = 1000
    body = json.dumps({"username": "caseworker", "password": "x" * 2000})

    response = client.post(reverse("api:auth_token"), body, content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {"error": "The request body is larger than 1000 bytes.", "field": None}


@pytest.mark.django_db
def test_oversized_form_answers_413(client, caseworker, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:case_create"),
        "given_name=" + "x" * 2000,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 413
    assert response.content.decode() == "The request body is larger than 1000 bytes."


def test_body_limit_allows_an_upload_its_attachment_size_and_form(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.AMANAT_API_BODY_MAX_BYTES = 500
    settings.AMANAT_ATTACHMENT_MAX_BYTES = 10_000
    factory = RequestFactory()

    limits = {
        "form": body_limit(
            factory.post("/cases/new/", "given_name=x", content_type="application/x-www-form-urlencoded")
        ),
        "upload": body_limit(factory.post("/cases/1/attachments/", {"file": io.BytesIO(b"x")})),
        "api": body_limit(factory.post("/api/v1/cases/", "{}", content_type="application/json")),
    }

    assert limits == {"form": 1000, "upload": 11_000, "api": 500}


@pytest.mark.django_db
def test_refusals_speak_the_readers_language(client, settings):
    settings.AMANAT_API_BODY_MAX_BYTES = 1000
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    url = reverse("api:auth_token")

    too_large = client.post(url, json.dumps({"password": "x" * 2000}), content_type="application/json")
    too_deep = client.post(url, nested(40), content_type="application/json")

    assert too_large.json()["error"] == "Размер запроса превышает 1000 байт."
    assert too_deep.json()["error"] == "Вложенность JSON превышает 32 уровня."
