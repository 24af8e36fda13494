import pytest

from cases.tests.factories import CaseFactory


@pytest.fixture
def case(ngo, caseworker):
    return CaseFactory(organisation=ngo, caseworker=caseworker)
