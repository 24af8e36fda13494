"""The one table that maps each role to its permissions.

Every permission check in Amanat asks Django's own question, ``user.has_perm(perm, obj)``;
``accounts.backends.RoleBackend`` answers it from this table and the user's memberships.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    MANAGER = "manager", _("NGO manager")
    CASEWORKER = "caseworker", _("Caseworker")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    SHELTER_STAFF = "shelter_staff", _("Shelter staff")
    COORDINATOR = "coordinator", _("Programme coordinator")
    ANALYST = "analyst", _("Regional analyst")
    JUDGE = "judge", _("Judge")
    # Not a person: an organisation's telephony system, which may only post call records (hotline).
    TELEPHONY = "telephony", _("Telephony integration")


class Scope(models.TextChoices):
    """How far a role's permissions reach beyond the membership's own organisation."""

    ORGANISATION = "organisation"  # objects of the membership's organisation only
    COUNTRY = "country"  # aggregates of the organisation's country, never personal data
    NETWORK = "network"  # every organisation (administration, regional aggregates)


ROLE_SCOPE = {
    Role.SYSTEM_ADMIN: Scope.NETWORK,
    Role.MANAGER: Scope.ORGANISATION,
    Role.CASEWORKER: Scope.ORGANISATION,
    Role.HOTLINE_OPERATOR: Scope.ORGANISATION,
    Role.SHELTER_STAFF: Scope.ORGANISATION,
    Role.COORDINATOR: Scope.COUNTRY,
    Role.ANALYST: Scope.NETWORK,
    Role.JUDGE: Scope.NETWORK,
    Role.TELEPHONY: Scope.ORGANISATION,
}

_CASE_READ = {
    "cases.view_case",
    # Every case of the organisation; the roles without it read only the cases granted to them.
    "cases.view_every_case",
    "cases.view_personal_data",
    "cases.view_victim",
    "cases.view_consent",
    "cases.view_service",
    "cases.view_referral",
    "cases.view_followup",
    "cases.view_assessment",
    "cases.view_note",
    "cases.view_attachment",
    "cases.view_story",
    "cases.view_screening",
}
_CASE_WORK = _CASE_READ | {
    "cases.add_case",
    "cases.change_case",
    "cases.close_case",
    "cases.add_consent",
    "cases.add_service",
    "cases.change_service",
    "cases.add_referral",
    "cases.answer_referral",
    "cases.transfer_case",
    "cases.change_followup",
    "cases.add_assessment",
    "cases.add_note",
    "cases.add_attachment",
    "cases.add_story",
}

# Shelters (issue 9): every NGO case role sees the network's bed board (counts only) and the shelters of
# its organisation; caseworkers request placements; shelter staff admit, discharge and answer requests
# for the shelters they work in; managers run the shelters and see every stay of their organisation.
_SHELTERS_BOARD = {"shelters.view_board", "shelters.view_shelter"}
_SHELTERS_REQUEST = {"shelters.add_placementrequest", "shelters.view_placementrequest"}
_SHELTERS_STAFF = _SHELTERS_BOARD | {
    "shelters.view_stay",
    "shelters.admit_resident",
    "shelters.view_placementrequest",
    "shelters.answer_placementrequest",
}
_SHELTERS_MANAGE = (
    _SHELTERS_STAFF
    | _SHELTERS_REQUEST
    | {
        "shelters.add_shelter",
        "shelters.change_shelter",
        "shelters.view_every_stay",
    }
)
# The hotline's contact log (issue 9): operators log the calls of the lines they answer; managers read
# every contact of the organisation and manage its lines.
_HOTLINE_OPERATOR = {
    "hotline.view_line",
    "hotline.view_contact",
    "hotline.add_contact",
    "hotline.change_contact",
    "hotline.view_callerflag",
    "hotline.flag_caller",
    # The knowledge base (operators write answers, a manager approves them) and the line's statistics.
    "hotline.view_answer",
    "hotline.add_answer",
    "hotline.view_statistics",
}
_HOTLINE_MANAGER = _HOTLINE_OPERATOR | {
    "hotline.view_every_contact",
    "hotline.manage_line",
    "hotline.approve_answer",
    "hotline.manage_telephony",
}

# Campaigns (issue 10): every NGO role reads its organisation's campaigns (an operator names the one a
# caller heard of); managers run them: activities, subscriber lists, gateways, the SMS policy, broadcasts.
_CAMPAIGNS_READ = {"campaigns.view_campaign", "campaigns.view_activity", "campaigns.view_material"}
_CAMPAIGNS_MANAGE = _CAMPAIGNS_READ | {
    "campaigns.add_campaign",
    "campaigns.change_campaign",
    "campaigns.add_activity",
    "campaigns.change_activity",
    "campaigns.add_material",
    "campaigns.view_reach",
    "campaigns.view_subscriberlist",
    "campaigns.add_subscriberlist",
    "campaigns.change_subscriberlist",
    "campaigns.view_subscriber",
    "campaigns.add_subscriber",
    "campaigns.view_subscriberimport",
    "campaigns.view_optout",
    "campaigns.add_optout",
    "campaigns.view_gateway",
    "campaigns.manage_gateway",
    "campaigns.view_smspolicy",
    "campaigns.change_smspolicy",
    "campaigns.view_broadcast",
    "campaigns.add_broadcast",
    "campaigns.send_broadcast",
    "campaigns.view_message",
    "campaigns.view_operatorprice",
    "campaigns.view_broadcasttext",
}

# Awards (issue 11): everyone in the network reads published calls, programmes and results. Managers
# write their organisation's entries; coordinators run competitions for their office and the national
# consultation of its country; judges score what their committee seat assigns them. Who reads which row
# beyond that (organisers, seats, chairs, conflicts) is decided in awards/models/scope.py.
_AWARDS_READ = {"awards.view_competition", "awards.view_slot", "awards.view_result"}
_AWARDS_ENTER = _AWARDS_READ | {
    "awards.view_nominee",
    "awards.view_entry",
    "awards.add_entry",
    "awards.change_entry",
    "awards.view_entryfile",
    "awards.add_entryfile",
}
_AWARDS_ORGANISE = _AWARDS_READ | {
    "awards.manage_competition",
    "awards.publish_results",
    "awards.run_consultation",
    "awards.view_consultation",
    "awards.view_nominee",
    "awards.add_nominee",
}
_AWARDS_JUDGE = _AWARDS_READ | {"awards.score_entry"}

PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(
        {
            "accounts.view_membership",
            "accounts.manage_users",
            "network.add_organisation",
            "network.change_organisation",
            "network.add_programme",
            "network.change_programme",
            "audit.view_auditentry",
            "audit.view_accesslogentry",
            "audit.view_history",
        }
    ),
    Role.MANAGER: frozenset(
        _CASE_WORK
        | _SHELTERS_MANAGE
        | {
            "accounts.view_membership",
            "accounts.manage_users",
            "network.change_organisation",
            "audit.view_auditentry",
            "audit.view_accesslogentry",
            "audit.view_history",
            "cases.approve_case",
            "cases.override_consent",
            "cases.assign_case",
            "cases.publish_story",
            # The organisation's own dashboard and donor reports (analytics.scope), at record level.
            "analytics.view_organisation_figures",
            # HTCDS spreadsheets in and out (exchange); personal fields only when asked for explicitly.
            "exchange.import_cases",
            "exchange.export_cases",
            "exchange.export_personal_data",
        }
        | _HOTLINE_MANAGER
        | _CAMPAIGNS_MANAGE
        | _AWARDS_ENTER
    ),
    Role.CASEWORKER: frozenset(
        _CASE_WORK | _SHELTERS_BOARD | _SHELTERS_REQUEST | {"hotline.view_answer"} | _CAMPAIGNS_READ
    ),
    Role.HOTLINE_OPERATOR: frozenset(
        {
            "cases.add_case",
            # A caller may stay anonymous: the hotline's short intake opens the case without a name.
            "cases.add_anonymous_case",
            "cases.view_case",
            "cases.view_personal_data",
            "cases.add_note",
            "cases.view_note",
        }
        | _HOTLINE_OPERATOR
        # A caller in danger tonight: the operator looks for a free place on the network's board.
        | _SHELTERS_BOARD
        # "I saw it on TV": the operator names the campaign the caller heard of.
        | _CAMPAIGNS_READ
    ),
    Role.SHELTER_STAFF: frozenset(
        {
            "cases.view_case",
            "cases.view_personal_data",
            "cases.add_service",
            "cases.view_service",
            "cases.add_note",
            "cases.view_note",
        }
        | _SHELTERS_STAFF
    ),
    Role.COORDINATOR: frozenset(
        {"analytics.view_aggregates", "network.view_programme_report", "exchange.view_reference_data"}
        | _AWARDS_ORGANISE
    ),
    Role.ANALYST: frozenset(
        {
            "analytics.view_aggregates",
            # The network's de-identified releases: the CTDC-format dataset, private tables, HXL.
            "exchange.export_deidentified",
            "exchange.release_private_tables",
            # The public CTDC global dataset, loaded beside the network's figures.
            "exchange.view_reference_data",
            "exchange.import_reference_data",
        }
        | _AWARDS_READ
    ),
    Role.JUDGE: frozenset(_AWARDS_JUDGE),
    # A telephony system's account: posts call records of its organisation's lines, nothing else.
    Role.TELEPHONY: frozenset({"hotline.add_call_record"}),
}

# Roles whose holders can read personal data: they must pass a second factor at every login.
PERSONAL_DATA_ROLES = frozenset(
    role for role, perms in PERMISSIONS.items() if "cases.view_personal_data" in perms
) | {Role.SYSTEM_ADMIN}

# Roles an NGO manager may grant inside their own organisation.
MANAGER_GRANTABLE_ROLES = (Role.MANAGER, Role.CASEWORKER, Role.HOTLINE_OPERATOR, Role.SHELTER_STAFF)


def role_permissions(role: str) -> frozenset[str]:
    return PERMISSIONS.get(role, frozenset())
