"""Tenancy fails closed without breaking what Django and its libraries do with tenant rows (tenancy module).

Each test walks one path that reads tenant rows without ``visible_to(user)`` on purpose: related managers
of a loaded tenant row, forward relations, cascades, ``refresh_from_db``, ``get_or_create``, unique checks,
serializers, factories and simple-history. The paths that must stay refused are next to them."""

import datetime

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from accounts.models import Membership
from accounts.roles import Role
from accounts.tests.factories import MembershipFactory, UserFactory
from cases.models import Case, Consent, Victim
from cases.tests.factories import CaseFactory, ConsentFactory, VictimFactory
from notifications.models import Notification
from notifications.tests.factories import NotificationFactory
from tenancy import UnscopedQueryError


def test_related_manager_of_a_loaded_tenant_row_reads_its_rows(ngo, caseworker):
    case = CaseFactory(organisation=ngo)
    consent = ConsentFactory(organisation=ngo, case=case)
    ConsentFactory(organisation=ngo, case=CaseFactory(organisation=ngo))
    loaded = Case.objects.visible_to(caseworker).get(pk=case.pk)

    consents = list(loaded.consents.all())
    counted = loaded.consents.filter(purpose=consent.purpose).count()
    history = loaded.history.count()

    assert (consents, counted, history) == ([consent], 1, 1)


def test_related_manager_of_organisation_or_user_is_refused(ngo, caseworker):
    CaseFactory(organisation=ngo)

    with pytest.raises(UnscopedQueryError, match=r"cases\.Case was queried without visible_to"):
        list(ngo.cases.all())
    with pytest.raises(UnscopedQueryError, match=r"accounts\.Membership was queried without visible_to"):
        caseworker.memberships.count()


def test_class_level_history_is_refused_and_scoped_history_reads(ngo, manager):
    CaseFactory(organisation=ngo)

    with pytest.raises(UnscopedQueryError):
        Case.history.count()

    assert Case.history.visible_to(manager).count() == 1


def test_prefetch_of_a_related_manager_from_scoped_rows_reads(ngo, caseworker):
    case = CaseFactory(organisation=ngo)
    consent = ConsentFactory(organisation=ngo, case=case)
    seen = Prefetch("consents", queryset=Consent.objects.visible_to(caseworker), to_attr="seen")

    cases = list(Case.objects.visible_to(caseworker).prefetch_related("consents"))
    scoped = Case.objects.visible_to(caseworker).prefetch_related(seen).get(pk=case.pk).seen
    prefetched = list(cases[0].consents.all())

    assert (prefetched, scoped) == ([consent], [consent])


def test_forward_relation_and_refresh_from_db_use_the_base_manager(ngo):
    victim = VictimFactory(organisation=ngo)
    loaded = Victim.unscoped.get(pk=victim.pk)  # unscoped: a test arranging a row

    case = loaded.case
    loaded.refresh_from_db()
    reverse_one_to_one = Case.unscoped.get(pk=case.pk).victim  # unscoped: a test arranging a row

    assert (case.pk, loaded.given_name, reverse_one_to_one.pk) == (
        victim.case_id,
        victim.given_name,
        victim.pk,
    )


def test_cascade_delete_of_a_user_removes_their_notifications(ngo):
    user = UserFactory()
    NotificationFactory(organisation=ngo, recipient=user)

    user.delete()

    assert Notification.unscoped.count() == 0


def test_get_or_create_works_scoped_and_unscoped(ngo, manager):
    user = UserFactory()

    created = Membership.unscoped.get_or_create(user=user, organisation=ngo, role=Role.CASEWORKER)[1]
    found = Membership.objects.visible_to(manager).get_or_create(
        user=user, organisation=ngo, role=Role.CASEWORKER
    )

    assert (created, found[1], found[0].user) == (True, False, user)


def test_unique_checks_of_model_validation_read_the_whole_table(ngo):
    existing = MembershipFactory(organisation=ngo, role=Role.CASEWORKER)
    duplicate = Membership(user=existing.user, organisation=ngo, role=Role.CASEWORKER)
    code_taken = Case(
        organisation=ngo, code=CaseFactory(organisation=ngo).code, registered_on=datetime.date(2026, 1, 2)
    )

    with pytest.raises(ValidationError) as constraint:
        duplicate.validate_constraints()
    with pytest.raises(ValidationError) as unique:
        code_taken.full_clean()

    assert list(constraint.value.message_dict) == ["__all__"]
    assert "code" in unique.value.message_dict


def test_serializers_dump_and_load_tenant_rows(ngo):
    case = CaseFactory(organisation=ngo)
    dumped = serializers.serialize("json", [case])
    Case.unscoped.filter(pk=case.pk).delete()  # unscoped: a test removing its own row

    for restored in serializers.deserialize("json", dumped):
        restored.save()

    assert Case.unscoped.get(pk=case.pk).code == case.code


def test_factories_use_the_unscoped_manager_for_get_or_create(ngo):
    class CaseByCodeFactory(CaseFactory):
        class Meta:
            django_get_or_create = ("code",)

    first = CaseByCodeFactory(organisation=ngo, code="TJ-2026-777777")
    again = CaseByCodeFactory(organisation=ngo, code="TJ-2026-777777")

    assert first.pk == again.pk


def test_history_instance_prev_and_next_records_read(ngo):
    case = CaseFactory(organisation=ngo)  # Case's history leaves out updated_at: .instance re-reads it
    case.stage = "assessment"
    case.save(update_fields=["stage"])
    first, second = case.history.order_by("history_date")

    assert (first.next_record, second.prev_record, second.instance.stage) == (second, first, "assessment")
