"""The web intake's step forms and the API's intake serializer declare no limits of their own: for every
field they share, the length, the choices and whether it is required agree with the model (a copy that
drifts, like a mobile phone of 40 characters on the web and 64 in the API, fails here)."""

import pytest
from django import forms
from django.urls import reverse
from rest_framework import serializers

from cases.api.cases import CaseIntakeSerializer
from cases.forms import INTAKE_STEP_FORMS
from cases.models import Case, Consent, Screening, TraffickingEvent, TraffickingExperience, Victim
from network.countries import COUNTRY_CODES, UNINHABITED

# Intake names that are not the model field's own name.
RENAMED = {"exploitation_city": (TraffickingEvent, "city"), "consent_method": (Consent, "method")}
# Choices the intake leaves out on purpose: an override of consent is its own action, with a reason.
LEFT_OUT = {"consent_method": {"override"}}
# Required by the model, filled in by the intake when left out ("written" for the method of consent).
INTAKE_DEFAULTS = {"consent_method"}
# Required by the service for everyone but the hotline (an anonymous caller): optional in the API, which
# serves both, required on the caseworker's person step.
REQUIRED_BY_ROLE = {"given_name", "family_name"}
# Countries are checked by the service on every path (upper-casing what the API sends), not by a list.
COUNTRY_FIELDS = {
    "citizenship",
    "mailing_country",
    "origin_country",
    "transit_country",
    "exploitation_country",
}


def model_field(name):
    if name in RENAMED:
        model, field_name = RENAMED[name]
        return model._meta.get_field(field_name)
    for model in (Victim, Screening, TraffickingExperience):
        try:
            return model._meta.get_field(name)
        except Exception:  # noqa: S112 - not a field of this model: try the next section
            continue
    return None


def values(field_choices) -> frozenset | None:
    if field_choices is None:
        return None
    return frozenset(value for value, _label in field_choices if value != "") or None


def from_model(field, name: str) -> dict:
    field_choices = field.choices() if callable(field.choices) else field.choices
    offered = values(field_choices)
    if offered is not None:
        offered = offered - LEFT_OUT.get(name, set())
    return {
        "max_length": None if field_choices else field.max_length,
        "choices": offered,
        "required": not field.blank and not field.has_default() and name not in INTAKE_DEFAULTS,
    }


def from_form(field: forms.Field, model=None) -> dict:
    # A record picked from a table (a region) is checked by the service, not by a list of codes.
    has_codes = hasattr(field, "choices") and not isinstance(field, forms.ModelChoiceField)
    field_choices = list(field.choices) if has_codes else None
    # A form that always submits the model's default (its initial value) asks no more than the model.
    defaulted = model is not None and model.has_default() and field.initial == model.default
    return {
        "max_length": getattr(field, "max_length", None),
        "choices": values(field_choices),
        "required": field.required and not defaulted,
    }


def from_serializer(field: serializers.Field) -> dict:
    child = field.child if isinstance(field, serializers.ListField) else field
    field_choices = list(child.choices.items()) if isinstance(child, serializers.ChoiceField) else None
    return {
        "max_length": getattr(field, "max_length", None),
        "choices": values(field_choices),
        "required": field.required,
    }


FORM_FIELDS = {name: field for form in INTAKE_STEP_FORMS.values() for name, field in form.base_fields.items()}
SERIALIZER_FIELDS = CaseIntakeSerializer().fields
SHARED = sorted(set(FORM_FIELDS) & set(SERIALIZER_FIELDS) - COUNTRY_FIELDS)


def test_intake_form_and_serializer_share_most_of_the_intake():
    assert len(SHARED) >= 25, SHARED


@pytest.mark.parametrize("name", SHARED)
def test_intake_field_limits_agree_between_model_form_and_api(name):
    field = model_field(name)
    form = from_form(FORM_FIELDS[name], field)
    api = from_serializer(SERIALIZER_FIELDS[name])

    if field is not None:
        model = from_model(field, name)
        if model["choices"] is None:
            # A JSON list of codes: the model names no vocabulary, the form and the API share one.
            model["choices"] = form["choices"]
        assert form == model, f"the form's {name} differs from {field.model.__name__}.{field.name}"
    if name in REQUIRED_BY_ROLE:
        assert (form["required"], api["required"]) == (True, False)
        form["required"] = api["required"]
    assert api == form, f"the API's {name} differs from the web form's"


@pytest.mark.parametrize("name", sorted(COUNTRY_FIELDS & set(FORM_FIELDS) & set(SERIALIZER_FIELDS)))
def test_intake_country_fields_offer_the_iso_codes(name):
    # The picker groups the usual countries first and leaves out uninhabited territories.
    form_codes = (
        values(
            [
                item
                for group, items in FORM_FIELDS[name].choices
                for item in (items if isinstance(items, list) else [(group, items)])
            ]
        )
        | UNINHABITED
    )
    api = SERIALIZER_FIELDS[name]
    child = api.child if isinstance(api, serializers.ListField) else api

    assert form_codes == frozenset(COUNTRY_CODES)
    assert child.max_length == Victim._meta.get_field("mailing_country").max_length == 2


def test_intake_mobile_phone_limit_is_the_models_on_both_paths(client, api, hotline_operator):
    limit = Victim._meta.get_field("mobile_phone").max_length
    too_long = "+" + "9" * limit
    client.force_login(hotline_operator)
    api.force_authenticate(hotline_operator)

    web = client.post(
        reverse("cases:case_create"),
        {
            "given_name": "Zarina",
            "family_name": "Obraztsova",
            "mobile_phone": too_long,
            "referral_source": "hotline",
        },
    )
    response = api.post(
        reverse("api:case-list"),
        {"given_name": "Zarina", "family_name": "Obraztsova", "mobile_phone": too_long},
        format="json",
    )

    assert list(web.context["form"].errors) == ["mobile_phone"]
    assert (response.status_code, response.json()["field"]) == (400, "mobile_phone")
    assert Case.unscoped.count() == 0
