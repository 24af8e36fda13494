"""The round trip (issue 13, "Done when"): export_htcds of an organisation with its personal data, then
import_htcds of that file into an empty organisation, gives the same cases as a user sees them; importing
the same file again changes nothing. Runs once htcds-import's importer (``exchange.htcds.importer``) is in."""

import pytest
from django.core.files.storage import default_storage

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases import selectors
from exchange.htcds import export
from exchange.tests.htcds_cases import MALIKA, RUSTAM, case_registered
from network.tests.factories import OrganisationFactory

importer = pytest.importorskip("exchange.htcds.importer")

PASSPHRASE = "correct horse battery staple"
VICTIM = ("given_name", "middle_name", "family_name", "sex", "gender", "birth_date", "citizenship",
          "mobile_phone", "mailing_city", "mailing_country")  # fmt: skip
SCREENING = ("identification_status", "decision_making_organisation")
EXPERIENCE = ("exploitation_types", "labour_sectors", "means_of_control", "age_when_trafficked")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def seen(user, organisation) -> dict[str, dict]:
    """What a user of the organisation sees of each case, by its registration date and the person's name
    (the new organisation's cases have new codes)."""
    cases = {}
    records = selectors.case_export_records(user=user, organisation=organisation, personal=True)
    for record in records:
        fields = {name: getattr(record.victim, name) for name in VICTIM}
        fields |= {name: getattr(record.screening, name) for name in SCREENING}
        fields |= {name: getattr(record.experience, name) for name in EXPERIENCE}
        fields["places"] = sorted((event.type, event.country) for event in record.events)
        fields["consents"] = {purpose: consent.status for purpose, consent in record.consents.items()}
        fields["registered_on"] = record.case.registered_on
        cases[record.victim.given_name] = fields
    return cases


@pytest.mark.parametrize("format", ["xlsx", "csv", "json"])
def test_export_then_import_into_an_empty_organisation_gives_the_same_cases(
    ngo, caseworker, manager, media, format
):
    case_registered(by=caseworker, organisation=ngo, **MALIKA)
    case_registered(by=caseworker, organisation=ngo, **RUSTAM)
    empty = OrganisationFactory(name_en="Empty", country="TJ")
    importer_user = user_with_role(Role.MANAGER, empty)
    export_file = export.htcds_export_file(
        by=manager, organisation=ngo, format=format, personal=True, passphrase=PASSPHRASE
    )
    with default_storage.open(export_file.storage_name, "rb") as stored:
        content = stored.read()

    def imported():
        return importer.htcds_import(
            by=importer_user, organisation=empty, content=content, passphrase=PASSPHRASE
        )

    first, again = imported(), imported()

    assert (first.refusal, [str(problem) for problem in first.problems], first.created) in [
        (None, [], 2),
        ("", [], 2),
    ]
    assert (again.created, again.unchanged) == (0, 2)
    assert seen(importer_user, empty) == seen(manager, ngo)
