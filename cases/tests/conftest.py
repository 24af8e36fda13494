import datetime

import pytest

from cases import services


@pytest.fixture
def case(ngo, caseworker):
    """A registered case of ``ngo``, worked by ``caseworker`` (synthetic person)."""
    return services.case_register(
        by=caseworker,
        organisation=ngo,
        given_name="Gulnora",
        family_name="Rakhimova",
        birth_date=datetime.date(1994, 5, 17),
        sex="female",
        citizenship=["TJ"],
        mobile_phone="+992900000001",
    )
