"""The layout's head links, header and footer come from a cache per locale, role and current menu item
(webapp/layout.py): every page must be what `base.html` wrote when it rendered them on every request
(kept as tests/webapp/base_before.html), for every kind of user on every menu item, with the request's own
CSRF token, and nothing of one request or user may be kept for another."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import render_template, url_for
from flask_login import login_user, logout_user

from tests.factories import Factories
from webapp import layout

BEFORE = Path(__file__).with_name("base_before.html").read_text(encoding="utf-8")
CHILD = ("{% extends base %}{% block title %}Pagina{% endblock %}{% block scripts %}<script src='x.js'></script>"
         "{% endblock %}{% block before_content %}<a href='/'>Terug</a>{% endblock %}{% block content %}<p>Inhoud</p>"
         "{% endblock %}")
ENDPOINTS = ("main.index", "content_pages.index", "overview.index", "admin.index", "auth.account", "auth.login",
             "review.verify_code")


@pytest.fixture
def users(factories):
    org = factories.organisation("Zorggroep Menu")
    return {"anoniem": None, "lid": factories.member(org, "bestuurder", email="lid@menu.nl"),
            "coach": factories.assigned("coach", organisation=org, email="coach@menu.nl"),
            "beheerder": factories.admin(email="beheer@menu.nl")}


def _page(app, base, user, path: str, **context) -> str:
    with app.test_request_context(path):
        if user is not None:
            login_user(user)
        old = render_template(app.jinja_env.from_string(CHILD), base=app.jinja_env.from_string(BEFORE), **context)
        new = render_template(app.jinja_env.from_string(CHILD), base=app.jinja_env.get_template("base.html"),
                              **context)
        logout_user()
    return old, new


def test_every_user_on_every_menu_item_gets_the_layout_base_html_wrote(app, users):
    with app.test_request_context():
        paths = [url_for(endpoint) for endpoint in ENDPOINTS]
    layout._CACHE.clear()
    current = set()
    for _round in (1, 2):  # rendered, then from the cache
        for kind, user in users.items():
            for path in paths:
                old, new = _page(app, BEFORE, user, path)
                assert new == old, (kind, path)
                current.update((kind, m) for m in re.findall(r'href="([^"]+)" aria-current="page"', new))
    assert ("beheerder", paths[3]) in current and ("coach", paths[2]) in current and ("anoniem", paths[1]) in current
    assert 0 < len(layout._CACHE) <= layout.MAX_ENTRIES
    for errors in ([], [("q_naam", "Naam: vul een antwoord in"), ("q_jaar", "Jaar: <b>fout</b>")]):
        old, new = _page(app, BEFORE, users["lid"], paths[0], form=SimpleNamespace(error_list=errors))
        assert new == old and ("error-summary" in new) == bool(errors)


def test_the_cache_keeps_no_token_and_each_request_gets_its_own(app, users):
    layout._CACHE.clear()
    tokens, pages = [], []
    for user in (users["lid"], users["beheerder"]):
        client = app.test_client()
        assert client.post("/inloggen", data={"email": user.email, "password": Factories.PASSWORD}).status_code == 302
        html = client.get("/account").get_data(as_text=True)
        tokens += re.findall(r'name="csrf_token" value="([^"]+)"', html)
        pages.append(html)
    assert len(set(tokens)) == 2 and len(tokens) >= 4, "each session its own token, the same in all its forms"
    cached = "".join(layout._CACHE.values())
    assert not any(t in cached for t in tokens) and layout.TOKEN in cached
    assert ">Beheer<" not in pages[0] and ">Beheer<" in pages[1], "the administrator's menu is not the member's"


def test_the_cached_layout_is_kept_per_locale(app, users, monkeypatch):
    layout._CACHE.clear()
    with app.test_request_context("/"):
        dutch = str(layout.site_footer())
        monkeypatch.setattr(layout, "get_locale", lambda: "en")
        other_key = str(layout.site_footer())
    assert dutch == other_key and len(layout._CACHE) == 2


def test_the_cache_is_bounded(app, monkeypatch):
    layout._CACHE.clear()
    monkeypatch.setattr(layout, "MAX_ENTRIES", 3)
    with app.test_request_context("/"):
        for n in range(10):
            monkeypatch.setattr(layout, "get_locale", lambda n=n: f"xx{n}")
            layout.site_footer()
    assert len(layout._CACHE) <= 3
