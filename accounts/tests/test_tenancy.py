"""Every tenant model and every URL that names one stay inside the organisation (DESIGN.md: Tenancy).

Table-driven: models and routes are found, not listed, so a new model or view is checked the day it
is added. (a) every model of our apps with an ``organisation`` field answers ``visible_to(user)`` with
its own organisation's rows only, its change history too; (b) every URL that takes ``pk`` or ``<x>_pk``
answers 404 to a user holding every organisation role in ``ngo`` who asks for ``other_ngo``'s object,
and (c) does not answer 404 when the same user asks for ``ngo``'s own object, so that a view answering
404 to everybody cannot pass (b). A model or route the test cannot handle fails it with a message saying
what to add.
"""

from __future__ import annotations

import importlib
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.roles import ROLE_SCOPE, Role, Scope
from accounts.tests.factories import MembershipFactory, UserFactory, user_with_role
from analytics.tests.factories import attached_story, published_story
from awards.models import Competition
from awards.services.entries import entryfile_add
from awards.tests.factories import (
    AssignmentFactory,
    CompetitionFactory,
    EntryFactory,
    NomineeFactory,
    ScoreSheetFactory,
)
from campaigns.services.campaigns import material_add
from campaigns.tests.factories import CampaignFactory
from cases.services import attachment_add
from cases.tests.factories import (
    ReferralFactory,
    ScreeningFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)
from hotline.tests.factories import live_answer
from tenancy import UnscopedQueryError

# Models without an organisation of their own that URLs may name: reference data everyone may read.
NON_TENANT_MODELS = {
    "network.organisation": "the tenant itself: public reference data (directory, registry)",
    "network.programme": "funded programmes are public reference data joining organisations",
    "network.region": "ISO 3166-2 reference data",
    "exchange.privacybudget": "the network's privacy budget per dataset and year, no organisation's rows",
    "exchange.privaterelease": "network-wide noisy counts for analysts (test_private_tables)",
}
# URL names whose model cannot be derived from the name and the arguments: name → model label.
ROUTE_MODELS: dict[str, str] = {
    "cases:goal_achieve": "cases.reintegrationgoal",
    "cases:goal_drop": "cases.reintegrationgoal",
    "campaigns:operatorprice_add": "campaigns.gateway",  # a price is added to the gateway named by pk
    "campaigns:subscriber_create": "campaigns.subscriberlist",  # a number is added to the list named by pk
    "campaigns:subscriberimport_create": "campaigns.subscriberlist",  # an upload to the list named by pk
    # Judging: the committee, conflicts, assignments and the progress board of the competition named by pk.
    "awards:competition_committeemember_add": "awards.competition",
    "awards:competition_conflict_declare": "awards.competition",
    "awards:competition_assignments_generate": "awards.competition",
    "awards:competition_progress": "awards.competition",
    "awards:entry_assignment_add": "awards.entry",  # a judge is assigned to the entry named by pk
    # The forum's programme is the competition's, named by pk (awards, issue 11).
    "awards:competition_programme": "awards.competition",
    "awards:competition_programme_generate": "awards.competition",
    "awards:competition_programme_publish": "awards.competition",
    "awards:competition_slot_add": "awards.competition",  # a slot is added to the competition named by pk
    "analytics:report_settings": "network.programme",  # the donor report settings of the programme by pk
    "exchange:import_detail": "exchange.importrun",  # an HTCDS import's run, its report
    "exchange:import_status": "exchange.importrun",
    "exchange:import_confirm": "exchange.importrun",  # the real import of the dry run named by pk
}
# URL names not checked here, each with the reason and where it is tested instead.
UNCHECKED_ROUTES: dict[str, str] = {
    "accounts:passkey_delete": "a passkey is its owner's alone, not tenant data: another user's answers 404 "
    "(accounts/tests/test_passkeys.py::test_passkey_delete_of_another_users_passkey_answers_404)",
    "accounts:session_end": "a user's own session, no tenant row: anyone else's answers 404 "
    "(accounts/tests/test_sessions_and_tokens.py)",
    **{
        f"analytics:report_{action}": "a donor report is its requester's alone, not tenant data: anyone "
        "else's answers 404 (analytics/tests/test_donor_reports.py::test_a_report_is_its_requesters_alone)"
        for action in ("detail", "status", "download")
    },
}
UNCHECKED_NAMESPACES = {
    "admin": "Django's admin is for staff accounts only and no tenant model is registered in it",
}
# Models without an organisation field that are scoped through another table: how to make one
# that belongs to an organisation.
SCOPED_ROW_MAKERS = {
    # A user is seen through their memberships: another organisation's caseworker is out of scope.
    "accounts.user": lambda organisation: user_with_role(Role.CASEWORKER, organisation),
}
# Row fields a model needs for the user to see its own organisation's row (narrower sharing).
OWN_ROW_FIELDS = {
    "notifications.notification": lambda user: {"recipient": user},  # a notification is its recipient's alone
    "exchange.exportfile": lambda user: {"created_by": user},  # an export file is its creator's alone
}


# (c) Rows the own-object check asks for, made as the application makes them where a bare factory row is
# not what the route serves: route name or model label → maker(organisation, user), with the reason.
def _draft_case(organisation):
    case = VictimFactory(organisation=organisation).case
    case.is_draft = True
    case.save(update_fields=["is_draft"])
    return case


def _certified_entry(organisation):
    """An entry whose competition's results are published: only then does its certificate exist."""
    entry = EntryFactory(organisation=organisation)
    Competition.unscoped.filter(pk=entry.competition_id).update(results_published_at=timezone.now())
    return entry


def _case_with_sections(organisation):
    case = VictimFactory(organisation=organisation).case
    ScreeningFactory(organisation=organisation, case=case)
    TraffickingExperienceFactory(organisation=organisation, case=case)
    return case


def _own_sheet(organisation, user):
    # A judge's role is network-wide (all_roles_user holds none): the sheet's judge needs one to submit it.
    MembershipFactory(user=user, organisation=organisation, role=Role.JUDGE)
    return ScoreSheetFactory(
        organisation=organisation, assignment=AssignmentFactory(organisation=organisation, judge=user)
    )


def _export_file(organisation, user):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from exchange.tests.factories import ExportFileFactory

    export_file = ExportFileFactory(organisation=organisation, created_by=user)
    default_storage.save(export_file.storage_name, ContentFile(b"synthetic export file"))
    return export_file


OWN_ROW_MAKERS = {
    # The download opens the stored zip: only a created export file has one (its creator's alone).
    "exchange.exportfile": lambda organisation, user: _export_file(organisation, user),
    # The intake's steps are a draft's (a registered case's steps lead back to the case).
    **{
        f"cases:case_intake_{step}": lambda organisation, user: _draft_case(organisation)
        for step in ("person", "screening", "experience", "consent", "review")
    },
    # Every case has its victim (case_register); the personal data tab of a case without one is a 403.
    "cases.case": lambda organisation, user: VictimFactory(organisation=organisation).case,
    # A material's download decrypts the stored file too: only an uploaded material has one.
    # (uploaded by a manager: the role asking may be one that only reads materials).
    "campaigns.material": lambda organisation, user: material_add(
        campaign=CampaignFactory(organisation=organisation),
        by=user_with_role(Role.MANAGER, organisation),
        title="Poster",
        content=b"%PDF-1.4\n% synthetic test file\n",
        file_name="synthetic.pdf",
    ),
    # An entry file's download decrypts the stored file too: only an uploaded one has one.
    "awards.entryfile": lambda organisation, user: entryfile_add(
        entry=EntryFactory(organisation=organisation),
        by=user_with_role(Role.MANAGER, organisation),
        title="Slides",
        content=b"%PDF-1.4\n% synthetic test file\n",
        file_name="synthetic.pdf",
    ),
    # The download decrypts the stored file: only an uploaded attachment has one.
    "cases.attachment": lambda organisation, user: attachment_add(
        case=VictimFactory(organisation=organisation).case,
        by=user,
        content=b"%PDF-1.4\n% synthetic test file\n",
        file_name="synthetic.pdf",
    ),
    # A referral is answered by the organisation it is addressed to, not by the one that sent it.
    "cases:referral_accept": lambda organisation, user: ReferralFactory(to_organisation=organisation),
    "cases:referral_decline": lambda organisation, user: ReferralFactory(to_organisation=organisation),
    "api:referral-accept": lambda organisation, user: ReferralFactory(to_organisation=organisation),
    "api:referral-decline": lambda organisation, user: ReferralFactory(to_organisation=organisation),
    # The API reads live answers only: a bare factory answer is a draft.
    "api:answer-detail": lambda organisation, user: live_answer(organisation),
    # A nominee is withdrawn by the office whose consultation put it forward (its NGO only reads it).
    "awards:nominee_withdraw": lambda organisation, user: NomineeFactory(
        consultation__organisation=organisation
    ),
    # Their pk is the case's (a referral to a body outside Amanat, a follow-up added to the case).
    "cases:referral_external": lambda organisation, user: VictimFactory(organisation=organisation).case,
    "cases:followup_add": lambda organisation, user: VictimFactory(organisation=organisation).case,
    # Only a referral the organisation accepted can be completed by it.
    "cases:referral_complete": lambda organisation, user: ReferralFactory(
        to_organisation=organisation, status="accepted"
    ),
    "api:referral-complete": lambda organisation, user: ReferralFactory(
        to_organisation=organisation, status="accepted"
    ),
    # The section endpoints read the case's screening and experience, which every registered case has.
    **{
        f"api:case-section-{section}": lambda organisation, user: _case_with_sections(organisation)
        for section in ("screening", "experience", "events")
    },
    # The organiser assigns the judges of an entry of its own competition (a bare entry's competition is
    # another office's).
    "awards:entry_assignment_add": lambda organisation, user: EntryFactory(
        organisation=organisation, competition=CompetitionFactory(organisation=organisation)
    ),
    # awards (scoring): only the assigned judge scores (others 403), and a sheet's judge submits it.
    "awards:assignment_score": lambda organisation, user: AssignmentFactory(
        organisation=organisation, judge=user
    ),
    "api:scoresheet-submit": lambda organisation, user: _own_sheet(organisation, user),
    # The public winners page exists once the results are published (404 before).
    "awards:competition_winners": lambda organisation, user: CompetitionFactory(
        organisation=organisation, results_published_at=timezone.now()
    ),
}
OWN_ROW_MAKERS["awards:entry_certificate"] = lambda organisation, user: _certified_entry(organisation)
# analytics (stories beside figures): a published story under a current publication consent is attached,
# an attached one detached.
OWN_ROW_MAKERS["analytics:story_attach"] = lambda organisation, user: published_story(organisation)
OWN_ROW_MAKERS["analytics:story_detach"] = lambda organisation, user: attached_story(organisation).story
# Routes that (c) does not ask for their own organisation's object, each with the reason.
UNCHECKED_OWN_ROUTES: dict[str, str] = {
    "cases:case_intake_continue": "redirects to the draft's first step not saved yet (checked there)",
}


# Discovery -------------------------------------------------------------------------------------------


def project_app_configs():
    """Apps of INSTALLED_APPS whose code lives in this repository (so any future app is included)."""
    base_dir = Path(settings.BASE_DIR).resolve()
    for app_config in apps.get_app_configs():
        path = Path(app_config.path).resolve()
        if path.is_relative_to(base_dir) and ".venv" not in path.relative_to(base_dir).parts:
            yield app_config


def is_historical(model) -> bool:
    return hasattr(model, "instance_type") and hasattr(model, "history_id")


def has_organisation(model) -> bool:
    try:
        field = model._meta.get_field("organisation")
    except FieldDoesNotExist:
        return False
    return field.is_relation and field.related_model._meta.label_lower == "network.organisation"


def tenant_models() -> list[type[models.Model]]:
    return [
        model
        for app_config in project_app_configs()
        for model in app_config.get_models()
        if not model._meta.auto_created and has_organisation(model)
    ]


def factory_for(model):
    """``<Model>Factory`` from ``<app>/tests/factories.py``; a missing one fails with what to add."""
    module_name = f"{model._meta.app_config.name}.tests.factories"
    factory_name = f"{model.__name__}Factory"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        module = None
    factory = getattr(module, factory_name, None)
    if factory is None:
        pytest.fail(
            f"{model._meta.label} is tenant data but has no factory: add {factory_name} to "
            f"{module_name.replace('.', '/')}.py (it must accept organisation=…) so that "
            f"accounts/tests/test_tenancy.py can check that it stays inside its organisation."
        )
    return factory


def make_row(model, organisation, **fields):
    if model._meta.label_lower in SCOPED_ROW_MAKERS:
        return SCOPED_ROW_MAKERS[model._meta.label_lower](organisation)
    return factory_for(model)(organisation=organisation, **fields)


def all_roles_user(organisation):
    """A user holding every role that is not network-wide in ``organisation``."""
    user = UserFactory(username="every-role")
    for role in Role:
        if ROLE_SCOPE[role] != Scope.NETWORK:
            MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def _arg_names(pattern) -> set[str]:
    # A regex pattern (the API router's) has empty converters: its arguments are the named groups.
    return set(getattr(pattern, "converters", {})) | set(pattern.regex.groupindex)


def walk_routes(resolver=None, namespace="", args=frozenset()):
    """(URL name, argument names, view callback) of every named URL pattern, includes followed."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        entry_args = args | _arg_names(entry.pattern)
        if isinstance(entry, URLResolver):
            child_namespace = namespace
            if entry.namespace:
                child_namespace = f"{namespace}{entry.namespace}:"
            yield from walk_routes(entry, child_namespace, entry_args)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry_args, entry.callback


def is_pk_arg(name: str) -> bool:
    return name == "pk" or name.endswith("_pk")


def pk_routes() -> dict[str, tuple[frozenset[str], object]]:
    routes = {}
    for name, arg_names, callback in walk_routes():
        if "format" in arg_names:  # DRF's ".json" twin of a route that is checked without it
            continue
        if name.split(":")[0] in UNCHECKED_NAMESPACES or name in UNCHECKED_ROUTES:
            continue
        if any(is_pk_arg(arg) for arg in arg_names):
            routes.setdefault(name, (frozenset(arg_names), callback))
    return routes


def _project_models_by_name() -> dict[str, list[type[models.Model]]]:
    found: dict[str, list] = {}
    for app_config in project_app_configs():
        for model in app_config.get_models():
            if not is_historical(model):
                found.setdefault(model._meta.model_name, []).append(model)
    return found


def model_named(words: str, app_label: str | None):
    """'follow_up' / 'followup' / 'approval' → the model of that name, preferring ``app_label``."""
    by_name = _project_models_by_name()
    wanted = words.replace("_", "").lower()
    candidates = by_name.get(wanted) or [
        model for name, group in by_name.items() if name.startswith(wanted) for model in group
    ]
    in_app = [model for model in candidates if model._meta.app_label == app_label]
    chosen = in_app or candidates
    return chosen[0] if len(chosen) == 1 else None


def model_of_route(name: str, arg_names: frozenset[str], callback):
    """The model a route shows: ``ROUTE_MODELS``, the API viewset's queryset or serializer, else the
    convention ``<app>:<model>_<action>``; None when it cannot be told."""
    if name in ROUTE_MODELS:
        return apps.get_model(ROUTE_MODELS[name])
    viewset = getattr(callback, "cls", None)
    if viewset is not None and getattr(callback, "actions", None) is not None:
        queryset = getattr(viewset, "queryset", None)
        if queryset is not None:
            return queryset.model
        serializer = getattr(viewset, "serializer_class", None)
        meta = getattr(serializer, "Meta", None)
        if meta is not None and getattr(meta, "model", None) is not None:
            return meta.model
    namespace, _, url_name = name.rpartition(":")
    app_label = namespace.split(":")[-1] or None
    parts = url_name.replace("-", "_").split("_")
    for length in range(len(parts) - 1, 0, -1):
        model = model_named("".join(parts[:length]), app_label)
        if model is not None:
            return model
    return None


def _tenant_fk_target(obj):
    """The first object ``obj`` points to that is itself tenant data (a follow-up's case …)."""
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.name != "organisation" and has_organisation(field.related_model):
            return getattr(obj, field.name)
    return None


def route_kwargs(name, arg_names, model, obj, organisation) -> dict:
    """URL arguments naming ``obj`` and the objects it belongs to, all of ``organisation``."""
    kwargs = {}
    target_arg = next(
        (
            arg
            for arg in arg_names
            if arg.endswith("_pk") and model_named(arg[:-3], model._meta.app_label) is model
        ),
        "pk" if "pk" in arg_names else None,
    )
    for arg in arg_names:
        if arg == target_arg:
            value = obj
        elif arg == "pk":
            value = _tenant_fk_target(obj)
        elif arg.endswith("_pk"):
            value = getattr(obj, arg[:-3], None)
            if not isinstance(value, models.Model):
                related = model_named(arg[:-3], model._meta.app_label)
                value = make_row(related, organisation) if related is not None else None
        else:
            value = None
        if value is None and is_pk_arg(arg):
            pytest.fail(
                f"{name}: cannot tell which object its argument {arg!r} names; add it to ROUTE_MODELS."
            )
        kwargs[arg] = value.pk if isinstance(value, models.Model) else _placeholder(arg)
    return kwargs


def _placeholder(arg: str):
    return uuid.uuid4() if "uuid" in arg else 1


# (a) models ------------------------------------------------------------------------------------------

TENANT_MODELS = [model for model in tenant_models() if not is_historical(model)]
HISTORICAL_MODELS = [model for model in tenant_models() if is_historical(model)]


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda model: model._meta.label)
def test_tenant_model_visible_to_shows_own_organisation_rows_only(model, ngo, other_ngo):
    user = all_roles_user(ngo)
    own = make_row(model, ngo, **OWN_ROW_FIELDS.get(model._meta.label_lower, lambda user: {})(user))
    other = make_row(model, other_ngo)
    queryset = model._default_manager.all()

    assert hasattr(queryset, "visible_to"), (
        f"{model._meta.label} has an organisation but its default manager has no visible_to(user): "
        f"use objects = <QuerySet based on tenancy.TenantQuerySet>.as_manager()."
    )
    visible = queryset.visible_to(user)
    seen = (
        visible.filter(pk=own.pk).exists(),
        visible.filter(pk=other.pk).exists(),
        set(visible.values_list("organisation_id", flat=True)),
    )

    assert seen == (True, False, {ngo.pk}), (
        f"{model._meta.label}.objects.visible_to(user) of a user holding every organisation role in one "
        f"organisation: (own row seen, other organisation's row seen, organisations seen) = {seen}."
    )


@pytest.mark.parametrize("model", HISTORICAL_MODELS, ids=lambda model: model._meta.label)
def test_tenant_history_visible_to_shows_own_organisation_changes_only(model, ngo, other_ngo):
    user = all_roles_user(ngo)
    tracked = model.instance_type
    own = make_row(tracked, ngo, **OWN_ROW_FIELDS.get(tracked._meta.label_lower, lambda user: {})(user))
    other = make_row(tracked, other_ngo)
    manager = getattr(tracked, tracked._meta.simple_history_manager_attribute)

    assert hasattr(manager, "visible_to"), (
        f"{tracked._meta.label}'s history has no visible_to(user): "
        f"declare history = tenancy.tenant_history()."
    )
    visible = manager.visible_to(user)
    pk_name = tracked._meta.pk.attname
    seen = (
        visible.filter(**{pk_name: own.pk}).exists(),
        visible.filter(**{pk_name: other.pk}).exists(),
        set(visible.values_list("organisation_id", flat=True)),
    )

    assert seen == (True, False, {ngo.pk}), (
        f"{tracked._meta.label}.history.visible_to(user): (own change seen, other organisation's change "
        f"seen, organisations seen) = {seen}."
    )


# Unscoped queries of every tenant model and its history raise: ways of reaching the rows, each refused.
UNSCOPED_READS = {
    "iterate": lambda queryset: list(queryset),
    "get": lambda queryset: queryset.get(pk=1),
    "first": lambda queryset: queryset.first(),
    "count": lambda queryset: queryset.count(),
    "exists": lambda queryset: queryset.filter(pk=1).exists(),
    "aggregate": lambda queryset: queryset.aggregate(models.Count("pk")),
    "values_list": lambda queryset: list(queryset.values_list("pk", flat=True)),
    "update": lambda queryset: queryset.update(),
    "delete": lambda queryset: queryset.delete(),
    "subquery": lambda queryset: list(queryset.model.unscoped.filter(pk__in=queryset.values("pk"))),
}


@pytest.mark.parametrize("read", sorted(UNSCOPED_READS))
@pytest.mark.parametrize("model", TENANT_MODELS + HISTORICAL_MODELS, ids=lambda model: model._meta.label)
def test_tenant_model_default_manager_refuses_unscoped_query(model, read, ngo):
    make_row(model.instance_type if is_historical(model) else model, ngo)

    with pytest.raises(UnscopedQueryError) as refused:
        UNSCOPED_READS[read](model._default_manager.all())

    assert f"{model._meta.label} was queried without visible_to(user); use {model.__name__}.unscoped" in str(
        refused.value
    )


@pytest.mark.parametrize("model", TENANT_MODELS + HISTORICAL_MODELS, ids=lambda model: model._meta.label)
def test_tenant_model_unscoped_and_base_managers_read_every_organisation(model, ngo, other_ngo):
    tracked = model.instance_type if is_historical(model) else model
    make_row(tracked, ngo)
    make_row(tracked, other_ngo)

    assert hasattr(model, "unscoped"), (
        f"{model._meta.label} has no unscoped manager: add unscoped = <its QuerySet>.as_unscoped_manager() "
        f"(history: declare history = tenancy.tenant_history())."
    )
    seen = {
        "unscoped": set(model.unscoped.values_list("organisation_id", flat=True)),
        # Django's own related-object reads, cascades and refresh_from_db use the base manager.
        "base manager": set(model._base_manager.values_list("organisation_id", flat=True)),
        "none()": list(model._default_manager.none()),
    }

    assert seen == {"unscoped": {ngo.pk, other_ngo.pk}, "base manager": {ngo.pk, other_ngo.pk}, "none()": []}


# (b) URLs --------------------------------------------------------------------------------------------

PK_ROUTES = pk_routes()


@pytest.mark.parametrize("name", sorted(PK_ROUTES))
def test_route_with_pk_answers_404_for_another_organisation_object(client, name, ngo, other_ngo):
    arg_names, callback = PK_ROUTES[name]
    model = model_of_route(name, arg_names, callback)
    if model is None:
        pytest.fail(
            f"{name}: cannot tell which model it shows. Name it <app>:<model>_<action>, or add it to "
            f"ROUTE_MODELS in accounts/tests/test_tenancy.py."
        )
    if model._meta.label_lower in NON_TENANT_MODELS:
        return
    if not has_organisation(model) and model._meta.label_lower not in SCOPED_ROW_MAKERS:
        pytest.fail(
            f"{name} shows {model._meta.label}, which has no organisation field: make it tenant data or "
            f"add it to NON_TENANT_MODELS (or the route to UNCHECKED_ROUTES) with the reason."
        )
    client.force_login(all_roles_user(ngo))
    other = make_row(model, other_ngo)
    url = reverse(name, kwargs=route_kwargs(name, arg_names, model, other, other_ngo))

    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)

    assert response.status_code == 404, (
        f"{name} ({url}) answered {response.status_code} to a user of another organisation asking for "
        f"{model._meta.label} #{other.pk}: start from {model.__name__}.objects.visible_to(request.user) "
        f"so that it answers 404."
    )


def own_row(name, model, organisation, user):
    maker = OWN_ROW_MAKERS.get(name) or OWN_ROW_MAKERS.get(model._meta.label_lower)
    if maker is not None:
        return maker(organisation, user)
    return make_row(model, organisation, **OWN_ROW_FIELDS.get(model._meta.label_lower, lambda user: {})(user))


# What a route may answer a user of the object's organisation holding every organisation role: a page
# answers GET with 200; an action that takes POST only answers GET with 405 and an empty POST with
# 200 (the form again), 201 (an API action that records a new version), 302 (done, or refused with a
# message) or 400 (a bad request) — never 404.
POST_ANSWERS = {200, 201, 302, 400}


@pytest.mark.parametrize("name", sorted(set(PK_ROUTES) - set(UNCHECKED_OWN_ROUTES)))
def test_route_with_pk_does_not_answer_404_for_own_organisation_object(client, name, ngo, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    arg_names, callback = PK_ROUTES[name]
    model = model_of_route(name, arg_names, callback)
    assert model is not None, f"{name}: see test_route_with_pk_answers_404_for_another_organisation_object."
    if model._meta.label_lower in NON_TENANT_MODELS:
        return  # reference data: (b) does not ask for another organisation's either
    user = all_roles_user(ngo)
    client.force_login(user)
    own = own_row(name, model, ngo, user)
    url = reverse(name, kwargs=route_kwargs(name, arg_names, model, own, ngo))

    answers = [client.get(url).status_code]
    if answers == [405]:
        answers.append(client.post(url).status_code)

    assert answers in ([200], *([405, status] for status in POST_ANSWERS)), (
        f"{name} ({url}) answered {answers} (GET, then an empty POST if GET is not allowed) to a user "
        f"holding every role in the organisation of {model._meta.label} #{own.pk}: a page answers 200, an "
        f"action taking POST only answers 405 to GET and 200/302/400 to POST. A 404 here means the view "
        f"cannot find its own organisation's object (so its 404 to other organisations proves nothing); if "
        f"the route needs another kind of row, add a maker to OWN_ROW_MAKERS, else add it to "
        f"UNCHECKED_OWN_ROUTES with the reason."
    )


def test_tenancy_allow_lists_name_existing_models_and_routes():
    route_names = {name for name, _, _ in walk_routes()}
    stale = [
        *(
            label
            for label in [*NON_TENANT_MODELS, *OWN_ROW_FIELDS, *SCOPED_ROW_MAKERS]
            if label not in _all_labels()
        ),
        *(key for key in OWN_ROW_MAKERS if key not in _all_labels() and key not in route_names),
        *(
            name
            for name in [*ROUTE_MODELS, *UNCHECKED_ROUTES, *UNCHECKED_OWN_ROUTES]
            if name not in route_names
        ),
    ]

    assert stale == []


def _all_labels() -> set[str]:
    return {model._meta.label_lower for model in apps.get_models()}
