import pytest

from cases.tests import factories


@pytest.mark.parametrize(
    "name",
    [
        name
        for name, value in vars(factories).items()
        if name.endswith("Factory") and not name.startswith("_") and value.__module__ == factories.__name__
    ],
)
def test_factory_creates_row_in_given_organisation(name, ngo):
    row = getattr(factories, name)(organisation=ngo)

    assert type(row).unscoped.filter(pk=row.pk, organisation=ngo).count() == 1
