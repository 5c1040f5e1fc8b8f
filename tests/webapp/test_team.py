import sqlalchemy as sa

from plans.models import Membership, OutboxMessage
from tests.conftest import text_of


def test_bestuurder_invites_a_colleague_who_accepts(client, auth, factories, db_session):
    org = factories.organisation("Zorggroep Uitnodiging")
    bestuurder = factories.member(org, "bestuurder")
    auth.login(bestuurder)
    response = client.post(f"/organisaties/{org.id}/uitnodigen",
                           data={"name": "Sanne Visser", "email": "Sanne@Example.nl", "role": "redacteur"})
    assert response.status_code == 302
    mail = db_session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == "sanne@example.nl"))
    assert "Zorggroep Uitnodiging" in mail.body and "redacteur" in mail.body
    link = mail.body.split("http://localhost", 1)[1].split()[0]
    auth.logout()

    password = "een sterk wachtwoord"
    response = client.post(link, data={"name": "Sanne Visser", "password": password, "password_repeat": password})
    assert response.status_code == 302
    assert "Zorggroep Uitnodiging" in text_of(client.get("/"))
    assert client.get(link).status_code == 410, "an invitation works once"


def test_invite_validation_in_dutch(client, auth, factories):
    org = factories.organisation()
    auth.login(factories.member(org, "bestuurder"))
    response = client.post(f"/organisaties/{org.id}/uitnodigen", data={"name": "", "email": "geen-adres", "role": ""})
    text = text_of(response)
    assert "Vul de naam in" in text
    assert "Vul een geldig e-mailadres in" in text
    assert "Kies een rol" in text
    assert "geen-adres" in response.get_data(as_text=True), "what was typed is kept"


def test_existing_account_gets_the_role_without_a_new_password(client, auth, factories, db_session):
    org = factories.organisation()
    colleague = factories.user("collega@example.nl")
    auth.login(factories.member(org, "bestuurder"))
    client.post(f"/organisaties/{org.id}/uitnodigen",
                data={"name": "Collega", "email": "collega@example.nl", "role": "bestuurder"})
    assert db_session.scalar(sa.select(Membership).filter_by(user_id=colleague.id, organisation_id=org.id))
    mail = db_session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == "collega@example.nl"))
    assert mail.subject == "U heeft een nieuwe rol in Regioplan"


def test_last_bestuurder_cannot_be_removed(client, auth, factories, db_session):
    org = factories.organisation()
    bestuurder = factories.member(org, "bestuurder")
    redacteur = factories.member(org, "redacteur")
    second = factories.member(org, "bestuurder")
    auth.login(bestuurder)
    redacteur_membership = redacteur.memberships[0]
    client.post(f"/organisaties/{org.id}/leden/{redacteur_membership.id}/verwijderen")
    assert db_session.scalar(sa.select(Membership.id).filter_by(id=redacteur_membership.id)) is None
    client.post(f"/organisaties/{org.id}/leden/{second.memberships[0].id}/verwijderen")
    db_session.expire_all()
    response = client.post(f"/organisaties/{org.id}/leden/{bestuurder.memberships[0].id}/verwijderen",
                           follow_redirects=True)
    assert "De laatste bestuurder kan niet worden verwijderd" in text_of(response)


def test_user_without_role_sees_what_to_do(client, auth, factories):
    auth.login(factories.user())
    assert "U heeft nog geen rol" in text_of(client.get("/"))


def test_board_sets_how_many_bestuurders_sign(client, auth, factories, db_session):
    org = factories.organisation()
    auth.login(factories.member(org, "bestuurder"))
    assert "Hoeveel bestuurders moeten een regioplan ondertekenen?" in text_of(client.get(f"/organisaties/{org.id}"))
    client.post(f"/organisaties/{org.id}/ondertekening", data={"required_signatures": "3"})
    db_session.expire_all()
    assert org.required_signatures == 3
    client.post(f"/organisaties/{org.id}/ondertekening", data={"required_signatures": "9"})
    db_session.expire_all()
    assert org.required_signatures == 3


def test_redacteur_cannot_change_the_signature_rule(client, auth, factories):
    org = factories.organisation()
    auth.login(factories.member(org, "redacteur"))
    assert client.post(f"/organisaties/{org.id}/ondertekening", data={"required_signatures": "1"}).status_code == 403
