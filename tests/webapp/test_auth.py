import re

import sqlalchemy as sa

from plans.clock import utcnow
from plans.models import AccountToken, OutboxMessage, User
from tests.conftest import page, text_of
from tests.factories import Factories


def test_login_with_wrong_password_shows_dutch_error_and_keeps_email(client, factories):
    user = factories.user("anna@example.nl")
    response = client.post("/inloggen", data={"email": user.email, "password": "fout wachtwoord"})
    assert response.status_code == 200
    html = page(response)
    assert html.title.string.startswith("Fout:")
    assert "Het e-mailadres of het wachtwoord klopt niet" in text_of(response)
    assert html.select_one("#email")["value"] == "anna@example.nl"
    assert html.select_one(".error-summary a")["href"] == "#password"


def test_empty_login_form_names_each_field(client):
    response = client.post("/inloggen", data={"email": "", "password": ""})
    assert "Vul uw e-mailadres in" in text_of(response)
    assert "Vul uw wachtwoord in" in text_of(response)


def test_login_follows_only_local_next(client, factories):
    user = factories.user()
    data = {"email": user.email, "password": Factories.PASSWORD}
    assert client.post("/inloggen?next=/account", data=data).headers["Location"] == "/account"
    client.post("/uitloggen")
    user_response = client.post("/inloggen?next=https://evil.example/", data=data)
    assert user_response.headers["Location"] == "/"


def test_password_is_stored_as_argon2id(factories, db_session):
    user = factories.user()
    stored = db_session.scalar(sa.select(User.password_hash).where(User.id == user.id))
    assert stored.startswith("$argon2id$")
    assert Factories.PASSWORD not in stored


def test_logout_ends_the_session_even_for_a_copied_cookie(app, client, auth, factories):
    user = factories.user()
    auth.login(user)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert client.get("/").status_code == 200
    auth.logout()

    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    response = thief.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")


def test_password_change_ends_other_sessions(app, client, auth, factories):
    user = factories.user()
    other_device = app.test_client()
    other_device.post("/inloggen", data={"email": user.email, "password": Factories.PASSWORD})
    assert other_device.get("/").status_code == 200

    auth.login(user)
    new = "een heel nieuw wachtwoord"
    response = client.post("/account", data={"current_password": Factories.PASSWORD,
                                             "password": new, "password_repeat": new})
    assert response.status_code == 302
    assert client.get("/").status_code == 200, "this browser stays logged in"
    assert other_device.get("/").status_code == 302, "the other device is logged out"


def test_password_change_refuses_wrong_current_password(client, auth, factories):
    auth.login(factories.user())
    response = client.post("/account", data={"current_password": "niet goed",
                                             "password": "nieuw wachtwoord 123", "password_repeat": "nieuw wachtwoord 123"})
    assert "Het huidige wachtwoord klopt niet" in text_of(response)


def test_deactivation_ends_sessions(app, client, auth, factories, db_session):
    user = factories.user()
    auth.login(user)
    admin_client = app.test_client()
    admin = factories.admin()
    admin_client.post("/inloggen", data={"email": admin.email, "password": Factories.PASSWORD})
    response = admin_client.post(f"/beheer/gebruikers/{user.id}", data={"name": user.name})  # active unticked
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert client.post("/inloggen", data={"email": user.email, "password": Factories.PASSWORD}).status_code == 200


def test_eleventh_wrong_password_within_a_minute_is_throttled(client, factories):
    user = factories.user()
    for _ in range(10):
        assert client.post("/inloggen", data={"email": user.email, "password": "fout"}).status_code == 200
    response = client.post("/inloggen", data={"email": user.email, "password": "fout"})
    assert response.status_code == 429
    assert "Te veel pogingen" in text_of(response)
    # Even the right password waits until the minute is over.
    assert client.post("/inloggen", data={"email": user.email, "password": Factories.PASSWORD}).status_code == 429


def test_successful_logins_are_not_throttled(client, auth, factories):
    user = factories.user()
    for _ in range(12):
        auth.login(user)
        auth.logout()


def _link_in_last_mail(db_session, recipient):
    mail = db_session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id.desc())
    ).first()
    return mail, re.search(r"http://localhost(/\S+)", mail.body).group(1)


def test_password_reset_by_mail(client, factories, db_session):
    user = factories.user("reset@example.nl")
    response = client.post("/wachtwoord-vergeten", data={"email": "Reset@Example.nl"})
    assert "Controleer uw e-mail" in text_of(response)
    mail, link = _link_in_last_mail(db_session, user.email)
    assert mail.subject == "Nieuw wachtwoord voor Regioplan"

    new = "mijn nieuwe wachtwoord"
    response = client.post(link, data={"password": new, "password_repeat": new})
    assert response.status_code == 302
    client.post("/uitloggen")
    assert client.post("/inloggen", data={"email": user.email, "password": new}).status_code == 302
    assert client.get(link).status_code == 410, "a reset link works once"


def test_password_reset_for_unknown_address_reveals_nothing(client, db_session):
    response = client.post("/wachtwoord-vergeten", data={"email": "onbekend@example.nl"})
    assert "Controleer uw e-mail" in text_of(response)
    assert db_session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_expired_invitation_is_refused(client, auth, factories, db_session):
    org = factories.organisation()
    bestuurder = factories.member(org, "bestuurder")
    auth.login(bestuurder)
    client.post(f"/organisaties/{org.id}/uitnodigen",
                data={"name": "Nieuwe Collega", "email": "nieuw@example.nl", "role": "redacteur"})
    _, link = _link_in_last_mail(db_session, "nieuw@example.nl")
    for token in db_session.scalars(sa.select(AccountToken)):
        token.expires_at = utcnow()
    db_session.flush()
    auth.logout()
    assert client.get(link).status_code == 410


def test_mismatched_new_passwords_keep_what_was_typed(client, factories, db_session):
    factories.user("x@example.nl")
    client.post("/wachtwoord-vergeten", data={"email": "x@example.nl"})
    _, link = _link_in_last_mail(db_session, "x@example.nl")
    response = client.post(link, data={"password": "eerste wachtwoord", "password_repeat": "tweede wachtwoord"})
    assert "De wachtwoorden zijn niet gelijk" in text_of(response)
    response = client.post(link, data={"password": "kort", "password_repeat": "kort"})
    assert "Het wachtwoord moet minstens 12 tekens hebben" in text_of(response)
