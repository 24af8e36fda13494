"""Demo users: one per role, in the seed scenario's organisations, with one shared password.

Users whose role can read personal data get a confirmed TOTP device with a fixed secret, so that
running ``load_demo`` twice changes nothing and the printed secrets stay valid.
"""

import base64
import hashlib

from django.contrib.auth.password_validation import validate_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import Membership, User
from accounts.roles import PERSONAL_DATA_ROLES, Role
from network import demo as network_demo

DEMO_PASSWORD = "silk-road-demo-2026"  # noqa: S105 - the published demo password, printed by load_demo
DEVICE_NAME = "Demo authenticator"

# (username, role, organisation's English name)
DEMO_USERS = [
    ("admin", Role.SYSTEM_ADMIN, network_demo.IOM_REGIONAL_OFFICE),
    ("manager", Role.MANAGER, network_demo.WOMEN_AND_SOCIETY),
    ("caseworker", Role.CASEWORKER, network_demo.WOMEN_AND_SOCIETY),
    ("shelter", Role.SHELTER_STAFF, network_demo.WOMEN_AND_SOCIETY),
    # Another NGO's hotline operator: the demo shows they cannot see the caseworker's victims.
    ("hotline", Role.HOTLINE_OPERATOR, network_demo.HUMAN_RIGHTS_CENTER),
    ("caseworker2", Role.CASEWORKER, network_demo.WOMEN_OF_THE_EAST),
    # In Kazakhstan: a cross-border referral from a Tajik or Uzbek NGO waits for this caseworker's answer.
    ("caseworker_kz", Role.CASEWORKER, network_demo.STEPPE_HOPE),
    ("coordinator", Role.COORDINATOR, network_demo.IOM_TAJIKISTAN),
    ("analyst", Role.ANALYST, network_demo.IOM_REGIONAL_OFFICE),
    ("judge", Role.JUDGE, network_demo.IOM_REGIONAL_OFFICE),
]


def demo_totp_key(username: str) -> str:
    """A fixed 20-byte TOTP secret (hex) per demo user: the same on every run and every machine."""
    return hashlib.sha256(f"amanat-demo-totp:{username}".encode()).digest()[:20].hex()


def _demo_user(username: str, role: str, organisation) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = services.user_create(
            by=None,
            organisation=organisation,
            role=role,
            username=username,
            email=f"{username}@demo.amanat.invalid",
            first_name="Demo",
            last_name=username.capitalize(),
        )
    # unscoped: the demo loader (a command) reads and writes across organisations on purpose.
    elif not Membership.unscoped.filter(
        user=user, organisation=organisation, role=role, is_active=True
    ).exists():
        services.membership_grant(by=None, user=user, organisation=organisation, role=role)
    user.set_password(DEMO_PASSWORD)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    return user


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def load() -> str:
    """Create or update the demo users, memberships and second factors; returns the login table."""
    validate_password(DEMO_PASSWORD)
    rows = [("username", "role", "organisation", "password", "two-factor (TOTP secret, base32)")]
    for username, role, organisation_name in DEMO_USERS:
        organisation = network_demo.organisation(organisation_name)
        user = _demo_user(username, role, organisation)
        two_factor = "-"
        if role in PERSONAL_DATA_ROLES:
            device, _ = TOTPDevice.objects.update_or_create(
                user=user,
                name=DEVICE_NAME,
                defaults={"key": demo_totp_key(username), "confirmed": True, "tolerance": 0, "drift": 0},
            )
            two_factor = base64.b32encode(device.bin_key).decode()
        rows.append((username, str(Role(role).label), organisation.name_en, DEMO_PASSWORD, two_factor))
    return (
        f"Demo users (password for all: {DEMO_PASSWORD}):\n{_table(rows)}\n"
        "Users with a TOTP secret must give a code at login: add the secret to an authenticator app, "
        "or run `python manage.py demo_otp <username>` to print the current code."
    )
