"""The one way to read tenant rows: ``Model.objects.visible_to(user)``.

A tenant row carries ``organisation_id``. ``visible_to`` keeps the rows of the organisations
where the user holds the model's view permission (``<app>.view_<model>`` unless the model names
another in ``tenant_view_permission``). Models whose sharing is wider override it.
"""

from __future__ import annotations

from django.db import models

from accounts.roles import ROLE_SCOPE, Scope, role_permissions

ALL_ORGANISATIONS = None  # returned when a network-wide role holds the permission


def active_memberships(user) -> list[tuple[int, str]]:
    """(organisation_id, role) of the user's active memberships, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_amanat_memberships", None)
    if cached is None:
        from accounts.models import Membership

        # Memberships are the user's own rows: reading them here is what scoping is built on.
        cached = list(
            Membership.objects.filter(user=user, is_active=True).values_list("organisation_id", "role")
        )
        user._amanat_memberships = cached
    return cached


def organisations_with_perm(user, perm: str) -> set[int] | None:
    """Ids of the organisations where ``user`` holds ``perm``; ``ALL_ORGANISATIONS`` for network roles."""
    organisation_ids: set[int] = set()
    for organisation_id, role in active_memberships(user):
        if perm in role_permissions(role):
            if ROLE_SCOPE[role] == Scope.NETWORK:
                return ALL_ORGANISATIONS
            if ROLE_SCOPE[role] == Scope.ORGANISATION:
                organisation_ids.add(organisation_id)
    return organisation_ids


def view_permission(model) -> str:
    return getattr(model, "tenant_view_permission", None) or (
        f"{model._meta.app_label}.view_{model._meta.model_name}"
    )


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        organisation_ids = organisations_with_perm(user, view_permission(self.model))
        if organisation_ids is ALL_ORGANISATIONS:
            return self.all()
        return self.filter(organisation_id__in=organisation_ids)
