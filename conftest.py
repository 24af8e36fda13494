"""The cast every test can call on (STYLE.md): two NGOs and one user per role."""

import functools
import importlib
import os

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import is_verified as otp_is_verified
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from network.models import OrganisationType
from network.tests.factories import OrganisationFactory
from privacy.crypto import reset_keyring


def _test_device(user) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    return device


class _SecondFactorLogin:
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = _test_device(user).persistent_id
        session.save()


class Client2FA(_SecondFactorLogin, Client):
    """A test client whose ``force_login`` also passes the second factor, as a real login would."""


class APIClient2FA(_SecondFactorLogin, APIClient):
    """An API test client whose logins have passed the second factor: ``force_login`` as ``Client2FA``;
    ``force_authenticate`` marks the user verified the way django-otp's middleware does for a session."""

    def force_authenticate(self, user=None, token=None):
        if user is not None:
            user.otp_device = _test_device(user)
            user.is_verified = functools.partial(otp_is_verified, user)
        super().force_authenticate(user, token)


# Deterministic test keys (never used outside tests): a data key "ktest" and the blind-index key.
TEST_KEYS = (
    "ktest:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,"
    "blind-index:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="
)


DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def reference_data(request):
    """The regions and services that migrations load, present in every database test.

    Transactional tests (live server, task worker) end by emptying every table, these included."""
    if not (request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames)):
        return
    request.getfixturevalue("_django_db_helper")
    reference_data_load()


def reference_data_load() -> None:
    """Load the regions and services the migrations load, unless they are there."""
    from django.apps import apps

    if not apps.get_model("network", "ServiceType").objects.exists():
        importlib.import_module("network.migrations.0002_regions_and_services").load(apps, None)
        importlib.import_module("network.migrations.0003_world_regions").load(apps, None)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language. LocaleMiddleware activates the language of a request
    and never deactivates it, so a test whose request switched to Russian left the next test in Russian
    (``pytest analytics`` alone failed on an English page link)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast's users get passwords; a fast hasher keeps the suite quick (hashing is Django's, not ours)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def amanat_test_keys(settings, tmp_path_factory):
    """Every test encrypts under the same known keys; no test ever writes a key file into the repo."""
    settings.AMANAT_KEYS = TEST_KEYS
    settings.AMANAT_KEY_FILE = str(tmp_path_factory.getbasetemp() / "no-key-file.txt")
    reset_keyring()
    yield
    reset_keyring()


@pytest.fixture(autouse=True)
def empty_cache():
    """Django's cache (locmem in tests) holds rate-limit counters keyed by user id, and ids repeat from
    test to test: every test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """``load_demo --force`` (with DEBUG off) run once for a module whose tests read the demo: loading it
    takes about 20 s, once per test it made the demo tests the slowest of the suite. The load happens in
    a transaction that is rolled back after the module's last test; each test runs inside it (its own
    savepoint, as usual) and needs ``db``. Yields what the command printed.

    A test of the module that needs an empty database must come before the first test using this."""
    import io

    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings

    output = io.StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(
            DEBUG=False,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            AMANAT_KEYS=TEST_KEYS,
            AMANAT_KEY_FILE=str(tmp_path_factory.getbasetemp() / "no-key-file.txt"),
        ),
    ):
        reset_keyring()
        loaded = transaction.atomic()
        loaded.__enter__()
        try:
            reference_data_load()
            call_command("load_demo", "--force", stdout=output)
        except BaseException:
            transaction.set_rollback(True)
            loaded.__exit__(None, None, None)
            raise
        finally:
            reset_keyring()
    yield output.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        loaded.__exit__(None, None, None)


@pytest.fixture(scope="session")
def migration_journey(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every data-migration test's rows, migrated back and forth once a session (amanat/tests/
    migration_journey.py): what each test reads, by test module. Tests using it are marked
    ``django_db(transaction=True)``: pytest-django sets up the test database only for a run with database
    tests, and the journey's migrations must not run inside a test's transaction."""
    from django.test.utils import override_settings

    from amanat.tests import migration_journey as journey

    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            AMANAT_KEYS=TEST_KEYS,
            AMANAT_KEY_FILE=str(tmp_path_factory.getbasetemp() / "no-key-file.txt"),
        ),
    ):
        reset_keyring()
        try:
            return journey.run()
        finally:
            reset_keyring()


@pytest.fixture
def client():
    return Client2FA()


@pytest.fixture
def api():
    """The API client of the cast: its ``force_authenticate`` and ``force_login`` pass the second factor."""
    return APIClient2FA()


@pytest.fixture
def ngo(db):
    return OrganisationFactory(
        name_en="Women and Society",
        name_ru="Женщины и общество",
        country="TJ",
        region_id="TJ-SU",
        city="Chkalovsk",
    )


@pytest.fixture
def other_ngo(db):
    return OrganisationFactory(
        name_en="Human Rights Centre",
        name_ru="Центр по правам человека",
        country="TJ",
        region_id="TJ-SU",
        city="Khujand",
    )


@pytest.fixture
def iom_office(db):
    return OrganisationFactory(
        name_en="IOM Tajikistan",
        type=OrganisationType.INTERNATIONAL,
        country="TJ",
        region_id="TJ-DU",
        city="Dushanbe",
    )


@pytest.fixture
def caseworker(ngo):
    return user_with_role(Role.CASEWORKER, ngo, username="caseworker")


@pytest.fixture
def manager(ngo):
    return user_with_role(Role.MANAGER, ngo, username="manager")


@pytest.fixture
def hotline_operator(ngo):
    return user_with_role(Role.HOTLINE_OPERATOR, ngo, username="hotline")


@pytest.fixture
def shelter_staff(ngo):
    return user_with_role(Role.SHELTER_STAFF, ngo, username="shelter")


@pytest.fixture
def outsider(other_ngo):
    return user_with_role(Role.CASEWORKER, other_ngo, username="outsider")


@pytest.fixture
def coordinator(iom_office):
    return user_with_role(Role.COORDINATOR, iom_office, username="coordinator")


@pytest.fixture
def analyst(iom_office):
    return user_with_role(Role.ANALYST, iom_office, username="analyst")


@pytest.fixture
def judge(iom_office):
    return user_with_role(Role.JUDGE, iom_office, username="judge")


@pytest.fixture
def system_admin(iom_office):
    return user_with_role(Role.SYSTEM_ADMIN, iom_office, username="sysadmin")


@pytest.fixture
def cast(
    caseworker, manager, hotline_operator, shelter_staff, outsider, coordinator, analyst, judge, system_admin
):
    """Every member of the cast by fixture name, for role-matrix tests."""
    return {
        "caseworker": caseworker,
        "manager": manager,
        "hotline_operator": hotline_operator,
        "shelter_staff": shelter_staff,
        "outsider": outsider,
        "coordinator": coordinator,
        "analyst": analyst,
        "judge": judge,
        "system_admin": system_admin,
    }


# Browser tests: Debian's Chromium, driven by Playwright (its own browser downloads fail here).
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# A loaded CI machine serves the live server slowly; assertions wait up to 15 s, not Playwright's 5.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
