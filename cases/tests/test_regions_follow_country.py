"""Forms that fit the region: every country's first-level regions, region lists that follow the chosen
country, searchable country pickers with the usual countries first, and several labour sectors."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.forms import EventForm, VictimForm
from cases.models import TraffickingEvent, TraffickingExperience, choices
from network.countries import CENTRAL_ASIA, UNINHABITED, USUAL_DESTINATIONS, country_picker_choices
from network.models import Region

world_regions = importlib.import_module("network.migrations.0003_world_regions")


def test_regions_every_country_has_its_first_level_subdivisions(db):
    counts = {country: Region.objects.filter(country=country).count() for country in ("RU", "TR", "AE", "KZ")}

    assert counts == {"RU": 83, "TR": 81, "AE": 7, "KZ": 20}
    assert Region.objects.count() == len(world_regions.first_level_subdivisions())


def test_regions_keep_curated_names_and_get_russian_ones(db):
    assert Region.objects.get(code="KZ-11").name_ru == "Акмолинская область"  # the curated table's
    assert Region.objects.get(code="RU-MOW").name_ru == "Москва"
    assert Region.objects.get(code="RU-SVE").name_ru == "Свердловская область"


def test_regions_migration_runs_twice_without_duplicates(db):
    before = Region.objects.count()

    world_regions.load(apps, None)

    assert Region.objects.count() == before


def test_region_options_lists_only_the_chosen_country(db, client):
    response = client.get(reverse("network:region_options"), {"country": "RU"})

    codes = list(response.context["regions"].values_list("code", flat=True))
    assert response.status_code == 200
    assert len(codes) == 83 and all(code.startswith("RU-") for code in codes)
    assert 'value="RU-MOW"' in response.content.decode()
    assert 'value="KZ-' not in response.content.decode()


def test_region_options_without_country_lists_nothing(db, client):
    response = client.get(reverse("network:region_options"), {"country": ""})

    assert list(response.context["regions"]) == []


def test_event_add_refuses_a_region_of_another_country(case, caseworker):
    with pytest.raises(ValidationError) as error:
        services.event_add(
            case=case,
            by=caseworker,
            type=choices.EventType.EXPLOITATION,
            country="RU",
            region=Region.objects.get(code="KZ-11"),
        )

    assert error.value.message_dict == {"region": ["This region is not in the chosen country."]}
    assert not TraffickingEvent.unscoped.filter(case=case).exists()


def test_event_add_records_a_region_abroad(case, caseworker):
    event = services.event_add(
        case=case,
        by=caseworker,
        type=choices.EventType.EXPLOITATION,
        country="RU",
        region=Region.objects.get(code="RU-SVE"),
    )

    assert event.region_id == "RU-SVE"


def test_victim_update_refuses_a_home_region_of_another_country(case, caseworker):
    with pytest.raises(ValidationError) as error:
        services.victim_update(
            case=case, by=caseworker, mailing_country="TJ", home_region=Region.objects.get(code="UZ-TK")
        )

    assert error.value.message_dict == {"home_region": ["This region is not in the chosen country."]}


def test_experience_tab_shows_the_region_error_on_the_field(client, case, caseworker):
    client.force_login(caseworker)
    data = {"form": "event", "type": choices.EventType.EXPLOITATION, "country": "RU", "region": "KZ-11"}

    response = client.post(reverse("cases:case_experience", args=[case.pk]), data)

    assert response.status_code == 200
    assert response.context["event_form"].errors == {"region": ["This region is not in the chosen country."]}


def test_event_form_lists_the_regions_of_the_typed_country_only(db):
    form = EventForm({"type": choices.EventType.EXPLOITATION, "country": "AE"})

    html = str(form["region"])

    assert html.count("<option") == 8  # the seven emirates and the empty choice
    assert 'value="AE-DU"' in html and 'value="KZ-11"' not in html


def test_victim_form_region_follows_the_country_of_residence(db):
    form = VictimForm(initial={"mailing_country": "KG"})

    html = str(form["home_region"])
    country = str(form["mailing_country"])

    assert 'value="KG-GB"' in html and 'value="TJ-SU"' not in html
    assert 'data-regions="id_home_region"' in country and "data-searchable" in country


def test_country_picker_lists_central_asia_and_destinations_first_without_uninhabited_places():
    (_first_label, first), (_rest_label, rest) = country_picker_choices()

    assert [code for code, _name in first] == [*CENTRAL_ASIA, *USUAL_DESTINATIONS]
    codes = {code for code, _name in first + rest}
    assert codes & UNINHABITED == set()
    assert {"AQ", "BV", "HM", "UM", "TF", "GS"} <= UNINHABITED
    assert len(codes) == 249 - len(UNINHABITED)


def test_experience_records_several_labour_sectors(case, caseworker):
    sectors = [choices.Industry.A, choices.Industry.F]

    services.experience_update(case=case, by=caseworker, labour_sectors=sectors)

    assert TraffickingExperience.unscoped.get(case=case).labour_sectors == sectors


def test_experience_refuses_an_unknown_labour_sector(case, caseworker):
    with pytest.raises(ValidationError) as error:
        services.experience_update(case=case, by=caseworker, labour_sectors=["Mining on Mars"])

    assert list(error.value.message_dict) == ["labour_sectors"]


def rows_written_before_labour_sectors(apps, organisation_id):
    """At cases 0016: experiences with one labour sector and with none."""
    case_model = apps.get_model("cases", "Case")
    experience_model = apps.get_model("cases", "TraffickingExperience")
    day = datetime.date(2026, 1, 15)
    ids = []
    for number, sector in enumerate([choices.Industry.C, ""]):
        case = case_model.objects.create(
            organisation_id=organisation_id, code=f"TJ-2026-0008{number}", registered_on=day
        )
        ids.append(
            experience_model.objects.create(
                organisation_id=organisation_id, case=case, labour_sector=sector
            ).pk
        )
    return ids


def read_after_and_change(ids):
    after = [TraffickingExperience.unscoped.get(pk=pk).labour_sectors for pk in ids]
    TraffickingExperience.unscoped.filter(pk=ids[0]).update(
        labour_sectors=[choices.Industry.C, choices.Industry.A]
    )
    return after


def read_back(apps, ids):
    experience_model = apps.get_model("cases", "TraffickingExperience")
    return list(
        experience_model.objects.filter(pk__in=ids).order_by("pk").values_list("labour_sector", flat=True)
    )


@pytest.mark.django_db(transaction=True)  # the journey migrates: no test transaction around it
def test_labour_sector_migration_keeps_the_sector_as_a_list_and_runs_backwards(migration_journey):
    # Rows written at cases 0016, read (and given two sectors) at the latest version, read back at 0016:
    # amanat/tests/migration_journey.py.
    journey = migration_journey["labour"]

    assert journey["after"] == [[choices.Industry.C], []]
    assert journey["back"] == [choices.Industry.C, ""]


def test_intake_keeps_several_labour_sectors(client, caseworker, ngo):
    client.force_login(caseworker)
    draft = services.intake_start(by=caseworker, organisation=ngo, given_name="Test", family_name="Sectors")
    sectors = [choices.Industry.A, choices.Industry.F]

    client.post(reverse("cases:case_intake_experience", args=[draft.pk]), {"labour_sectors": sectors})

    assert TraffickingExperience.unscoped.get(case=draft).labour_sectors == sectors
