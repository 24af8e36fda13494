import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership, User
from network.countries import CENTRAL_ASIA
from network.models import Organisation, OrganisationType, Programme


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "republics": Organisation.objects.filter(country__in=CENTRAL_ASIA).count(),
        "users": User.objects.count(),
        "memberships": Membership.unscoped.count(),
        "devices": TOTPDevice.objects.count(),
        "programmes": Programme.objects.count(),
    }


# First: it needs the empty database, and the module's other tests read the demo that ``demo_loaded``
# (conftest.py) loads once, with ``load_demo --force`` and DEBUG off, for the rest of the module.
def test_load_demo_refuses_with_debug_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")

    assert Organisation.objects.count() == 0


def test_load_demo_is_idempotent(db, settings, capsys, demo_loaded):
    settings.DEBUG = True
    first = counts()

    call_command("load_demo")

    assert counts() == first
    assert first["republics"] >= 50
    assert first["programmes"] == 1
    assert first["devices"] == 7  # admin, manager, caseworker, shelter, hotline, caseworker2, caseworker_kz
    assert "silk-road-demo-2026" in demo_loaded
    assert "silk-road-demo-2026" in capsys.readouterr().out


def test_load_demo_spreads_ngos_across_the_five_republics(db, demo_loaded):
    # The five republics, and Russia where cross-border referrals go.
    every_ngo = Organisation.objects.filter(type=OrganisationType.NGO)
    assert sorted(set(every_ngo.values_list("country", flat=True))) == sorted([*CENTRAL_ASIA, "RU"])
    ngos = every_ngo.filter(country__in=CENTRAL_ASIA)
    assert ngos.count() >= 50
    programme = Programme.objects.get(name="Central Asia Counter-Trafficking Programme")
    assert (programme.donor.short_name, programme.coordinator.short_name) == ("USAID", "IOM")
    assert programme.members.filter(type=OrganisationType.NGO).count() == ngos.count()


def test_load_demo_places_the_seed_ngos_and_users(db, demo_loaded):
    seed = Organisation.objects.filter(
        name_en__in=["Women and Society", "Human Rights Center", "Women of the East"]
    )
    assert sorted(seed.values_list("name_en", "region_id", "city")) == [
        ("Human Rights Center", "TJ-SU", "Khujand"),
        ("Women and Society", "TJ-SU", "Chkalovsk"),
        ("Women of the East", "TJ-SU", "Panjakent"),
    ]
    memberships = dict(Membership.unscoped.values_list("user__username", "organisation__name_en"))
    assert memberships["caseworker"] == "Women and Society"
    assert memberships["hotline"] == "Human Rights Center"
    assert memberships["caseworker2"] == "Women of the East"
    assert User.objects.get(username="manager").check_password("silk-road-demo-2026")


def test_load_demo_runs_with_debug_off_when_forced(db, demo_loaded):
    # demo_loaded ran ``load_demo --force`` with DEBUG off.
    assert Programme.objects.count() == 1
    assert "Demo data loaded." in demo_loaded
