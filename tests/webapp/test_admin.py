import sqlalchemy as sa

from plans.models import Assignment, Organisation, OutboxMessage, Region, User


def test_admin_adds_an_organisation_and_invites_its_first_bestuurder(client_request, auth, factories, db_session):
    auth.login(factories.admin())
    region = factories.region("Twente")
    client_request.post_page("/beheer/organisaties/nieuw",
                             data={"name": "Zorggroep Twente Test", "kind": "zorggroep", "region_id": region.id})
    org = db_session.scalar(sa.select(Organisation).where(Organisation.name == "Zorggroep Twente Test"))
    assert org.region_id == region.id

    client_request.post_page(f"/beheer/organisaties/{org.id}/uitnodigen",
                             data={"name": "Eerste Bestuurder", "email": "eerste@example.nl", "role": "bestuurder"})
    assert db_session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == "eerste@example.nl"))


def test_duplicate_organisation_name_is_refused_and_input_kept(client_request, auth, factories):
    auth.login(factories.admin())
    factories.organisation("Bestaande Zorggroep")
    region = factories.region()
    response = client_request.post_page("/beheer/organisaties/nieuw",
                                        data={"name": "Bestaande Zorggroep", "kind": "zorggroep",
                                              "region_id": region.id}, status=200)
    assert "Er is al een organisatie met de naam Bestaande Zorggroep" in response.text


def test_region_can_be_renamed(client_request, auth, factories, db_session):
    auth.login(factories.admin())
    region = factories.region("Zeeland")
    client_request.post_page(f"/beheer/regios/{region.id}", data={"code": region.code, "name": "Zeeland (test)"})
    assert db_session.scalar(sa.select(Region.name).where(Region.id == region.id)) == "Zeeland (test)"


def test_admin_creates_a_coach_and_assigns_a_region(client_request, auth, factories, db_session):
    auth.login(factories.admin())
    client_request.post_page("/beheer/gebruikers/nieuw", data={"name": "Nieuwe Coach", "email": "coach@example.nl"})
    coach = db_session.scalar(sa.select(User).where(User.email == "coach@example.nl"))
    assert coach.password_hash is None and not coach.is_admin
    region = factories.region("Friesland")
    client_request.post_page("/beheer/toewijzingen", data={"user_id": coach.id, "role": "coach", "region_id": region.id})
    assert db_session.scalar(sa.select(Assignment).filter_by(user_id=coach.id, region_id=region.id))


def test_assignment_needs_exactly_one_scope(client_request, auth, factories):
    auth.login(factories.admin())
    user = factories.user()
    org = factories.organisation()
    both = client_request.post_page("/beheer/toewijzingen", {"user_id": user.id, "role": "coach",
                                                             "region_id": org.region_id, "organisation_id": org.id},
                                    status=200)
    assert "Kies een regio of een organisatie, niet allebei" in both.text
    neither = client_request.post_page("/beheer/toewijzingen", {"user_id": user.id, "role": "coach"}, status=200)
    assert "Kies een regio of een organisatie, niet allebei" in neither.text


def test_admin_cannot_lock_themselves_out(client_request, auth, factories):
    admin = factories.admin()
    auth.login(admin)
    response = client_request.post_page(f"/beheer/gebruikers/{admin.id}", {"name": "Ik", "is_admin": "y"}, status=200)
    assert "U kunt uw eigen beheerrechten of account niet uitschakelen" in response.text


def test_existing_email_cannot_be_invited_twice(client_request, auth, factories):
    auth.login(factories.admin())
    factories.user("dubbel@example.nl")
    response = client_request.post_page("/beheer/gebruikers/nieuw", {"name": "Dubbel", "email": "dubbel@example.nl"},
                                        status=200)
    assert "Er bestaat al een account met het e-mailadres dubbel@example.nl" in response.text
