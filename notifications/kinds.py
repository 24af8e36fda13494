"""The kinds of notification, registered by the modules that send them.

A module names its kinds once (``register``) with a label and a message taking ``%(subject)s`` (a record's
code, never personal data) and, where it says who acted, ``%(actor)s`` (an organisation's name),
so that this app knows no domain and every module can notify a user."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    message: str | Promise  # "%(subject)s": the notification's subject; "%(actor)s": who acted


_KINDS: dict[str, Kind] = {}


def register(code: str, *, label, message) -> Kind:
    """Declare a kind (at import of the sending module's ``notifications`` declarations)."""
    kind = Kind(code=code, label=label, message=message)
    _KINDS[code] = kind
    return kind


def get(code: str) -> Kind:
    """The registered kind; a LookupError names what to register (a kind is never shown unlabelled)."""
    try:
        return _KINDS[code]
    except KeyError:
        raise LookupError(
            f"Notification kind {code!r} is not registered: call notifications.kinds.register()."
        ) from None


def codes() -> list[str]:
    return sorted(_KINDS)
