"""Reads for the home page and, later, the dashboards: counts of what the user may see.

Tenant rows are counted only through ``Model.objects.visible_to(user)``; organisations and
programmes are public reference data (the referral directory shows them to anyone).
"""

from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.roles import Role
from audit.models import AuditEntry
from awards.selectors import (
    competitions as award_competitions,
    entries as award_entries,
    judging as award_judging,
)
from cases import selectors as case_selectors
from cases.models.choices import Stage
from network.countries import CENTRAL_ASIA, country_name
from network.models import Organisation, Programme, ServiceType

NGO_ROLES = frozenset({Role.MANAGER, Role.CASEWORKER, Role.HOTLINE_OPERATOR, Role.SHELTER_STAFF})


class HomeCount(NamedTuple):
    label: str
    number: int
    url: str | None


def _url(name: str, **query) -> str | None:
    """The URL of a page, or None while the app that serves it is not wired yet."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


def home_counts(*, user, membership: Membership | None) -> list[HomeCount]:
    """What the home page counts for the role the user acts in now: (label, number, link or None).

    Each app adds its own counts here by role (the cases app: open cases, referrals waiting…)."""
    if membership is None:
        return []
    counts: list[HomeCount] = []
    if membership.role in NGO_ROLES:
        counts += case_counts(user=user)
        counts += organisation_counts(user=user, membership=membership)
        counts += network_counts(country=membership.organisation.country)
        counts += award_counts(user=user)
    elif membership.role == Role.SYSTEM_ADMIN:
        counts += administration_counts(user=user)
    elif membership.role == Role.COORDINATOR:
        counts += country_counts(country=membership.organisation.country)
        counts += award_counts(user=user)
    elif membership.role == Role.ANALYST:
        counts += region_counts()
    elif membership.role == Role.JUDGE:
        counts += award_counts(user=user)
    return counts


def case_counts(*, user) -> list[HomeCount]:
    """The day's work of an NGO role: open cases, the user's own, follow-ups, referrals and approvals."""
    if not user.has_perm("cases.view_case"):
        return []
    cases = (
        case_selectors.case_list(user=user)
        .exclude(stage=Stage.CLOSED)
        .aggregate(open=Count("pk"), mine=Count("pk", filter=Q(caseworker=user)))
    )
    counts = [
        HomeCount(_("Open cases"), cases["open"], _url("cases:case_list")),
        HomeCount(
            _("Open cases assigned to you"), cases["mine"], _url("cases:case_list", caseworker=user.pk)
        ),
    ]
    if user.has_perm("cases.view_followup"):
        due = case_selectors.followups_due(user=user).count()
        counts.append(HomeCount(_("Your follow-ups due this week"), due, _url("cases:followup_due_list")))
    if user.has_perm("cases.answer_referral"):
        waiting = case_selectors.referrals_incoming(user=user).count()
        counts.append(HomeCount(_("Referrals waiting for an answer"), waiting, _url("cases:referral_inbox")))
    if user.has_perm("cases.approve_case"):
        pending = case_selectors.approvals_pending(user=user).count()
        counts.append(HomeCount(_("Approvals waiting"), pending, _url("cases:approval_list")))
    return counts


def organisation_counts(*, user, membership: Membership) -> list[HomeCount]:
    """People and audit entries of the membership's organisation, for roles that may see them."""
    organisation = membership.organisation
    counts = []
    if user.has_perm("accounts.view_membership", organisation):
        people = (
            Membership.objects.visible_to(user)
            .filter(organisation=organisation, is_active=True)
            .values("user")
            .distinct()
            .count()
        )
        counts.append(HomeCount(_("People in your organisation"), people, _url("accounts:user_list")))
    if user.has_perm("audit.view_auditentry", organisation):
        entries = AuditEntry.objects.visible_to(user).filter(organisation=organisation).count()
        counts.append(HomeCount(_("Audit entries"), entries, _url("audit:entry_list")))
    return counts


def network_counts(*, country: str) -> list[HomeCount]:
    """The network around an NGO: organisations everywhere and in its country, services in its country."""
    organisations = Organisation.objects.public().aggregate(
        total=Count("pk"), in_country=Count("pk", filter=Q(country=country))
    )
    services = (
        ServiceType.objects.filter(organisations__is_active=True, organisations__country=country)
        .distinct()
        .count()
    )
    name = country_name(country)
    return [
        HomeCount(_("Organisations in the network"), organisations["total"], _url("network:directory")),
        HomeCount(
            _("Organisations in %(country)s") % {"country": name},
            organisations["in_country"],
            _url("network:directory", country=country),
        ),
        HomeCount(_("Kinds of service offered in %(country)s") % {"country": name}, services, None),
    ]


def administration_counts(*, user) -> list[HomeCount]:
    """A system administrator's overview: accounts, organisations (active or not) and audit entries."""
    # Users are not tenant rows; only the system administrator's home page counts them all.
    users = get_user_model().objects.filter(is_active=True).count()
    return [
        HomeCount(_("Active users"), users, _url("accounts:user_list")),
        HomeCount(_("Organisations"), Organisation.objects.count(), _url("network:organisation_list")),
        HomeCount(_("Audit entries"), AuditEntry.objects.visible_to(user).count(), _url("audit:entry_list")),
    ]


def award_counts(*, user) -> list[HomeCount]:
    """The awards' work waiting for the user: entries to write (managers), competitions to run
    (organisers), entries to score (judges)."""
    counts = []
    if user.has_perm("awards.add_entry"):
        waiting = award_entries.nominations_awaiting_entry(user=user).count()
        counts.append(HomeCount(_("Award entries to write"), waiting, _url("awards:entry_list")))
    if user.has_perm("awards.manage_competition"):
        running = award_competitions.competitions_run(user=user).count()
        counts.append(HomeCount(_("Competitions you run"), running, _url("awards:competition_list")))
    if user.has_perm("awards.score_entry"):
        to_score = award_judging.assignments_to_score(user=user).count()
        counts.append(HomeCount(_("Entries to score"), to_score, _url("awards:assignment_list")))
    return counts


def country_counts(*, country: str) -> list[HomeCount]:
    """A programme coordinator's country: its active organisations and the programmes working there."""
    name = country_name(country)
    organisations = Organisation.objects.public().filter(country=country).count()
    programmes = (
        Programme.objects.filter(Q(members__country=country) | Q(coordinator__country=country))
        .distinct()
        .count()
    )
    return [
        HomeCount(
            _("Organisations in %(country)s") % {"country": name},
            organisations,
            _url("network:directory", country=country),
        ),
        HomeCount(
            _("Programmes in %(country)s") % {"country": name}, programmes, _url("network:programme_list")
        ),
    ]


def region_counts() -> list[HomeCount]:
    """A regional analyst's overview: active organisations in each of the five republics."""
    by_country = dict(
        Organisation.objects.public()
        .filter(country__in=CENTRAL_ASIA)
        .values_list("country")
        .annotate(number=Count("pk"))
        .order_by()
    )
    return [
        HomeCount(
            _("Organisations in %(country)s") % {"country": country_name(code)},
            by_country.get(code, 0),
            _url("network:directory", country=code),
        )
        for code in CENTRAL_ASIA
    ]
