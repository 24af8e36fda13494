from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from accounts import selectors


class Command(BaseCommand):
    help = "Print the current two-factor code of a user's confirmed TOTP device (demo and development only)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, username, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("demo_otp reveals second factors; it runs only with DEBUG on (or --force).")
        user = get_user_model().objects.filter(username=username).first()
        device = selectors.totp_device_confirmed(user=user) if user is not None else None
        if device is None:
            raise CommandError("No confirmed TOTP device for this user name.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
