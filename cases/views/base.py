"""What every case page shares: the case in the user's scope (404 outside it), the tabs the user may open,
and the header they are shown under."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from accounts.selectors import active_membership
from cases import selectors
from cases.models import Case, choices
from tenancy import organisations_with_perm

Section = choices.Section


class Tab:
    def __init__(self, url_name: str, label, perm: str, section: str | None = None, owner_only: bool = False):
        self.url_name, self.label, self.perm, self.section, self.owner_only = (
            url_name,
            label,
            perm,
            section,
            owner_only,
        )

    def allows(self, user, case: Case, sections: set[str]) -> bool:
        if user.has_perm(self.perm, case):
            return True  # a member of the owning organisation with the permission
        if self.owner_only or not user.has_perm(self.perm):
            return False
        return self.section is None or self.section in sections


TABS = [
    Tab("case_detail", _("Overview"), "cases.view_case"),
    Tab("case_personal", _("Personal data"), "cases.view_personal_data", Section.PERSONAL_DATA),
    Tab("case_screening", _("Screening"), "cases.view_screening", Section.SCREENING),
    Tab("case_experience", _("Experience"), "cases.view_case", Section.EXPERIENCE),
    Tab("case_consent", _("Consent"), "cases.view_consent", owner_only=True),
    Tab("case_services", _("Services"), "cases.view_service", Section.SERVICES),
    Tab("case_referrals", _("Referrals"), "cases.view_referral"),
    Tab("case_reintegration", _("Reintegration"), "cases.view_followup", Section.REINTEGRATION),
    Tab("case_notes", _("Notes"), "cases.view_note", Section.NOTES),
    Tab("case_attachments", _("Attachments"), "cases.view_attachment", Section.ATTACHMENTS),
    Tab("case_story", _("Story"), "cases.view_story", owner_only=True),
    Tab("case_history", pgettext_lazy("case tab", "History"), "cases.view_case", owner_only=True),
]
TABS_BY_NAME = {tab.url_name: tab for tab in TABS}


def require_case_access(user) -> None:
    """Roles that never work on cases (coordinators, judges …) get 403 on every case page."""
    if not user.has_perm("cases.view_case"):
        raise PermissionDenied


def case_for(request, pk: int, perm: str | None = None) -> Case:
    """The case if it is in the user's scope (else 404); 403 without ``perm`` on it."""
    require_case_access(request.user)
    case = get_object_or_404(selectors.case_list(user=request.user), pk=pk)
    if perm is not None and not request.user.has_perm(perm, case):
        raise PermissionDenied
    return case


def case_tab(request, pk: int, tab_name: str) -> tuple[Case, dict]:
    """The case and the header context of one tab; 404 for a section not shared with the user."""
    case = case_for(request, pk)
    user = request.user
    sections = selectors.case_shared_sections(user=user, case=case)
    tab = TABS_BY_NAME[tab_name]
    if not tab.allows(user, case, sections):
        if tab.section is not None and tab.section not in sections and user.has_perm(tab.perm):
            raise Http404  # a section never shared with this organisation is out of scope
        raise PermissionDenied
    tabs = [
        {"url_name": f"cases:{t.url_name}", "label": t.label, "current": t is tab}
        for t in TABS
        if t.allows(user, case, sections)
    ]
    return case, {"case": case, "tabs": tabs, "is_owner": user.has_perm("cases.view_case", case)}


def acting_organisation(request, perm: str):
    """The organisation the user acts for with ``perm``: the active membership's, else the first one."""
    organisation_ids = organisations_with_perm(request.user, perm)
    membership = active_membership(request)
    if membership is not None and request.user.has_perm(perm, membership.organisation):
        return membership.organisation
    from network.models import Organisation

    if organisation_ids:
        return Organisation.objects.get(pk=min(organisation_ids))
    raise PermissionDenied
