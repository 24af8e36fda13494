"""The shelters' demo step alone (on the demo's organisations and users, with a few demo cases): a year
of stays in Chkalovsk, residents now, a discharge planned soon, a request waiting; fast and idempotent."""

import datetime

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from cases.tests.factories import CaseFactory
from network import demo as network_demo
from shelters import demo, selectors
from shelters.models import PlacementRequest, Shelter, Stay


@pytest.fixture
def demo_world(db):
    network_demo.load()
    accounts_demo.load()
    women_and_society = network_demo.organisation(network_demo.WOMEN_AND_SOCIETY)
    for number in range(30):
        CaseFactory(organisation=women_and_society, is_demo=True, code=f"TJ-2026-{700000 + number:06d}")
    CaseFactory(
        organisation=network_demo.organisation(network_demo.WOMEN_OF_THE_EAST),
        is_demo=True,
        code="TJ-2026-799999",
    )
    return women_and_society


def test_demo_loads_a_year_of_stays_for_chkalovsk_once(demo_world):
    demo.load()
    again = demo.load()

    today = timezone.localdate()
    chkalovsk = Shelter.unscoped.get(organisation=demo_world, name="Chkalovsk shelter")
    stays = Stay.unscoped.filter(shelter=chkalovsk)
    first = stays.order_by("admitted_on").first().admitted_on
    assert again.startswith("Shelters: demo shelters already loaded")
    assert (today - first).days >= 300 and stays.filter(discharged_on__isnull=False).count() >= 20
    residents = stays.filter(discharged_on=None)
    assert 0 < residents.count() <= chkalovsk.capacity
    assert residents.filter(planned_discharge_on__lte=today + datetime.timedelta(days=7)).exists()
    assert PlacementRequest.unscoped.filter(shelter=chkalovsk, status="requested").count() == 1
    assert Shelter.unscoped.filter(is_demo=True).exclude(organisation=demo_world).count() >= 5


def test_demo_shelter_user_has_work_on_the_home_page(demo_world, client):
    demo.load()
    from accounts.models import User

    staff = User.objects.get(username="shelter")
    summary = selectors.home_summary(user=staff)

    assert [row["shelter"].name for row in summary["shelters"]] == ["Chkalovsk shelter"]
    assert summary["residents"] > 0 and len(summary["requests"]) == 1 and summary["discharges"]
    client.force_login(staff)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Ваш приют" in page and "Ожидающие запросы на размещение" in page
