import sqlalchemy as sa

from plans import accounts, demo
from plans.models import Organisation, Region, User
from plans.policy import Permission, can


def test_seed_is_idempotent_and_creates_every_role(db_session):
    first = demo.seed()
    second = demo.seed()
    assert first["accounts"] == 7 and first["organisations"] == 3
    assert second == {"regions": 0, "organisations": 0, "accounts": 0}
    for email, *_ in demo.ACCOUNTS:
        assert accounts.authenticate(email, demo.DEMO_PASSWORD) is not None, email


def test_seed_places_organisations_and_roles_as_documented(db_session):
    demo.seed()
    nhn = db_session.scalar(sa.select(Organisation).where(Organisation.name == demo.NHN_ORG))
    zeeland = db_session.scalar(sa.select(Organisation).where(Organisation.name == demo.ZEELAND_ORG))
    assert nhn.region.name == "Noord-Holland Noord"
    user = lambda email: db_session.scalar(sa.select(User).where(User.email == email))  # noqa: E731
    assert can(user("bestuur@demo.regioplan.nl"), Permission.SIGN, nhn)
    assert can(user("bestuur2@demo.regioplan.nl"), Permission.SIGN, nhn)
    assert can(user("redacteur@demo.regioplan.nl"), Permission.EDIT_PLANS, nhn)
    assert not can(user("redacteur@demo.regioplan.nl"), Permission.SIGN, nhn)
    assert can(user("kring@demo.regioplan.nl"), Permission.REVIEW, nhn)
    assert not can(user("kring@demo.regioplan.nl"), Permission.READ_PLANS, zeeland)
    assert can(user("coach@demo.regioplan.nl"), Permission.DOWNLOAD, zeeland)
    assert user("beheer@demo.regioplan.nl").is_admin
    assert can(user("bestuur@andere.demo.regioplan.nl"), Permission.EDIT_PLANS, zeeland)
    assert not can(user("bestuur@andere.demo.regioplan.nl"), Permission.READ_PLANS, nhn)


def test_regions_are_the_current_zorgkantoorregios(db_session):
    names = set(db_session.scalars(sa.select(Region.name)))
    assert len(names) == 31
    assert {"Noord-Holland Noord", "Zeeland", "Friesland", "Twente"} <= names
