"""Dates and numbers in the reader's language, one way each: a date on the overview looks like the dates in
the lists, a cost is grouped the Russian way, and a follow-up in a picker does not show an ISO date."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from cases.tests.factories import AssistanceServiceFactory, CaseFactory, FollowUpFactory


def test_case_overview_in_russian_writes_dates_as_the_lists_do(client, caseworker, ngo):
    case = CaseFactory(organisation=ngo, registered_on=datetime.date(2026, 3, 1))
    client.force_login(caseworker)
    client.cookies["amanat_language"] = "ru"

    overview = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()

    assert ("01.03.2026" in overview, "1 марта 2026" in overview) == (True, False)


def test_service_cost_in_russian_is_grouped_in_thousands(client, caseworker, ngo):
    case = CaseFactory(organisation=ngo)
    AssistanceServiceFactory(organisation=ngo, case=case, cost=Decimal("1500000"), currency="UZS")
    client.force_login(caseworker)
    client.cookies["amanat_language"] = "ru"

    services = client.get(reverse("cases:case_services", args=[case.pk])).content.decode()

    assert "1\xa0500\xa0000,00 UZS" in services


def test_follow_up_is_named_with_a_local_date(ngo):
    followup = FollowUpFactory(organisation=ngo, due_on=datetime.date(2026, 3, 1))

    with translation.override("ru"):
        name = str(followup)

    assert name == f"{followup.case.code} 01.03.2026"
