"""Tenancy that fails closed: the one module every tenant app builds its querysets on.

The organisation is the tenant. A tenant model carries ``organisation`` and declares::

    class Case(TenantModel, models.Model):
        organisation = organisation_fk()
        objects = CaseQuerySet.as_manager()             # refuses any query not narrowed by visible_to(user)
        unscoped = CaseQuerySet.as_unscoped_manager()   # commands, tasks, migrations, service internals
        history = tenant_history()

Reading rows through ``objects`` works only after ``visible_to(user)``: evaluating, counting, aggregating,
updating, deleting or using as a subquery (``pk__in=``) a queryset that did not go through it raises
``UnscopedQueryError``. ``Model.unscoped`` is the explicit way across organisations; every use carries a
``# unscoped: <why>`` comment. What stays allowed without either, and why:

- ``none()`` (an empty query reads nothing) and ``create()``/``bulk_create()`` (writing a row reads none).
- Related managers of a loaded tenant row (``case.consents.all()``, ``case.history.all()``): the parent
  row was itself loaded through scope (or ``unscoped``, with its reason), and the rows it reaches belong
  to it. A related manager whose parent is *not* a tenant row is refused: ``organisation.cases.all()`` on
  the public Organisation, or ``user.memberships.all()``, would list a whole organisation's rows.
- Django's own reads of related objects (``victim.case``, cascade deletes, ``refresh_from_db``,
  ``save()``) go through ``Model._base_manager``. It is deliberately *not* pointed at ``unscoped`` with
  ``Meta.base_manager_name``: Django's default base manager is already a plain, unscoped ``Manager``, and
  naming a manager there would have to be serialised into every migration (historical models only carry
  managers marked ``use_in_migrations``), tying migrations to this module. ``accounts/tests/
  test_tenancy.py`` checks that every tenant model's base manager reads without raising.
- Model validation's unique checks (``validate_unique``, ``validate_constraints``, used by ModelForms)
  ask Django's default manager whether a value is taken table-wide; ``TenantModel`` runs them as an
  explained internal read, since uniqueness is a property of the whole table.
- Migrations' historical models carry only a plain manager and are unaffected.

Why a flag on our own QuerySet rather than django-scopes (pretalx): django-scopes activates a scope for
a block of code (``with scope(event=…)``) and its managers filter on a named field; our scope is not one
field but a question about a user (``visible_to(user)``: the organisations where the user holds the
view permission, widened on cases by accepted referrals), already answered by one queryset method the
whole code base calls. A flag that only that method sets keeps one way in, needs no global state per
request or task, and lets related managers of a loaded row through, which django-scopes would refuse
outside a scope block. The limit, shared with django-scopes: a join from another model
(``Organisation.objects.filter(cases__…)``) or ``Exists()``/``Subquery()`` built from a queryset's SQL
never evaluates the tenant queryset; filters on joined tables go through that table's scope
(``network/filters.py`` shows the shape) and the tenancy test's filter rows hold them.

Which organisations a user may read is accounts' knowledge (memberships and the role table), and accounts
stands above this module: it registers the answer with ``register_permission_source`` when it is ready
(``accounts.apps``), so that audit, at the bottom, can declare tenant models without importing accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoricalQuerySet, HistoryManager
from simple_history.models import HistoricalRecords

ALL_ORGANISATIONS = None  # what a permission source returns when a network-wide role holds the permission
HISTORY_VIEW_PERMISSION = "audit.view_history"

PermissionSource = Callable[[object, str], "set[int] | None"]
_permission_source: PermissionSource | None = None
# Set only around Django's own table-wide reads (unique checks); never around application code.
_django_internal_read: ContextVar[bool] = ContextVar("tenancy_django_internal_read", default=False)


class UnscopedQueryError(Exception):
    """A tenant query reached the database without ``visible_to(user)``: a programming error (fail closed)."""


def register_permission_source(source: PermissionSource) -> None:
    """Name the function answering "which organisations' rows may this user read with this permission"."""
    global _permission_source
    _permission_source = source


def organisations_with_perm(user, perm: str) -> set[int] | None:
    """Ids of the organisations where ``user`` holds ``perm``; ``ALL_ORGANISATIONS`` for network roles."""
    if _permission_source is None:
        raise ImproperlyConfigured(
            "No tenancy permission source registered: is 'accounts' in INSTALLED_APPS?"
        )
    return _permission_source(user, perm)


def view_permission(model) -> str:
    return getattr(model, "tenant_view_permission", None) or (
        f"{model._meta.app_label}.view_{model._meta.model_name}"
    )


def is_tenant_model(model) -> bool:
    """True when the model's default manager is one of ours (it refuses unscoped queries)."""
    manager = model._meta.default_manager
    return manager is not None and issubclass(getattr(manager, "_queryset_class", object), TenantQuerySet)


@contextmanager
def django_internal_read():
    """Let Django's own checks (unique values) and simple-history's helpers read through ``objects``."""
    token = _django_internal_read.set(True)
    try:
        yield
    finally:
        _django_internal_read.reset(token)


class TenantQuerySet(models.QuerySet):
    """Rows of tenant data; reads only after ``visible_to(user)`` (or through ``Model.unscoped``)."""

    _tenancy_scoped = False

    @classmethod
    def as_unscoped_manager(cls):
        """The ``unscoped`` manager: the same methods, reading across organisations; say why at each use."""
        return UnscopedManager.from_queryset(cls)()

    def _clone(self):
        clone = super()._clone()
        clone._tenancy_scoped = self._tenancy_scoped
        return clone

    def _as_scoped(self):
        clone = self._chain()
        clone._tenancy_scoped = True
        return clone

    def view_permission(self) -> str:
        return view_permission(self.model)

    def shared_with(self, organisation_ids: set[int]) -> models.Q:
        """Rows the members of these organisations may read: their own. Wider sharing overrides this."""
        return models.Q(organisation_id__in=organisation_ids)

    def visible_to(self, user):
        """The rows of organisations where ``user`` holds the model's view permission (the one way in)."""
        organisation_ids = organisations_with_perm(user, self.view_permission())
        if organisation_ids is ALL_ORGANISATIONS:
            return self._as_scoped()
        return self.filter(self.shared_with(organisation_ids))._as_scoped()

    # The guard -------------------------------------------------------------------------------------

    def _parent_is_tenant_row(self) -> bool:
        # Related managers (case.consents, case.history) hint the instance they hang from.
        instance = self._hints.get("instance")
        return instance is not None and is_tenant_model(type(instance))

    def _check_scoped(self) -> None:
        if self._tenancy_scoped or self.query.is_empty() or _django_internal_read.get():
            return
        if self._parent_is_tenant_row():
            return
        label = self.model._meta.label
        name = self.model.__name__
        raise UnscopedQueryError(
            f"{label} was queried without visible_to(user); use {name}.unscoped for commands, tasks and "
            f"migrations and say why (# unscoped: <why>)."
        )

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scoped()
        super()._fetch_all()

    def _iterator(self, use_chunked_fetch, chunk_size):
        self._check_scoped()
        yield from super()._iterator(use_chunked_fetch, chunk_size)

    def count(self):
        if self._result_cache is None:
            self._check_scoped()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._check_scoped()
        return super().exists()

    def contains(self, obj):
        self._check_scoped()
        return super().contains(obj)

    def aggregate(self, *args, **kwargs):
        self._check_scoped()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._check_scoped()
        return super().update(**kwargs)

    update.alters_data = True

    def _update(self, values):
        self._check_scoped()
        return super()._update(values)

    def delete(self):
        self._check_scoped()
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def _raw_delete(self, using):
        self._check_scoped()
        return super()._raw_delete(using)

    def explain(self, *, format=None, **options):
        self._check_scoped()
        return super().explain(format=format, **options)

    def resolve_expression(self, *args, **kwargs):
        # Used as a subquery (``pk__in=Case.objects…``): the inner rows must be scoped too.
        self._check_scoped()
        return super().resolve_expression(*args, **kwargs)

    def _combinator_query(self, combinator, *other_qs, all=False):
        for other in other_qs:
            if isinstance(other, TenantQuerySet):
                other._check_scoped()
        return super()._combinator_query(combinator, *other_qs, all=all)


class UnscopedManager(models.Manager):
    """``Model.unscoped``: reads across organisations. Only for commands, tasks, migrations and the
    internals of services that must (each use with a ``# unscoped: <why>`` comment)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        queryset._tenancy_scoped = True
        return queryset


class TenantModel:
    """Mixin of every tenant model: Django's unique checks read the whole table (see the module docstring)."""

    def _perform_unique_checks(self, unique_checks):
        with django_internal_read():
            return super()._perform_unique_checks(unique_checks)

    def _perform_date_checks(self, date_checks):
        with django_internal_read():
            return super()._perform_date_checks(date_checks)

    def validate_constraints(self, exclude=None):
        with django_internal_read():
            return super().validate_constraints(exclude=exclude)


# Change history (django-simple-history) -------------------------------------------------------------


class TenantHistoricalQuerySet(TenantQuerySet, HistoricalQuerySet):
    """Change history of tenant rows, read by who holds ``audit.view_history`` in the organisation."""

    def view_permission(self) -> str:
        return HISTORY_VIEW_PERMISSION


class TenantHistoryManager(HistoryManager):
    """``Model.history``: a row's own history (``case.history``) is its related data; ``Case.history``
    across rows needs ``visible_to(user)``."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.instance is not None:
            queryset._add_hints(instance=self.instance)
        return queryset


class TenantHistoricalModel(models.Model):
    """Base of every tenant history model: its own ``objects`` refuses too, ``unscoped`` reads all."""

    objects = TenantHistoricalQuerySet.as_manager()
    unscoped = TenantHistoricalQuerySet.as_unscoped_manager()

    class Meta:
        abstract = True


class TenantHistoricalRecords(HistoricalRecords):
    """simple-history's records whose own helpers keep working: ``historical.instance`` (it re-reads the
    excluded fields of its one row by primary key), ``prev_record`` and ``next_record`` (the same record's
    other versions) read what a loaded historical row already names, like a related manager."""

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        for name in ("instance", "prev_record", "next_record"):
            extra[name] = property(_as_internal_read(extra[name].fget))
        return extra


def _as_internal_read(read):
    def wrapped(historical):
        with django_internal_read():
            return read(historical)

    return wrapped


def tenant_history(*excluded: str) -> HistoricalRecords:
    """The change history of a tenant model, scoped like the model itself."""
    return TenantHistoricalRecords(
        bases=[TenantHistoricalModel],
        history_manager=TenantHistoryManager,
        historical_queryset=TenantHistoricalQuerySet,
        excluded_fields=list(excluded),
    )


def organisation_fk(related_name: str = "+"):
    """The owning organisation of a tenant row (the Citus distribution key)."""
    return models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=_("organisation"),
    )
