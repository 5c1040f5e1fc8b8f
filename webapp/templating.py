"""Jinja filters shared by the templates."""
from flask import Flask
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

ROLE_NAMES = {
    "bestuurder": _l("Bestuurder"),
    "redacteur": _l("Redacteur"),
    "beoordelaar": _l("Beoordelaar"),
    "coach": _l("Coach"),
    "beheerder": _l("Beheerder"),
}
KIND_NAMES = {
    "zorggroep": _l("Zorggroep"),
    "regio-organisatie": _l("Regio-organisatie huisartsen"),
    "huisartsencooperatie": _l("Huisartsencoöperatie"),
    "anders": _l("Anders"),
}


def init_app(app: Flask) -> None:
    app.jinja_env.filters["role_name"] = lambda role: ROLE_NAMES.get(role, role)
    app.jinja_env.filters["kind_name"] = lambda kind: KIND_NAMES.get(kind, kind)
    app.jinja_env.filters["datetime"] = lambda value: format_datetime(value, "d MMMM yyyy HH:mm") if value else ""
