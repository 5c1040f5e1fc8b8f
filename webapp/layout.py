"""The site's head links, header and footer, rendered once per locale, role and current menu item.

Every page extends `base.html`; its header (the menu with a dozen links and texts) and footer were rendered on
every request, about half of a bare route. What they show depends only on the locale, the path the app is
mounted at, whether someone is logged in, whether they have assignments or are an administrator, and which
menu item is the current page: that is the key of the cache. The partials get only those values, never the
request or the user. The one thing of a request in the header, the CSRF token of the logout form, is put in
after the cached HTML is taken (`TOKEN`). The cache is bounded.
"""
from __future__ import annotations

from collections.abc import Hashable
from threading import Lock

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

TOKEN = "\x00csrf\x00"
# The endpoints and blueprints whose menu item is marked as the current page (templates/layout/_header.html).
CURRENT_ENDPOINTS = frozenset({"main.index", "auth.account"})
CURRENT_BLUEPRINTS = frozenset({"content_pages", "overview", "admin"})
MAX_ENTRIES = 512

_CACHE: dict[Hashable, str] = {}
_LOCK = Lock()


def _cached(template: str, **variables) -> str:
    key = (template, str(get_locale()), request.script_root, tuple(sorted(variables.items())))
    found = _CACHE.get(key)
    if found is None:
        html = current_app.jinja_env.get_template(template).render(**variables)
        with _LOCK:
            if len(_CACHE) >= MAX_ENTRIES:
                _CACHE.clear()
            found = _CACHE[key] = html
    return found


def site_head() -> Markup:
    return Markup(_cached("layout/_head.html"))


def site_footer() -> Markup:
    return Markup(_cached("layout/_footer.html"))


def site_header() -> Markup:
    user = current_user
    authenticated = bool(user.is_authenticated)
    endpoint, blueprint = request.endpoint, request.blueprint
    html = _cached("layout/_header.html", authenticated=authenticated,
                   has_assignments=authenticated and bool(user.assignments),
                   is_admin=authenticated and bool(user.is_admin),
                   endpoint=endpoint if endpoint in CURRENT_ENDPOINTS else None,
                   blueprint=blueprint if blueprint in CURRENT_BLUEPRINTS else None, csrf=TOKEN)
    return Markup(html.replace(TOKEN, str(escape(generate_csrf())), 1) if authenticated else html)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(site_head=site_head, site_header=site_header, site_footer=site_footer)
