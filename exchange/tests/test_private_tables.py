"""Differentially private tables: the budget cannot be exceeded, the releases hold only noisy figures, only
analysts release, and the public statistics page shows only what is published or thresholded."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from analytics.filters import Filters
from analytics.indicators.victims import registered_cases
from analytics.scope import public_scope
from analytics.tests.test_russian_everywhere import (
    MIN_CYRILLIC_SHARE,
    cyrillic_share,
    english_found,
    english_fragments,
    visible_text,
)
from audit.models import AuditEntry
from cases.models import choices
from cases.tests.factories import (
    CaseFactory,
    TraffickingEventFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)
from exchange.models import PrivateRelease
from exchange.private_tables import ledger
from exchange.private_tables.counting import (
    TrueTable,
    contributions_of,
    count_table,
    network_tables,
    released_figures,
    victim_categories,
)
from exchange.private_tables.dimensions import PRIVATE_DIMENSIONS
from exchange.private_tables.noise import expected_noise

LIST = reverse("exchange:private_release_list")
CREATE = reverse("exchange:private_release_create")
PUBLIC = reverse("exchange:public_statistics")
LABOUR, SEXUAL, BEGGING = (
    choices.Exploitation.FORCED_LABOUR,
    choices.Exploitation.SEXUAL_EXPLOITATION,
    choices.Exploitation.FORCED_BEGGING,
)


def victim(organisation, *, sex=choices.Sex.FEMALE, forms=(LABOUR,), country="RU", year=2024):
    case = CaseFactory(organisation=organisation, registered_on=datetime.date(year, 3, 1))
    VictimFactory(case=case, organisation=organisation, sex=sex, age_at_registration=30, citizenship=["TJ"])
    TraffickingExperienceFactory(case=case, organisation=organisation, exploitation_types=list(forms))
    TraffickingEventFactory(case=case, organisation=organisation, country=country, region_id=None)
    return case


@pytest.fixture
def victims(ngo):
    for sex in [choices.Sex.FEMALE] * 4 + [choices.Sex.MALE] * 3:
        victim(ngo, sex=sex)
    victim(ngo, forms=(LABOUR, SEXUAL, BEGGING))


@pytest.fixture
def budget_of(settings):
    def budget(total: float):
        settings.AMANAT_DP_TOTAL_EPSILON = total
        return ledger.budget_for_year()

    return budget


def release(analyst, organisation, *, epsilon="1", tables=(("sex",),), title="By sex"):
    return ledger.private_release_create(
        by=analyst, organisation=organisation, title=title, tables=list(tables), epsilon=Decimal(epsilon)
    )


def test_release_beyond_the_budget_is_refused_with_the_budget_left(victims, analyst, iom_office, budget_of):
    budget = budget_of(1.5)
    release(analyst, iom_office, epsilon="1")

    with pytest.raises(ValidationError) as refused:
        release(analyst, iom_office, epsilon="0.8")

    assert refused.value.messages == [
        f"This release would spend ε = 0.8, but only ε = 0.5 of the 1.5 of {budget.year} is left for this "
        "dataset. Choose ε of at most 0.5."
    ]
    assert list(PrivateRelease.objects.values_list("epsilon", flat=True)) == [Decimal("1.000")]
    assert ledger.budget_left(budget).epsilon == Decimal("0.5")


def test_release_form_refuses_beyond_the_budget_and_keeps_the_form(
    client, victims, analyst, iom_office, budget_of
):
    budget_of(1.2)
    release(analyst, iom_office, epsilon="1")
    client.force_login(analyst)

    response = client.post(CREATE, {"title": "Second", "dimensions": ["sex"], "epsilon": "0.5"})

    assert response.status_code == 200
    assert "only ε = 0.2 of the 1.2" in response.content.decode()
    assert response.context["form"]["title"].value() == "Second"
    assert PrivateRelease.objects.count() == 1


def test_release_spends_exactly_the_budget_and_not_more(victims, analyst, iom_office, budget_of):
    budget = budget_of(2)
    release(analyst, iom_office, epsilon="1")
    release(analyst, iom_office, epsilon="1")

    with pytest.raises(ValidationError):
        release(analyst, iom_office, epsilon="0.01")

    assert ledger.budget_spent(budget).epsilon == budget.total_epsilon


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections: PostgreSQL")
def test_two_releases_at_once_never_spend_more_than_the_total(ngo, analyst, iom_office, budget_of):
    victims_made = [victim(ngo) for _number in range(3)]
    budget = budget_of(1.5)
    start = threading.Barrier(2)
    outcomes = []

    def ask():
        try:
            start.wait()
            release(analyst, iom_office, epsilon="1")
            outcomes.append("released")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask) for _number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(victims_made) == 3
    assert sorted(outcomes) == ["refused", "released"]
    assert ledger.budget_spent(budget).epsilon == Decimal("1")


def test_released_table_holds_every_public_category_with_noise_never_negative(victims, analyst, iom_office):
    first = release(analyst, iom_office, epsilon="0.1")
    second = release(analyst, iom_office, epsilon="0.1")

    cells = [cell for table in first.table["tables"] for cell in table["cells"]]
    again = [cell for table in second.table["tables"] for cell in table["cells"]]
    assert [cell["keys"] for cell in cells] == [[key] for key in PRIVATE_DIMENSIONS["sex"].category_keys()]
    assert [cell["value"] for cell in cells] != [cell["value"] for cell in again]
    assert min(cell["value"] for cell in cells + again) >= 0
    assert {cell["error"] for cell in cells} == {expected_noise(contributions=1, epsilon=0.1).error}
    assert set(cells[0]) == {"keys", "value", "error"}
    assert set(first.table) == {"mechanism", "scale", "error", "confidence", "contributions", "tables"}


def test_release_is_audited_and_names_its_budget(victims, analyst, iom_office):
    made = release(analyst, iom_office)

    assert made.budget.dataset == "network-cases"
    assert list(AuditEntry.unscoped.values_list("action", flat=True)) == ["exchange.private_release_created"]


def test_victim_counts_in_at_most_the_bound_of_a_multi_valued_dimension(victims):
    exploitation = network_tables([("exploitation",)])[0]

    counts = dict(exploitation.cells)
    assert counts[(LABOUR,)] == 8
    assert counts[(SEXUAL,)] == 1
    # The victim's third form is beyond the bound of two: not counted.
    assert counts[(BEGGING,)] == 0
    assert contributions_of([("exploitation",), ("sex",)]) == 3
    assert contributions_of([("exploitation", "exploitation_country")]) == 4


def test_countries_outside_the_public_list_count_as_other(ngo):
    victim(ngo, country="FR")

    table = count_table(("exploitation_country",), _categories_of(["exploitation_country"]))

    assert dict(table.cells)[("other",)] == 1
    assert dict(table.cells)[("RU",)] == 0


def _categories_of(keys):
    cases = registered_cases(scope=public_scope(), filters=Filters())
    return {key: victim_categories(cases, PRIVATE_DIMENSIONS[key]) for key in keys}


def test_gaussian_release_with_delta_spends_delta(victims, analyst, iom_office):
    made = ledger.private_release_create(
        by=analyst,
        organisation=iom_office,
        title="Gaussian",
        tables=[("sex",), ("year",)],
        epsilon=Decimal("1"),
        delta=Decimal("0.000001"),
    )

    assert made.table["mechanism"] == "gaussian"
    assert ledger.budget_spent(made.budget).delta == Decimal("0.000001")


def test_released_figures_split_epsilon_over_tables_by_contributions():
    tables = [TrueTable(("sex",), [(("female",), 500)]), TrueTable(("exploitation",), [((LABOUR,), 300)])]

    figures = released_figures(tables, epsilon=1.0)

    assert figures["contributions"] == 3
    assert figures["scale"] == 3.0
    assert figures["error"] == expected_noise(contributions=3, epsilon=1.0).error


@pytest.mark.parametrize("role", ["manager", "coordinator", "caseworker"])
def test_only_analysts_release(client, victims, cast, role, iom_office):
    client.force_login(cast[role])

    pages = [client.get(LIST), client.get(CREATE)]
    posted = client.post(CREATE, {"title": "No", "dimensions": ["sex"], "epsilon": "1"})

    assert [page.status_code for page in pages] == [403, 403]
    assert posted.status_code == 403
    assert PrivateRelease.objects.count() == 0


def test_preview_shows_the_expected_error_and_spends_nothing(client, victims, analyst):
    client.force_login(analyst)

    response = client.get(CREATE, {"title": "Look", "dimensions": ["sex", "age_band"], "epsilon": "0.5"})

    error = expected_noise(contributions=2, epsilon=0.5).error
    assert f"within ±{error} of the true count" in response.content.decode()
    assert PrivateRelease.objects.count() == 0


def test_analyst_releases_publishes_and_downloads(client, victims, analyst):
    client.force_login(analyst)

    created = client.post(
        CREATE, {"title": "By sex and year", "dimensions": ["year", "sex"], "crossed": "on", "epsilon": "1"}
    )
    made = PrivateRelease.objects.get()
    detail = client.get(created.url)
    client.post(reverse("exchange:private_release_publish", args=[made.pk]))
    download = client.get(reverse("exchange:private_release_csv", args=[made.pk]))

    assert made.dimensions == [["year", "sex"]]
    assert "By sex and year" in detail.content.decode()
    assert PrivateRelease.objects.get().published is True
    lines = download.content.decode().splitlines()
    assert lines[0] == "Table,Category,Second category,Victims (with noise),Error (95%)"
    assert len(lines) == 1 + len(PRIVATE_DIMENSIONS["year"].category_keys()) * len(
        PRIVATE_DIMENSIONS["sex"].category_keys()
    )


def test_crossing_needs_exactly_two_dimensions(client, victims, analyst):
    client.force_login(analyst)

    response = client.post(
        CREATE, {"title": "Three", "dimensions": ["year", "sex", "age_band"], "crossed": "on", "epsilon": "1"}
    )

    assert response.context["form"].errors["crossed"] == [
        "Choose exactly two dimensions to cross them in one table."
    ]
    assert PrivateRelease.objects.count() == 0


def test_public_page_shows_published_releases_and_thresholded_tables_without_login(
    client, victims, analyst, iom_office
):
    shown = release(analyst, iom_office, epsilon="0.5", title="Victims by sex, 2026")
    ledger.private_release_publish(release=shown, by=analyst, organisation=iom_office)
    release(analyst, iom_office, epsilon="0.5", title="Not yet published")

    page = client.get(PUBLIC).content.decode()

    assert "Victims by sex, 2026" in page
    assert "Not yet published" not in page
    assert "Differentially private (ε = 0.5)" in page
    assert "(thresholded)" in page


def test_public_page_reads_in_russian(client, victims):
    page = client.get(PUBLIC, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Публичная статистика" in page
    assert "Public statistics" not in page


def test_budget_page_shows_the_total_spent_and_left(client, victims, analyst, iom_office, budget_of):
    budget_of(3)
    release(analyst, iom_office, epsilon="1", title="First of the year")
    client.force_login(analyst)

    page = client.get(LIST).content.decode()

    assert "First of the year" in page
    assert "<dt>ε left</dt><dd><strong>2</strong></dd>" in page


def test_analyst_pages_read_entirely_in_russian(client, victims, analyst, iom_office):
    made = release(analyst, iom_office, title="По полу")
    client.force_login(analyst)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    fragments = english_fragments()
    pages = [
        LIST,
        CREATE,
        f"{CREATE}?title=x&dimensions=sex&epsilon=0.5",
        reverse("exchange:private_release_detail", args=[made.pk]),
    ]

    leaks = {}
    for url in pages:
        text = visible_text(client.get(url).content.decode())
        if english_found(text, fragments) or cyrillic_share(text) < MIN_CYRILLIC_SHARE:
            leaks[url] = english_found(text, fragments)

    assert leaks == {}


def test_public_page_cached_shows_a_release_once_published(client, victims, analyst, iom_office):
    made = release(analyst, iom_office, epsilon="0.5", title="Published later")
    before = client.get(PUBLIC).content.decode()

    ledger.private_release_publish(release=made, by=analyst, organisation=iom_office)
    after = client.get(PUBLIC).content.decode()

    assert "Published later" not in before
    assert "Published later" in after
