import os
import re

import pytest
from playwright.sync_api import expect

from network.tests.factories import OrganisationFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SETTLED = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_directory_country_choice_narrows_regions_and_results(live_server, page):
    OrganisationFactory(name_en="Sughd Shelter", country="TJ", region_id="TJ-SU")
    OrganisationFactory(name_en="Almaty Aid", country="KZ", region_id="KZ-75", city="Almaty")

    page.goto(f"{live_server.url}/directory/")
    page.select_option("select[name=country]", "KG")
    # htmx redraws the form and pushes the URL: wait for Kyrgyzstan's regions before choosing again.
    expect(page.locator("select[name=region] option")).to_have_count(10)
    expect(page).to_have_url(re.compile(r"country=KG"))
    # The new form listens for changes only once htmx has settled it: a choice made sooner goes unheard.
    page.wait_for_function(SETTLED)
    page.select_option("select[name=country]", "KZ")
    expect(page.locator("select[name=region] option")).to_have_count(21)
    expect(page).to_have_url(re.compile(r"country=KZ"))

    regions = page.locator("select[name=region] option").all_inner_texts()
    assert regions[1:4] == ["Abai Region", "Akmola Region", "Aktobe Region"]
    assert len(regions) == 21  # the empty choice and the 20 regions of Kazakhstan
    assert page.locator("article h2").all_inner_texts() == ["Almaty Aid"]
