"""Every cases model that belongs to an organisation is read only through ``visible_to(user)``."""

import pytest
from django.apps import apps

from cases.tests import factories

TENANT_MODELS = [
    model
    for model in apps.get_app_config("cases").get_models()
    if not model.__name__.startswith("Historical")
    and any(f.name == "organisation" for f in model._meta.fields)
]


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda model: model.__name__)
def test_tenant_model_rows_visible_only_to_own_organisation(model, ngo, other_ngo, caseworker, outsider):
    factory = getattr(factories, f"{model.__name__}Factory")
    own, other = factory(organisation=ngo), factory(organisation=other_ngo)

    assert list(model.objects.visible_to(caseworker)) == [own]
    assert list(model.objects.visible_to(outsider)) == [other]


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda model: model.__name__)
def test_tenant_model_rows_hidden_from_network_roles(model, ngo, coordinator, analyst, judge):
    getattr(factories, f"{model.__name__}Factory")(organisation=ngo)

    assert [model.objects.visible_to(user).count() for user in (coordinator, analyst, judge)] == [0, 0, 0]
