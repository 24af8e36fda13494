"""Every page built so far reads entirely in Russian after switching language (the foundation issue).

Table-driven: every HTML page of the project is found by walking the URL patterns, opened in Russian
(the language cookie) by each role that can see it, with objects of the roles' organisation for its
arguments, and its visible text is searched for the English source text of every project message
(``*/locale/ru/LC_MESSAGES/django.po`` and the root ``locale/``). A page is also expected to be mostly
Cyrillic. A route that no role can open fails until it is given objects here or listed as not a page.
"""

from __future__ import annotations

import datetime
import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Membership
from accounts.tests.test_anonymous_access import ROUTES
from analytics.tests.factories import DonorReportFactory
from awards.tests.factories import (
    AssignmentFactory,
    CommitteeMemberFactory,
    CompetitionFactory,
    ConflictDeclarationFactory,
    ConsultationFactory,
    CriterionFactory,
    EntryFactory,
    EntryFileFactory,
    NominationFactory,
    NomineeFactory,
    SlotFactory,
)
from awards.tests.scoring_support import assign, entry_in, judging_competition, nomination_with_rubric
from campaigns.tests.factories import (
    ActivityFactory,
    BroadcastFactory,
    BroadcastTextFactory,
    CampaignFactory,
    GatewayFactory,
    SubscriberFactory,
    SubscriberImportFactory,
    SubscriberListFactory,
)
from cases import services
from cases.models import choices
from cases.tests.factories import (
    ApprovalRequestFactory,
    AttachmentFactory,
    CaseFactory,
    FollowUpFactory,
    ReferralFactory,
    StoryFactory,
)
from exchange.tests.factories import ImportRunFactory
from exchange.tests.private_factories import PrivateReleaseFactory
from hotline.tests.factories import AnswerVersionFactory, ContactFactory, LineFactory
from network.tests.factories import ProgrammeFactory
from notifications.tests.factories import NotificationFactory
from shelters.tests.factories import ShelterFactory, StayFactory

# None: an anonymous visitor; "before_two_factor": a caseworker signed in without the second factor yet.
ROLES = ["manager", "caseworker", "system_admin", "coordinator", "judge", "before_two_factor", None]
SHOWN_STATUSES = {200, 403, 404}  # error pages are pages too
NOT_PAGES = {
    "awards:competition_lock": "a POST that redirects to the results page with a message",
    "awards:competition_unlock": "a POST that redirects to the results page with a message",
    "awards:competition_publish_results": "a POST that redirects to the results page with a message",
    "cases:case_intake_register": "a POST that registers a draft and redirects to the case",
    "cases:intake_match_check": "an htmx POST answering a fragment beside the intake's name fields",
    "cases:intake_match_ask": "an htmx POST answering a fragment beside the intake's name fields",
    "healthz": "a JSON health check",
    "network:region_options": "the <option>s of a region select (region names come from ISO 3166-2)",
    "set_language": "redirects back to the page the language was chosen on",
    "accounts:logout": "a POST that redirects to the login page",
    "accounts:membership_switch": "a POST that redirects back",
    "accounts:membership_revoke": "a POST that redirects to the user's page",
    "accounts:user_signin_unlock": "a POST that redirects to the user's page",
    "accounts:user_sign_out": "a POST that redirects to the user's page",
    "accounts:session_end": "a POST that redirects to the sessions and tokens page",
    "accounts:token_revoke": "a POST that redirects to the sessions and tokens page",
    "accounts:sign_out_others": "a POST that redirects to the sessions and tokens page",
    "accounts:membership_grant_approve": "a POST that redirects to the role approvals",
    "accounts:membership_grant_decline": "a POST that redirects to the role approvals",
    "cases:attachment_download": "a file download",
    "campaigns:material_download": "a file download",
    "notifications:notification_open": "marks the notification read and redirects to its case",
    "cases:referral_withdraw": "a POST that redirects to the case's referrals",
    "hotline:contact_autosave": "an htmx POST answering the saved draft's status line",
    "hotline:contact_case_open": "a POST that redirects to the case's intake",
    "hotline:contact_case_link": "a POST that redirects to the contact",
    "hotline:contact_flag": "a POST that redirects to the contact",
    "hotline:callerflag_end": "a POST that redirects to the contact",
    "hotline:answer_search": "an htmx POST answering the knowledge panel's results (in Russian: "
    "hotline/tests/test_knowledge.py)",
    "hotline:answer_version_approve": "a POST that redirects to the answer",
    "hotline:telephony_account_create": "a POST that shows the new token once on the telephony page",
    "hotline:telephony_account_revoke": "a POST that redirects to the telephony page",
    "hotline:operator_extension_create": "a POST that redirects to the telephony page",
    "hotline:operator_extension_delete": "a POST that redirects to the telephony page",
    "shelters:placement_request_accept": "a POST that redirects to the admission form",
    "shelters:placement_request_decline": "a POST that redirects to the placement requests",
    "shelters:placement_request_withdraw": "a POST that redirects to the placement requests",
    "cases:story_review": "a POST that redirects to the case's story",
    "cases:referral_accept": "a POST that redirects to the referral inbox",
    "cases:referral_decline": "a POST that redirects to the referral inbox",
    "cases:case_stage": "a POST that redirects to the case",
    "cases:goal_achieve": "a POST that redirects to the case's reintegration",
    "cases:goal_drop": "a POST that redirects to the case's reintegration",
    "cases:approval_decide": "a POST that redirects to the approvals",
    "cases:case_search": "a POST that redirects to the case list (its error in Russian: "
    "cases/tests/test_case_search.py)",
    "cases:case_name_hide": "a POST that redirects to the case's personal data",
    "accounts:javascript_catalog": "a script (its Russian: accounts/tests/test_passkeys.py)",
    "accounts:passkey_register_begin": "a JSON step of the passkey ceremony",
    "accounts:passkey_register_complete": "a JSON step of the passkey ceremony",
    "accounts:passkey_verify_begin": "a JSON step of the passkey ceremony",
    "accounts:passkey_verify_complete": "a JSON step of the passkey ceremony",
    "accounts:passkey_delete": "a POST that redirects to the security page",
    "accounts:user_two_factor_reset": "a POST that redirects to the user's page",
    "accounts:recovery_codes_regenerate": "a POST; its page in Russian: "
    "accounts/tests/test_two_factor_russian.py",
    "accounts:two_factor_setup": "only a user without a second factor sees it; in Russian: "
    "accounts/tests/test_two_factor_russian.py",
    "campaigns:campaign_reach_csv": "a CSV download (its Russian: campaigns/tests/test_reach.py)",
    "campaigns:broadcast_start": "a POST that redirects to the broadcast (or back to its preview)",
    "campaigns:broadcast_pause": "a POST that redirects to the broadcast",
    "campaigns:broadcast_resume": "a POST that redirects to the broadcast",
    "campaigns:broadcast_cancel": "a POST that redirects to the broadcast",
    "campaigns:inbound_webhook": "a gateway's signed JSON webhook (POST only)",
    "campaigns:subscriber_remove": "a POST that redirects to the subscriber list",
    "awards:entry_submit": "a POST that redirects to the entry",
    "awards:entry_figures_refresh": "a POST that redirects to the entry",
    "awards:entryfile_download": "a file download",
    "awards:entryfile_remove": "a POST that redirects to the entry",
    "campaigns:subscriberimport_confirm": "a POST that redirects to the subscriber list",
    "campaigns:subscriberimport_cancel": "a POST that redirects to the subscriber list",
    "campaigns:delivery_webhook": "a gateway's signed JSON callback "
    "(campaigns/tests/test_delivery_reports.py)",
    "campaigns:gateway_secret": "a POST that shows the gateway page with the secret "
    "(campaigns/tests/test_gateway_pages.py)",
    "campaigns:operatorprice_add": "a POST that redirects to the gateway page",
    "campaigns:operatorprice_remove": "a POST that redirects to the gateway page",
    "awards:competition_committeemember_add": "a POST that redirects to the committee (its form errors: "
    "the committee page)",
    "awards:committeemember_remove": "a POST that redirects to the committee",
    "awards:competition_assignments_generate": "a POST that redirects to the progress board",
    "awards:assignment_remove": "a POST that redirects to the progress board",
    "awards:competition_publish": "a POST that redirects to the competition",
    "awards:nominee_withdraw": "a POST that redirects to the consultation",
    "awards:competition_programme_generate": "a POST that redirects to the programme",
    "awards:competition_programme_publish": "a POST that redirects to the programme",
    "awards:slot_remove": "a POST that redirects to the programme",
    "awards:entry_certificate": "a PDF download (its Russian: awards/tests/test_certificate_pdf.py)",
    "analytics:story_attach": "a POST that redirects to the stories beside figures",
    "analytics:story_detach": "a POST that redirects to the stories beside figures",
    "analytics:indicator_csv": "a CSV download (its Russian: analytics/tests/test_dashboard.py)",
    "analytics:report_download": "a PDF, XLSX or CSV download "
    "(its Russian: analytics/tests/test_donor_reports.py)",
    "exchange:exportfile_download": "a zip download, or the expired page "
    "(exchange/tests/test_export_files.py::test_an_expired_file_answers_410_and_is_deleted)",
    "exchange:ctdc_release_download": "a POST answering a ZIP download (its form's errors: the release page, "
    "exchange/tests/test_ctdc_release.py)",
    "exchange:import_confirm": "a POST that redirects to the import's page",
    "exchange:private_release_csv": "a CSV download (exchange/tests/test_private_tables.py)",
    "exchange:private_release_publish": "a POST that redirects to the release",
}
SKIPPED_NAMESPACES = ("api:", "admin:")
# Words of a message that are the same in both languages: a message made only of them is no leak.
SAME_IN_BOTH = re.compile(r"^[\W\d_]*(Amanat|HTCDS|ISO|API|OTP|TOTP|URL|E-?mail|ID|IOM|UN|NGO)?[\W\d_]*$")
PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>")
MIN_CYRILLIC_SHARE = 0.5


def po_entries(path: Path):
    """(msgid, msgstr) of a .po file: enough of the format for makemessages' own output."""
    entries, current, field = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?) "(.*)"$', line)
        if match:
            field = match.group(1).replace("[0]", "")
            if field == "msgctxt" or (field == "msgid" and "msgid" in current):
                if "msgid" in current:
                    entries.append(current)
                current = {}
            current[field] = match.group(2)
        elif line.startswith('"') and field:
            current[field] += line[1:-1]
        elif not line and "msgid" in current:
            entries.append(current)
            current, field = {}, None
    return [
        (_unescape(entry["msgid"]), _unescape(entry.get("msgstr", "")))
        for entry in entries
        if entry.get("msgid")
    ]


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


@functools.cache
def english_fragments() -> dict[str, str]:
    """Fragment of English source text (2+ words, placeholders cut out) → the message it comes from.
    Read once a run (the .po files do not change during one); callers only read it."""
    base = Path(settings.BASE_DIR)
    po_files = [
        path
        for path in base.glob("**/locale/ru/LC_MESSAGES/django.po")
        if ".venv" not in path.relative_to(base).parts
    ]
    fragments = {}
    for path in po_files:
        for msgid, msgstr in po_entries(path):
            if msgid == msgstr:
                continue
            for piece in PLACEHOLDER.split(msgid):
                piece = " ".join(piece.split()).strip(" .,:;()-–")
                if len(piece.split()) >= 2 and not SAME_IN_BOTH.match(piece) and re.search("[a-z]", piece):
                    fragments.setdefault(piece, msgid)
    return fragments


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes and the attributes shown to them, without scripts and styles."""

    SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        for name, value in attrs:
            if name in self.SHOWN_ATTRIBUTES and value:
                self.parts.append(value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button") and dict(attrs).get("value"):
            self.parts.append(dict(attrs)["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def cyrillic_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    return sum("\u0400" <= char <= "\u04ff" for char in letters) / max(len(letters), 1)


@functools.cache
def _fragment_pattern(fragment: str) -> re.Pattern:
    # Compiled once: there are more fragments than the re module's cache holds (512), so re.search
    # compiled each of them again for every page and role.
    return re.compile(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])", flags=re.IGNORECASE)


# The only characters outside ASCII that an IGNORECASE pattern matches to ASCII letters (the re docs).
_ASCII_LOOKALIKES = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})


def english_found(text: str, fragments: dict[str, str]) -> list[str]:
    # An ASCII fragment can only match where its lower case is in the text's (the look-alikes made
    # ASCII): that test is cheap, the pattern's search over the page for each of ~1,300 fragments is not.
    folded = text.translate(_ASCII_LOOKALIKES).lower()
    return sorted(
        fragment
        for fragment in fragments
        if (not fragment.isascii() or fragment.lower() in folded) and _fragment_pattern(fragment).search(text)
    )


@pytest.fixture
def objects(ngo, other_ngo, iom_office, caseworker, manager, outsider, judge):
    """One object of every kind a page names, all of ``ngo`` (the roles' organisation)."""
    case = services.case_register(
        by=caseworker,
        organisation=ngo,
        given_name="Gulnora",
        family_name="Rakhimova",
        birth_date=datetime.date(1994, 5, 17),
        sex="female",
        citizenship=["TJ"],
        mobile_phone="+992900000001",
    )
    incoming_case = CaseFactory(organisation=other_ngo)
    shelter = ShelterFactory(organisation=ngo)
    campaign = CampaignFactory(
        organisation=ngo,
        created_by=manager,
        name="Безопасная миграция",
        key_messages="Проверьте предложение о работе до отъезда.",
        channels=["tv", "event"],
    )
    broadcast = BroadcastFactory(organisation=ngo, name="Весенняя рассылка", campaign=campaign)
    BroadcastTextFactory(organisation=ngo, broadcast=broadcast)
    subscriber_list = SubscriberListFactory(organisation=ngo)
    base = {
        "case": case,
        "followup": FollowUpFactory(organisation=ngo, case=case),
        "attachment": AttachmentFactory(organisation=ngo, case=case),
        "story": StoryFactory(organisation=ngo, case=case, submitted_by=caseworker),
        "referral": ReferralFactory(organisation=ngo, case=case, requested_by=caseworker),
        "incoming_referral": ReferralFactory(
            organisation=other_ngo,
            case=incoming_case,
            to_organisation=ngo,
            status=choices.ReferralStatus.REQUESTED,
        ),
        "accepted_referral": ReferralFactory(
            organisation=other_ngo,
            case=incoming_case,
            to_organisation=ngo,
            status=choices.ReferralStatus.ACCEPTED,
        ),
        "approval": ApprovalRequestFactory(organisation=ngo, case=case, requested_by=caseworker),
        "notification": NotificationFactory(organisation=ngo, recipient=manager),
        "user": caseworker,
        "organisation": ngo,
        "programme": ProgrammeFactory(),
        "coordinated_programme": ProgrammeFactory(coordinator=iom_office),
        "donor_report": DonorReportFactory(
            requested_by=manager, membership=Membership.unscoped.get(user=manager)
        ),
        "shelter": shelter,
        "stay": StayFactory(organisation=ngo, shelter=shelter),
        "contact": ContactFactory(organisation=ngo),
        "answer": AnswerVersionFactory(organisation=ngo, created_by=caseworker).answer,
        "line": LineFactory(organisation=ngo),
        "broadcast": broadcast,
        "campaign": campaign,
        "activity": ActivityFactory(
            organisation=ngo,
            campaign=campaign,
            title="Ролик на телевидении",
            outlet="Телеканал «Пример»",
            estimate_source="Данные телеканала",
            created_by=manager,
        ),
        "subscriber_list": subscriber_list,
        "subscriber": SubscriberFactory(organisation=ngo, subscriber_list=subscriber_list),
        "subscriber_import": SubscriberImportFactory(organisation=ngo, subscriber_list=subscriber_list),
        "gateway": GatewayFactory(organisation=ngo),
        "import_run": ImportRunFactory(organisation=ngo, by=manager, file_name="дела.xlsx"),
        "private_release": PrivateReleaseFactory(by=manager),
        # An indicator's page (analytics: dashboards) names its indicator by key.
        "key": "victims_assisted",
        # A valid password reset link of a user the test never logs in (a login would spoil it).
        "uidb64": urlsafe_base64_encode(force_bytes(outsider.pk)),
        "token": default_token_generator.make_token(outsider),
    }
    return Objects(base, lambda: award_objects(ngo, other_ngo, iom_office, manager, judge))


AWARD_KEYS = frozenset(
    {"assignment", "competition", "committeemember", "nomination", "consultation", "entry", "entryfile"}
    | {"nominee", "slot"}
)


class Objects(dict):
    """The objects of the pages; the awards' are made only when a page asks for one of them (most pages
    never do, and they are many rows: every page's test would pay for them)."""

    def __init__(self, base: dict, make_awards):
        super().__init__(base)
        self._make_awards = make_awards

    def __missing__(self, key):
        if key in AWARD_KEYS and self._make_awards is not None:
            make, self._make_awards = self._make_awards, None
            self.update(make())
            return self[key]
        raise KeyError(key)

    def __contains__(self, key) -> bool:
        return key in AWARD_KEYS or super().__contains__(key)


def award_objects(ngo, other_ngo, iom_office, manager, judge) -> dict:
    """A published competition organised by ``iom_office`` with what its pages name, entries of ``ngo``."""
    competition = CompetitionFactory(
        organisation=iom_office,
        name_en="Best practice award",
        name_ru="Премия за лучшую практику",
        venue="Бишкек",
        published_at=timezone.now(),
    )
    # The judge chairs the committee, has declared a conflict and is assigned an entry of the NGO.
    committeemember = CommitteeMemberFactory(
        organisation=iom_office, competition=competition, judge=judge, is_chair=True, added_by=manager
    )
    ConflictDeclarationFactory(
        organisation=iom_office,
        competition=competition,
        judge=judge,
        with_organisation=other_ngo,
        reason="Бывший член правления.",
    )
    judged_entry = EntryFactory(
        organisation=ngo,
        competition=competition,
        title="Безопасное жильё",
        summary="Как приют работает с пострадавшими.",
        submitted_at=timezone.now(),
    )
    AssignmentFactory(organisation=iom_office, competition=competition, entry=judged_entry, judge=judge)
    # awards (scoring): the judge's assignment in a competition whose submission deadline has passed.
    judging = judging_competition(iom_office, name_en="Best practice award 2013", name_ru="Премия 2013 года")
    assignment = assign(
        entry_in(nomination_with_rubric(judging, weights=(2, 1)), ngo, title="Приют для пострадавших"), judge
    )
    nomination = NominationFactory(
        organisation=iom_office,
        competition=competition,
        name_en="Best shelter",
        name_ru="Лучший приют",
        description="Приюты для пострадавших.",
    )
    CriterionFactory(nomination=nomination, name_en="Results", name_ru="Результаты")
    consultation = ConsultationFactory(
        organisation=iom_office,
        competition=competition,
        country="TJ",
        place="Душанбе",
        other_participants="Министерство труда",
        notes="Обсудили номинации.",
    )
    consultation.participants.add(ngo)
    NomineeFactory(
        organisation=ngo, consultation=consultation, nomination=nomination, notes="Открыли второй приют."
    )
    shelter_nomination, hotline_nomination = (
        NominationFactory(organisation=iom_office, competition=competition, figure_sources=[source])
        for source in ("shelters", "hotline")
    )
    entry = EntryFactory(
        organisation=ngo,
        competition=competition,
        nomination=shelter_nomination,
        nominee__consultation__organisation=iom_office,
        title="Безопасный дом",
        summary="Как приют работает с пострадавшими от приёма до реинтеграции.",
        figures=[
            {"key": "shelters.places", "value": 12, "source": "shelters"},
            {"key": "shelters.occupancy_percent", "value": 81.5, "source": "shelters"},
        ],
        figures_from=timezone.localdate() - datetime.timedelta(days=365),
        figures_to=timezone.localdate(),
        figures_drawn_at=timezone.now(),
    )
    return {
        "assignment": assignment,
        "competition": competition,
        "committeemember": committeemember,
        "nomination": nomination,
        "consultation": consultation,
        "entry": entry,
        "entryfile": EntryFileFactory(organisation=ngo, entry=entry, title="Презентация"),
        # A nomination of the NGO still awaiting its entry.
        "nominee": NomineeFactory(
            organisation=ngo, nomination=hotline_nomination, consultation=entry.nominee.consultation
        ),
        "slot": SlotFactory(
            organisation=iom_office,
            competition=competition,
            day=competition.forum_starts_on,
            room="Зал А",
            title="Открытие форума",
        ),
    }


def route_kwargs(name: str, arg_names, objects) -> dict:
    app, _, url_name = name.rpartition(":")
    owner = {
        "cases": "case",
        "accounts": "user",
        "network": "programme" if url_name.startswith("programme") else "organisation",
        "shelters": "stay" if url_name.startswith("stay") else "shelter",
        "hotline": {"answer": "answer", "line": "line"}.get(url_name.partition("_")[0], "contact"),
        "campaigns": {
            "broadcast": "broadcast",
            "activity": "activity",
            "subscriberlist": "subscriber_list",
            "subscriber": "subscriber",
            "subscriberimport": "subscriber_import",
        }.get(url_name.partition("_")[0], "campaign"),
        # awards: the object a page names is the first word of its URL name (entry_detail → "entry").
        "awards": url_name.partition("_")[0] if url_name.partition("_")[0] in objects else "competition",
        "analytics": "donor_report",
        "exchange": "private_release",
    }.get(app)
    by_url_name = {
        "cases:approval_decide": "approval",
        "cases:referral_accept": "incoming_referral",
        "cases:referral_decline": "incoming_referral",
        "cases:referral_complete": "accepted_referral",
        "notifications:notification_open": "notification",
        "campaigns:subscriber_create": "subscriber_list",
        "campaigns:subscriberimport_create": "subscriber_list",
        "campaigns:gateway_update": "gateway",
        "analytics:report_settings": "coordinated_programme",
        "exchange:import_detail": "import_run",
        "exchange:import_status": "import_run",
    }
    kwargs = {}
    for arg in arg_names:
        key = by_url_name.get(name, owner) if arg == "pk" else arg.removesuffix("_pk")
        kwargs[arg] = getattr(objects[key], "pk", objects[key])
    return kwargs


PAGES = sorted(
    name
    for name in ROUTES
    if not name.startswith(SKIPPED_NAMESPACES) and name not in NOT_PAGES and "format" not in ROUTES[name]
)


@pytest.mark.parametrize("name", PAGES)
def test_page_reads_entirely_in_russian(client, cast, objects, name):
    url = reverse(name, kwargs=route_kwargs(name, ROUTES[name], objects))
    fragments = english_fragments()
    opened, leaks = [], {}

    for role in ROLES:
        client.logout()
        if role == "before_two_factor":
            Client.force_login(client, cast["caseworker"])  # the plain login, without the second factor
        elif role is not None:
            client.force_login(cast[role])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
        # A valid reset link redirects to its set-password form.
        response = client.get(url, follow=name == "accounts:password_reset_confirm")
        if response.status_code not in SHOWN_STATUSES or not response["Content-Type"].startswith("text/html"):
            continue
        opened.append(f"{role or 'anonymous'}: {response.status_code}")
        text = visible_text(response.content.decode())
        found = english_found(text, fragments)
        share = cyrillic_share(text)
        if found or share < MIN_CYRILLIC_SHARE:
            leaks[role or "anonymous"] = {"english": found, "cyrillic share": round(share, 2), "text": text}

    assert opened, f"{name} ({url}) opened for none of {ROLES}: give it objects here or list it in NOT_PAGES."
    assert leaks == {}, f"{name} ({url}) is not entirely in Russian: {leaks}"


def _tomorrow() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def _in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# Actions whose answer (form errors, flash messages) a Russian reader sees: role, URL name, object, data.
ACTIONS = {
    "intake with a birth date in the future": (
        "caseworker",
        "cases:case_create",
        None,
        {"given_name": "Malika", "family_name": "Sinteva", "birth_date": _tomorrow(), "then": "continue"},
    ),
    "intake with an unknown country": (
        "caseworker",
        "cases:case_create",
        None,
        {"given_name": "Malika", "family_name": "Sinteva", "citizenship": ["XX"], "then": "leave"},
    ),
    "case closed": ("manager", "cases:case_close", "case", {"reason": "reintegrated"}),
    "case close without a reason": ("manager", "cases:case_close", "case", {}),
    "stage changed": ("caseworker", "cases:case_stage", "case", {"stage": "assistance"}),
    "referral declined": ("manager", "cases:referral_decline", "incoming_referral", {"reason": "capacity"}),
    "competition timeline out of order": (
        "coordinator",
        "awards:competition_update",
        "competition",
        {
            "name_en": "Best practice award",
            "countries": ["TJ"],
            "call_opens_on": _in_days(-30),
            "consultations_close_on": _in_days(10),
            "submission_deadline": f"{_in_days(30)}T18:00",
            "judging_closes_on": _in_days(50),
            "forum_starts_on": _in_days(60),
            "forum_ends_on": _in_days(61),
            "results_on": _in_days(59),
            "figures_months": "12",
            "judges_per_entry": "3",
            "spread_threshold_percent": "30",
        },
    ),
    "password change with a wrong old password": (
        "caseworker",
        "accounts:password_change",
        None,
        {"old_password": "wrong", "new_password1": "short", "new_password2": "other"},
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_action_answers_in_russian(client, cast, objects, action):
    role, name, target, data = ACTIONS[action]
    url = reverse(name, args=[objects[target].pk] if target else [])
    client.force_login(cast[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = client.post(url, data, follow=True)

    text = visible_text(response.content.decode())
    assert (response.status_code, english_found(text, english_fragments())) == (200, []), text
    assert cyrillic_share(text) >= MIN_CYRILLIC_SHARE, text
    assert (
        response.redirect_chain
        or "errorlist" in response.content.decode()
        or "aria-invalid" in (response.content.decode())
    ), f"{action}: expected form errors or a redirect with a message, got {text}"


def test_not_pages_name_existing_routes():
    stale = [name for name in NOT_PAGES if name not in ROUTES]

    assert stale == []
