import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["api:schema", "api:docs"])
def test_schema_and_docs_refuse_anonymous_visitors_with_json(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["field"] is None


def test_schema_is_openapi_3_for_signed_in_user(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("api:schema"), {"format": "json"})

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
    assert response.json()["info"]["title"] == "Amanat API"


def test_docs_load_swagger_ui_from_our_own_static_files(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("api:docs"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn." not in html.lower()  # a host name; a random CSRF token may hold the letters "cdn"
    assert "https://" not in html


def test_api_answers_json_even_to_a_browser(client, caseworker):
    """DRF's browsable pages would break under the CSP (inline styles): a browser gets JSON too."""
    client.force_login(caseworker)

    response = client.get(reverse("api:case-list"), HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
