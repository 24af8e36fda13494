from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.core.exceptions import PermissionDenied

from accounts.roles import ROLE_SCOPE, Scope, role_permissions
from tenancy import ALL_ORGANISATIONS


def require_perm(user, perm: str, obj) -> None:
    """Services ask the one question, ``user.has_perm(perm, obj)``, and refuse with 403 (PermissionDenied)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def active_memberships(user) -> list[tuple[int, str]]:
    """(organisation_id, role) of the user's active memberships, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_amanat_memberships", None)
    if cached is None:
        from accounts.models import Membership

        cached = list(
            # unscoped: a user's own memberships are what every scope is computed from.
            Membership.unscoped.filter(user=user, is_active=True).values_list("organisation_id", "role")
        )
        user._amanat_memberships = cached
    return cached


def organisations_with_perm(user, perm: str) -> set[int] | None:
    """Ids of the organisations where ``user`` holds ``perm``; ``ALL_ORGANISATIONS`` for network roles.

    Registered as the tenancy permission source (``accounts.apps``); callers use ``tenancy``'s."""
    organisation_ids: set[int] = set()
    for organisation_id, role in active_memberships(user):
        if perm in role_permissions(role):
            if ROLE_SCOPE[role] == Scope.NETWORK:
                return ALL_ORGANISATIONS
            if ROLE_SCOPE[role] == Scope.ORGANISATION:
                organisation_ids.add(organisation_id)
    return organisation_ids


def member_organisations_with_perm(user, perm: str) -> set[int]:
    """Ids of the organisations whose own active membership grants ``user`` ``perm``, whatever the role's
    scope: where a coordinator acts for their own office (an awards organiser). Never every organisation,
    not even for a network-wide role."""
    return {
        organisation_id
        for organisation_id, role in active_memberships(user)
        if perm in role_permissions(role)
    }


def _organisation_id(obj) -> int | None:
    from network.models import Organisation

    if isinstance(obj, Organisation):
        return obj.pk
    return getattr(obj, "organisation_id", None)


class RoleBackend(ModelBackend):
    """Answers ``user.has_perm(perm, obj)`` from ``accounts.roles`` and the user's memberships.

    Without an object: does any active membership grant the permission? With one: does a
    membership in the object's organisation (or a network-wide role) grant it?
    Django's per-user and per-group permissions are not used.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active:
            return False
        memberships = active_memberships(user_obj)
        if obj is None:
            return any(perm in role_permissions(role) for _, role in memberships)
        organisation_id = _organisation_id(obj)
        for membership_organisation_id, role in memberships:
            if perm not in role_permissions(role):
                continue
            if ROLE_SCOPE[role] == Scope.NETWORK or membership_organisation_id == organisation_id:
                return True
        return False

    def has_module_perms(self, user_obj, app_label):
        return any(
            perm.startswith(f"{app_label}.")
            for _, role in active_memberships(user_obj)
            for perm in role_permissions(role)
        )

    def get_all_permissions(self, user_obj, obj=None):
        return set().union(*(role_permissions(role) for _, role in active_memberships(user_obj)))


class SignInThrottleBackend(BaseBackend):
    """First of the backends: a delayed account or address is refused before any password is checked.

    ``authenticate`` then stops and sends ``user_login_failed``, which is not counted while delayed
    (accounts/throttle.py); the throttle middleware answers 429 with Retry-After."""

    def authenticate(self, request, username=None, **credentials):
        from accounts import throttle

        if request is None:
            return None
        wait = throttle.signin_retry_after(request=request, username=username or "")
        if wait:
            request.amanat_retry_after = wait
            raise PermissionDenied
        return None

    def get_user(self, user_id):
        # Being first, this backend is the one test clients' force_login records in the session.
        return ModelBackend().get_user(user_id)
