"""The network's duplicate check: is this person already known, and may the asker be told where?"""

import dataclasses
import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, Value

from audit.services import audit_record
from cases.models import Case, Victim, choices
from cases.models.base import sharing_consents
from cases.services.common import require_perm
from cases.services.notifications import case_notify, members_with_perm
from network.models import Organisation
from privacy.blind_index import blind_index_candidates


@dataclasses.dataclass(frozen=True)
class MatchCheck:
    """The answer of one duplicate check: never a name, and a case only of the asker's own organisation."""

    organisations: list[str]  # where a match may be named: the asker's own, or with the victim's consent
    elsewhere: bool  # a possible match the victim's consent does not allow naming to the asker
    limited: bool = False  # the hourly limit was reached: nothing was checked
    own_cases: list = dataclasses.field(default_factory=list)  # matching cases the asker may open
    asked: bool = False  # the managers of the unnamed matches were asked to make contact

    @property
    def matched(self) -> bool:
        return bool(self.organisations or self.elsewhere)


def _within_rate_limit(user) -> bool:
    """At most AMANAT_DUPLICATE_CHECKS_PER_HOUR checks per user and clock hour (Django's cache, so every
    web process counts together where the cache is shared, e.g. Redis)."""
    hour = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d%H")
    key = f"amanat:duplicate-checks:{user.pk}:{hour}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3600)
        count = 1
    return count <= settings.AMANAT_DUPLICATE_CHECKS_PER_HOUR


@transaction.atomic
def victim_match_check(
    *,
    by,
    organisation,
    given_name: str,
    family_name: str,
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
    ask: bool = True,
    excluding: Case | None = None,
) -> MatchCheck:
    """Ask the whole network whether this person is known, through the blind index only.

    A match at another organisation is named only where the matched victim's current consent allows
    sharing with ``organisation``; otherwise the answer says that a match exists in the network and,
    with ``ask``, the matched organisation's managers are notified to make contact (the notification
    names their own case code only; the intake checks as the names are typed without asking, and asks
    when the user chooses to). Matches in the asker's own organisation come with the cases the asker may
    open; ``excluding`` leaves out the case being edited. Rate-limited per user; every check writes an
    audit entry (who, when, whether it matched — no personal data), which is what the managers' page of
    duplicate checks reads."""
    require_perm(by, "cases.add_case", organisation)
    if not _within_rate_limit(by):
        audit_record(by=by, action="victim.match_limited", organisation=organisation)
        return MatchCheck(organisations=[], elsewhere=False, limited=True)
    candidates = blind_index_candidates(
        given_name=given_name, family_name=family_name, birth_date=birth_date, birth_year=birth_year
    )
    # unscoped: the duplicate check searches the whole network on purpose; the blind index reveals no
    # personal data and the answer names an organisation only where the victim's consent allows it.
    victims = Victim.unscoped.filter(blind_index__in=candidates)
    if excluding is not None:
        victims = victims.exclude(case_id=excluding.pk)
    matches = list(
        victims.annotate(to_organisation_id=Value(organisation.pk))
        .annotate(may_name=Exists(sharing_consents()))
        .values_list("case_id", "organisation_id", "may_name")
    )
    named_ids = {org for _case, org, may_name in matches if org == organisation.pk or may_name}
    unnamed_case_ids = {case for case, org, may_name in matches if org not in named_ids and not may_name}
    named = sorted(str(org) for org in Organisation.objects.filter(pk__in=named_ids))
    if ask:
        # unscoped: the matched cases are read to address their own organisation's managers, never shown.
        for case in Case.unscoped.filter(pk__in=unnamed_case_ids).select_related("organisation"):
            case_notify(
                recipients=members_with_perm(case.organisation, "cases.approve_case"),
                organisation=case.organisation,
                kind=choices.NotificationKind.POSSIBLE_MATCH,
                case=case,
            )
    unnamed = unnamed_case_ids
    own_case_ids = {case for case, org, _may_name in matches if org == organisation.pk}
    own_cases = (
        list(Case.objects.visible_to(by).filter(pk__in=own_case_ids).order_by("code")) if own_case_ids else []
    )
    audit_record(
        by=by,
        action="victim.match_checked",
        organisation=organisation,
        details={
            "matched": bool(named or unnamed),
            "named": len(named),
            "unnamed": len(unnamed),
            "asked": bool(ask and unnamed),
        },
    )
    return MatchCheck(
        organisations=named, elsewhere=bool(unnamed), own_cases=own_cases, asked=bool(ask and unnamed)
    )
