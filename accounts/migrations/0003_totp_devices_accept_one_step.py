"""Existing authenticator apps accept the current 30-second code only (issue 6: a code lived 90 s).

Devices were created with django-otp's default tolerance of one step either side and clock drift
following the codes; this sets both to 0 in batches. Backwards it changes nothing: the old
tolerance was a defect, not data to restore."""

from django.db import migrations

BATCH_SIZE = 1000


def totp_devices_accept_one_step(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    # unscoped: devices are not tenant rows; every device of every user is fixed.
    pending = TOTPDevice.objects.exclude(tolerance=0, drift=0)
    while True:
        batch = list(pending.values_list("pk", flat=True)[:BATCH_SIZE])
        if not batch:
            return
        TOTPDevice.objects.filter(pk__in=batch).update(tolerance=0, drift=0)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_signin_throttle"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(totp_devices_accept_one_step, migrations.RunPython.noop, elidable=True),
    ]
