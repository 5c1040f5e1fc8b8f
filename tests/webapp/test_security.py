import pytest

from tests.conftest import page
from tests.factories import Factories


def test_post_without_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/inloggen", data={"email": "a@example.nl", "password": "wat dan ook"})
    assert response.status_code == 400
    assert "Uw formulier is verlopen" in response.get_data(as_text=True)


def test_post_with_csrf_token_is_accepted(csrf_app):
    client = csrf_app.test_client()
    token = page(client.get("/inloggen")).select_one("input[name=csrf_token]")["value"]
    response = client.post("/inloggen", data={"email": "a@example.nl", "password": "wat dan ook", "csrf_token": token})
    assert response.status_code == 200  # a normal, failed login: the token itself was fine


def test_every_form_carries_a_csrf_field(client, auth, factories):
    auth.login(factories.admin())
    for url in ["/account", "/beheer/regios/nieuw", "/beheer/organisaties/nieuw", "/beheer/gebruikers/nieuw",
                "/beheer/toewijzingen"]:
        for form in page(client.get(url)).select("form[method=post]"):
            assert form.select_one("input[name=csrf_token]"), url


def test_security_headers(client):
    response = client.get("/inloggen")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_scripts_or_styles(client, auth, factories):
    auth.login(factories.admin())
    for url in ["/", "/beheer/", "/beheer/gebruikers", "/account"]:
        html = page(client.get(url))
        assert all(script.get("src") for script in html.select("script")), url
        assert not html.select("style") and not html.select("[style]"), url


def test_session_cookie_flags(app, client, factories):
    user = factories.user()
    response = client.post("/inloggen", data={"email": user.email, "password": Factories.PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_config_sets_secure_cookies(monkeypatch, tmp_path):
    from webapp.config import Config

    monkeypatch.setattr("webapp.config.INSTANCE", tmp_path)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    config = Config()
    assert config.SESSION_COOKIE_SECURE is True
    assert (tmp_path / "secret_key").read_text().strip() == config.SECRET_KEY
    assert Config().SECRET_KEY == config.SECRET_KEY, "generated once, then reused"


def test_database_url_from_environment(monkeypatch, tmp_path):
    from webapp.config import Config

    monkeypatch.setattr("webapp.config.INSTANCE", tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/regioplan")
    assert Config().SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@db/regioplan"
    monkeypatch.delenv("DATABASE_URL")
    assert f"sqlite:///{tmp_path / 'regioplan.sqlite'}" == Config().SQLALCHEMY_DATABASE_URI


def test_error_pages_are_dutch(client, auth, factories):
    auth.login(factories.user())
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)
    assert client.get("/beheer/").status_code == 403


REDIS_CHECK = """
import os, sys
sys.path.insert(0, os.getcwd())
from tests.conftest import make_test_app
from webapp.extensions import limiter
app = make_test_app("redis", RATELIMIT_STORAGE_URI=sys.argv[1])
client = app.test_client()
environ = {"REMOTE_ADDR": sys.argv[2]}
email = f"x-{sys.argv[2]}@example.nl"  # the per-account limit counts in Redis too: never share an account
codes = [client.post("/inloggen", data={"email": email, "password": "fout"}, environ_base=environ).status_code
         for _ in range(11)]
print(codes)
"""


def test_login_throttling_works_with_redis_storage(tmp_path):
    """Production counts attempts in Redis, shared by every gunicorn worker.

    It runs in a process of its own: Flask-Limiter keeps its storage on the one global limiter, and
    switching this test process to Redis would change the storage of every other test here.
    """
    import os
    import subprocess
    import sys

    import redis

    url = "redis://127.0.0.1:6379/15"
    address = f"10.{os.getpid() // 250 % 250}.{os.getpid() % 250}.9"  # parallel runs never share a counter
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is vereist in CI")
        pytest.skip("Redis niet bereikbaar")
    result = subprocess.run([sys.executable, "-c", REDIS_CHECK, url, address], capture_output=True, text=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))), timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == str([200] * 10 + [429])
