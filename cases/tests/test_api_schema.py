import os

from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS, reset_generator_stats

CASES_PATHS = {
    "/api/v1/cases/",
    "/api/v1/cases/{id}/",
    "/api/v1/cases/{id}/personal-data/",
    "/api/v1/cases/{id}/close/",
    "/api/v1/cases/{id}/reopen/",
    "/api/v1/cases/{id}/assign/",
    "/api/v1/cases/{id}/transfer/",
    "/api/v1/consents/",
    "/api/v1/consents/{id}/",
    "/api/v1/consents/{id}/withdraw/",
    "/api/v1/services/",
    "/api/v1/services/{id}/",
    "/api/v1/referrals/",
    "/api/v1/referrals/{id}/",
    "/api/v1/referrals/{id}/accept/",
    "/api/v1/referrals/{id}/decline/",
    "/api/v1/referrals/{id}/withdraw/",
    "/api/v1/followups/",
    "/api/v1/followups/{id}/",
    "/api/v1/assessments/",
    "/api/v1/assessments/{id}/",
    "/api/v1/goals/",
    "/api/v1/goals/{id}/",
    "/api/v1/goals/{id}/achieve/",
    "/api/v1/goals/{id}/drop/",
}


def test_api_schema_is_valid_and_cases_endpoints_raise_no_warnings(db, capsys):
    reset_generator_stats()

    call_command("spectacular", "--validate", "--file", os.devnull)

    warnings = [message for message in GENERATOR_STATS._warn_cache if "cases" in message.lower()]
    assert warnings == []
    assert GENERATOR_STATS._error_cache == {}


def test_api_schema_lists_every_cases_endpoint(client, caseworker):
    client.force_login(caseworker)

    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")

    assert CASES_PATHS - set(response.json()["paths"]) == set()
