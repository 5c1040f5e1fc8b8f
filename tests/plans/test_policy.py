from types import SimpleNamespace

import pytest

from plans.accounts.policy import Permission, can, organisation_ids_in_scope

EVERY = list(Permission)


@pytest.fixture
def orgs(factories):
    return factories.organisation(region="Noord-Holland Noord"), factories.organisation(region="Zeeland")


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("bestuurder", {"view_organisation", "read_plans", "edit_plans", "manage_team", "sign", "download",
                         "give_levels", "settle_levels"}),
        ("redacteur", {"view_organisation", "read_plans", "edit_plans", "download"}),
        ("beoordelaar", {"view_organisation", "read_plans", "review", "download"}),
        ("coach", {"view_organisation", "read_plans", "download"}),
    ],
)
def test_permissions_per_role(factories, orgs, role, allowed):
    home, away = orgs
    if role in ("bestuurder", "redacteur"):
        user = factories.member(home, role)
    else:
        user = factories.assigned(role, region=home.region)
    for permission in EVERY:
        if permission is Permission.ADMINISTER:
            assert not can(user, permission)
            continue
        assert can(user, permission, home) == (permission.value in allowed), permission
        assert not can(user, permission, away), permission


def test_beoordelaar_assigned_to_a_single_organisation_does_not_review(factories, orgs):
    home, _ = orgs
    user = factories.assigned("beoordelaar", organisation=home)
    assert can(user, Permission.READ_PLANS, home)
    assert not can(user, Permission.REVIEW, home)


def test_administrator_manages_but_does_not_read_plans(factories, orgs):
    home, _ = orgs
    admin = factories.admin()
    assert can(admin, Permission.ADMINISTER)
    assert can(admin, Permission.VIEW_ORGANISATION, home)
    assert not can(admin, Permission.READ_PLANS, home)


def test_inactive_and_anonymous_users_may_do_nothing(factories, orgs):
    home, _ = orgs
    user = factories.member(home, "bestuurder")
    user.active = False
    assert not can(user, Permission.READ_PLANS, home)
    assert not can(None, Permission.READ_PLANS, home)
    assert not can(SimpleNamespace(is_authenticated=False, active=True), Permission.READ_PLANS, home)


def test_one_person_can_hold_several_roles(factories, orgs):
    home, away = orgs
    user = factories.member(home, "redacteur")
    from plans.models import Assignment

    factories.session.add(Assignment(user=user, role="coach", region=away.region))
    factories.session.flush()
    assert can(user, Permission.EDIT_PLANS, home)
    assert can(user, Permission.READ_PLANS, away) and not can(user, Permission.EDIT_PLANS, away)


def test_scope_query_matches_policy(factories, orgs, db_session):
    home, away = orgs
    coach = factories.assigned("coach", region=home.region)
    ids = set(db_session.scalars(organisation_ids_in_scope(coach)))
    assert home.id in ids and away.id not in ids
    assert set(db_session.scalars(organisation_ids_in_scope(coach, roles={"beoordelaar"}))) == set()


def test_an_administrator_cannot_switch_off_their_own_rights_or_account(db_session):
    from plans.accounts.administration import AdministrationError, update_user
    from tests.factories import Factories

    admin = Factories(db_session).admin()
    for change in ({"is_admin": False, "active": True}, {"is_admin": True, "active": False}):
        with pytest.raises(AdministrationError):
            update_user(admin, name="Ik", acting=admin, **change)
    assert admin.is_admin and admin.is_active
    update_user(admin, name="Nieuwe naam", is_admin=True, active=True, acting=admin)
    assert admin.name == "Nieuwe naam"
