from accounts.roles import PERSONAL_DATA_ROLES, Role


def test_personal_data_roles_are_the_ngo_roles_and_the_administrator():
    assert {
        Role.SYSTEM_ADMIN,
        Role.MANAGER,
        Role.CASEWORKER,
        Role.HOTLINE_OPERATOR,
        Role.SHELTER_STAFF,
    } == PERSONAL_DATA_ROLES


def test_caseworker_holds_case_permission_only_in_own_organisation(caseworker, ngo, other_ngo):
    assert caseworker.has_perm("cases.view_case", ngo) is True
    assert caseworker.has_perm("cases.view_case", other_ngo) is False


def test_coordinator_never_holds_personal_data_permission(coordinator, ngo):
    assert coordinator.has_perm("cases.view_personal_data", ngo) is False
    assert coordinator.has_perm("analytics.view_aggregates") is True
