"""Every HTCDS 2.0 core field can be entered through the API and read back.

The test walks the standard's core field list (cases/data/htcds_fields.csv) and, through the mapping
(cases/htcds_mapping.csv), the model field that stores each one. ``WRITERS`` says, per model, how a client
enters a value and reads it back; a core field on a model without a writer, or one that the API ignores
(the value read back is not the value sent), fails."""

import datetime

import pytest
from django.db import models
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases import htcds
from cases.models import choices
from cases.tests.factories import ConsentFactory
from privacy.fields import EncryptedDateField, EncryptedJSONField

DAY = datetime.date(2025, 5, 6)


def _value(entry: htcds.Mapping):
    """A value for the field that differs from its default (two for a multi-select list)."""
    field = entry.model_class._meta.get_field(entry.field)
    vocabulary = entry.choices_class
    if entry.field == "citizenship":
        return ["KZ", "UZ"]
    if entry.field.endswith("country"):
        return "KZ"
    if vocabulary is not None:
        values = [value for value in vocabulary.values if value != field.get_default()]
        if isinstance(field, models.JSONField | EncryptedJSONField):
            return values[:2]
        return values[0]
    if isinstance(field, models.DateField | EncryptedDateField):
        return DAY.isoformat()
    if entry.field == "email":
        return "htcds-test@example.org"
    return f"HTCDS {entry.htcds_field}"[: field.max_length or 200]


def _ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def _section(action: str):
    """A section of the case changed by PATCH and read by GET on ``cases/<id>/<section>/``."""

    def write(world, entry):
        url = reverse(f"api:case-section-{action}", args=[world["case"].pk])
        value = _value(entry)
        _ok(world["api"].patch(url, {entry.field: value}, format="json"))
        return value, _ok(world["api"].get(url))[entry.field]

    return write


def _event(world, entry):
    kind = (
        choices.EventType.RECRUITMENT
        if "Recruitment" in entry.htcds_field
        else choices.EventType.EXPLOITATION
    )
    url = reverse("api:case-section-events", args=[world["case"].pk])
    _ok(world["api"].post(url, {"type": kind, "country": "RU", "region": "RU-MOS"}, format="json"), 201)
    rows = [row for row in _ok(world["api"].get(url)) if row["type"] == kind]
    return ("RU", "RU-MOS"), (rows[0]["country"], rows[0]["region"])


def _case(world, entry):
    api, case = world["api"], world["case"]
    if entry.field == "caseworker":
        colleague = user_with_role(Role.CASEWORKER, case.organisation, username="colleague")
        _ok(api.post(reverse("api:case-assign", args=[case.pk]), {"caseworker": colleague.pk}))
        return colleague.pk, _ok(api.get(reverse("api:case-detail", args=[case.pk])))["caseworker"]
    if entry.field in ("closure_reason", "htcds_status"):
        reason = choices.ClosureReason.REINTEGRATED
        _ok(api.post(reverse("api:case-close", args=[case.pk]), {"reason": reason}))
        read = _ok(api.get(reverse("api:case-detail", args=[case.pk])))
        if entry.field == "htcds_status":
            return choices.HtcdsCaseStatus.CLOSED, read["status"]
        return reason, read["closure_reason"]
    # The referring organisation and the date: a transfer to this organisation, accepted here.
    transferred = _transferred_case(world)
    read = _ok(api.get(reverse("api:case-detail", args=[transferred.pk])))
    expected = {
        "referring_organisation": world["other_ngo"].pk,
        "incoming_referral_date": datetime.date.today().isoformat(),
    }[entry.field]
    return expected, read[entry.field]


def _transferred_case(world):
    from cases import services

    other, sender = world["other_ngo"], world["outsider"]
    case = services.case_register(by=sender, organisation=other, given_name="Test", family_name="Transfer")
    ConsentFactory(
        organisation=other,
        case=case,
        purpose=choices.ConsentPurpose.SHARING,
        recipient=world["ngo"],
        sections=choices.Section.values,
    )
    referral = services.case_transfer(case=case, by=sender, to_organisation=world["ngo"], details="Moved")
    _ok(world["api"].post(reverse("api:referral-accept", args=[referral.pk]), {}, format="json"))
    return case


def _referral(world, entry):
    api, case = world["api"], world["case"]
    ConsentFactory(
        organisation=case.organisation,
        case=case,
        purpose=choices.ConsentPurpose.SHARING,
        recipient=world["other_ngo"],
        sections=[choices.Section.SERVICES],
    )
    sent = {
        "case": case.pk,
        "to_organisation": world["other_ngo"].pk,
        "sections": [choices.Section.SERVICES],
        "reason": choices.ReferralReason.OTHER,
        "details": "HTCDS referral details",
    }
    referral = _ok(api.post(reverse("api:referral-list"), sent, format="json"), 201)
    if entry.field == "receiving_caseworker":
        world["api"].force_authenticate(world["outsider"])
        accepted = _ok(
            world["api"].post(reverse("api:referral-accept", args=[referral["id"]]), {}, format="json")
        )
        return world["outsider"].pk, accepted["receiving_caseworker"]
    if entry.field == "details":
        return sent["details"], _ok(api.get(reverse("api:referral-details", args=[referral["id"]])))[
            "details"
        ]
    read = _ok(api.get(reverse("api:referral-detail", args=[referral["id"]])))
    if entry.field == "requested_by":
        return world["user"].pk, read["requested_by"]
    if entry.field == "requested_at":
        return True, bool(read["requested_at"])
    return sent.get(entry.field), read[entry.field]


def _consent(world, entry):
    api, case = world["api"], world["case"]
    sent = {
        "case": case.pk,
        "purpose": choices.ConsentPurpose.ASSISTANCE,
        "status": choices.ConsentStatus.GIVEN,
        "method": choices.ConsentMethod.WRITTEN,
    }
    consent = _ok(api.post(reverse("api:consent-list"), sent, format="json"), 201)
    return sent["status"], _ok(api.get(reverse("api:consent-detail", args=[consent["id"]])))["status"]


WRITERS = {
    "cases.Victim": _section("person"),
    "cases.Screening": _section("screening"),
    "cases.TraffickingExperience": _section("experience"),
    "cases.TraffickingEvent": _event,
    "cases.Case": _case,
    "cases.Referral": _referral,
    "cases.Consent": _consent,
}


@pytest.mark.parametrize("name", htcds.core_fields())
def test_htcds_core_field_entered_through_api_reads_back(api, ngo, other_ngo, manager, outsider, case, name):
    entry = htcds.mapping()[name]
    assert entry.model in WRITERS, f"{name} ({entry.model}.{entry.field}) has no API path to enter it"
    api.force_authenticate(manager)
    world = {
        "api": api,
        "case": case,
        "ngo": ngo,
        "other_ngo": other_ngo,
        "outsider": outsider,
        "user": manager,
    }

    sent, read = WRITERS[entry.model](world, entry)

    assert read == sent, f"{name}: sent {sent!r}, read back {read!r}"


def test_htcds_core_fields_include_the_seven_that_had_no_form():
    """The fields that could be stored but not entered: each now has a form field in a case tab."""
    from cases.forms import ExperienceForm, VictimForm

    seven = {
        "prs_Salutation": VictimForm,
        "prs_Title": VictimForm,
        "prs_Email": VictimForm,
        "prs_HomePhone": VictimForm,
        "prs_MailingState": VictimForm,
        "prs_MailingPostalCode": VictimForm,
        "vic_TypeOfSexExploitation": ExperienceForm,
    }

    missing = [name for name, form in seven.items() if htcds.mapping()[name].field not in form.base_fields]

    assert missing == []


def test_htcds_every_core_field_has_a_case_tab_form_field():
    from cases.forms import EventForm, ExperienceForm, ScreeningForm, VictimForm

    tab_forms = {
        "cases.Victim": VictimForm,
        "cases.Screening": ScreeningForm,
        "cases.TraffickingExperience": ExperienceForm,
        "cases.TraffickingEvent": EventForm,
    }

    missing = [
        name
        for name in htcds.core_fields()
        if (entry := htcds.mapping()[name]).model in tab_forms
        and entry.field not in tab_forms[entry.model].base_fields
    ]

    assert missing == []
