import datetime

import pytest

from cases import services
from cases.tests.factories import CaseAccessFactory

NARROW_CAST = {"hotline_operator": "cases.opened", "shelter_staff": "shelters.resident"}


def grant_to_narrow_cast(request, case) -> None:
    """The cast's hotline operator and shelter staff work on ``case`` (the operator took the call that
    opened it, the victim stays at the shelter): a role matrix then tests what their permissions allow on
    a case in their scope. ``test_case_access.py`` tests that without a grant they see nothing."""
    for name, reason in NARROW_CAST.items():
        if name in request.fixturenames or "cast" in request.fixturenames:
            user = request.getfixturevalue(name)
            CaseAccessFactory(organisation=case.organisation, case=case, user=user, reason=reason)


@pytest.fixture
def case(request, ngo, caseworker):
    """A registered case of ``ngo``, worked by ``caseworker`` (synthetic person) and granted to the cast's
    narrow roles where the test calls on them."""
    case = services.case_register(
        by=caseworker,
        organisation=ngo,
        given_name="Gulnora",
        family_name="Rakhimova",
        birth_date=datetime.date(1994, 5, 17),
        sex="female",
        citizenship=["TJ"],
        mobile_phone="+992900000001",
    )
    grant_to_narrow_cast(request, case)
    return case
