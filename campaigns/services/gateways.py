"""Gateway settings (managers): an organisation's ways out for SMS, their credentials and prices."""

from __future__ import annotations

from django.db import transaction

from accounts.backends import require_perm
from audit.services import audit_record
from campaigns.models import Gateway, OperatorPrice

MANAGE = "campaigns.manage_gateway"
SETTINGS = ("name", "backend", "url", "host", "port", "username", "sender", "rate_limit", "timeout_seconds")


@transaction.atomic
def gateway_create(*, organisation, by, password: str = "", **fields) -> Gateway:
    """A new gateway of ``organisation``; the audit entry names the back-end, never a credential."""
    require_perm(by, MANAGE, Gateway(organisation=organisation))
    gateway = Gateway(organisation=organisation, password=password, **fields)
    gateway.save()
    audit_record(by=by, action="gateway.created", obj=gateway, details={"backend": gateway.backend})
    return gateway


@transaction.atomic
def gateway_update(*, gateway: Gateway, by, password: str = "", **fields) -> Gateway:
    """Change the settings; an empty ``password`` keeps the current one (it is never shown again)."""
    require_perm(by, MANAGE, gateway)
    changed = [name for name, value in fields.items() if getattr(gateway, name) != value]
    for name, value in fields.items():
        setattr(gateway, name, value)
    if password:
        gateway.password = password
        changed.append("password")
    gateway.save()
    audit_record(by=by, action="gateway.updated", obj=gateway, details={"changed": sorted(changed)})
    return gateway


@transaction.atomic
def gateway_secret_reveal(*, gateway: Gateway, by) -> str:
    """The webhook secret, for the manager to configure the gateway's callbacks (audited)."""
    require_perm(by, MANAGE, gateway)
    audit_record(by=by, action="gateway.secret_revealed", obj=gateway)
    return gateway.webhook_secret


@transaction.atomic
def operatorprice_add(*, gateway: Gateway, by, **fields) -> OperatorPrice:
    require_perm(by, MANAGE, gateway)
    price = OperatorPrice.unscoped.create(organisation=gateway.organisation, gateway=gateway, **fields)
    audit_record(by=by, action="gateway.price_added", obj=gateway, details={"prefix": price.prefix})
    return price


@transaction.atomic
def operatorprice_remove(*, price: OperatorPrice, by) -> None:
    require_perm(by, MANAGE, price.gateway)
    audit_record(by=by, action="gateway.price_removed", obj=price.gateway, details={"prefix": price.prefix})
    price.delete()
