import pytest

from cases import selectors
from cases.tests.factories import (
    AssessmentFactory,
    AssistanceServiceFactory,
    CaseFactory,
    ConsentFactory,
    FollowUpFactory,
    SharedReferralFactory,
)

LISTS = [
    ("consent_list", ConsentFactory, None),
    ("service_list", AssistanceServiceFactory, "services"),
    ("followup_list", FollowUpFactory, "reintegration"),
    ("assessment_list", AssessmentFactory, "reintegration"),
]


@pytest.mark.parametrize(("selector", "factory", "_section"), LISTS)
def test_list_selector_keeps_own_organisations_rows(ngo, other_ngo, caseworker, selector, factory, _section):
    own = factory(organisation=ngo)
    factory(organisation=other_ngo)

    rows = getattr(selectors, selector)(user=caseworker)

    assert list(rows) == [own]


@pytest.mark.parametrize(("selector", "factory", "section"), LISTS)
def test_list_selector_adds_rows_of_the_shared_section_only(
    ngo, other_ngo, outsider, selector, factory, section
):
    shared_case = CaseFactory(organisation=ngo)
    row = factory(organisation=ngo, case=shared_case)
    SharedReferralFactory(
        organisation=ngo,
        case=shared_case,
        to_organisation=other_ngo,
        share_screening=True,
        **({f"share_{section}": True} if section else {}),
    )

    rows = getattr(selectors, selector)(user=outsider)

    assert list(rows) == ([row] if section else [])


@pytest.mark.parametrize(("selector", "factory", "_section"), LISTS)
def test_list_selector_is_empty_for_a_coordinator(ngo, coordinator, selector, factory, _section):
    factory(organisation=ngo)

    rows = getattr(selectors, selector)(user=coordinator)

    assert list(rows) == []
