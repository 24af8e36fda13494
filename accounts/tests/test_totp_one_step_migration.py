import importlib

from django.apps import apps
from django_otp.plugins.otp_totp.models import TOTPDevice

migration = importlib.import_module("accounts.migrations.0003_totp_devices_accept_one_step")


def test_totp_migration_sets_every_existing_device_to_one_step_without_drift(
    caseworker, manager, monkeypatch
):
    """V6.5.5: devices made before the fix accepted the neighbouring 30 s steps (90 s per code)."""
    monkeypatch.setattr(migration, "BATCH_SIZE", 2)
    [TOTPDevice.objects.create(user=caseworker, name=f"old {n}", tolerance=1, drift=n - 1) for n in range(3)]
    TOTPDevice.objects.create(user=manager, name="new", tolerance=0, drift=0)

    migration.totp_devices_accept_one_step(apps, None)

    assert list(TOTPDevice.objects.order_by("pk").values_list("tolerance", "drift")) == [(0, 0)] * 4
