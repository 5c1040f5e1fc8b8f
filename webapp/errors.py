"""Dutch error pages; every failed request is rolled back."""
from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from plans.review.workflow import PlanLocked
from webapp.extensions import db

PAGES = {
    400: _l("Het verzoek kon niet worden verwerkt"),
    403: _l("U heeft geen toegang tot deze pagina"),
    404: _l("Pagina niet gevonden"),
    405: _l("Deze actie is hier niet mogelijk"),
    409: _l("Dit kan nu niet"),
    410: _l("Deze link werkt niet meer"),
    413: _l("Het bestand is te groot"),
    429: _l("Te veel pogingen"),
    500: _l("Er is iets misgegaan"),
}


def init_app(app: Flask) -> None:
    @app.teardown_request
    def rollback_unfinished(exc):
        if exc is not None:
            db.session.rollback()

    for code in PAGES:
        app.register_error_handler(code, _render(code))
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(PlanLocked, _plan_locked)
    app.register_error_handler(OperationalError, _database_error)


def _database_error(error: OperationalError):
    """SQLite's write lock held longer than the busy timeout: ask to try again (503), never a 500."""
    db.session.rollback()
    if "database is locked" not in str(error.orig):
        current_app.logger.exception("Databasefout", exc_info=error)
        return _render(500)(error)
    current_app.logger.warning("Database bezet: %s %s", request.method, request.path)
    title = _("De database is even bezet")
    message = _("Er wordt op dit moment veel tegelijk opgeslagen. Probeer het zo opnieuw.")
    headers = {"Retry-After": "5"}
    try:
        return render_template("errors/error.html", code=503, title=title, message=message), 503, headers
    except Exception:  # the page itself needs the database
        return f"{title}. {message}", 503, {**headers, "Content-Type": "text/plain; charset=utf-8"}


def _plan_locked(error: PlanLocked):
    """A change refused by the domain (plan under review or signed): say so, change nothing."""
    db.session.rollback()
    return render_template("errors/error.html", code=409, title=_("Dit plan kan nu niet worden gewijzigd"),
                           message=str(error)), 409


def _render(code: int):
    def handler(error):
        if code == 500:
            db.session.rollback()
        try:
            return render_template("errors/error.html", code=code, title=PAGES[code]), code
        except Exception:  # the page itself failed (the database may be down): say it plainly
            current_app.logger.exception("Foutpagina %s kon niet worden getoond", code)
            return f"{PAGES[code]}. Probeer het later opnieuw.", code, {"Content-Type": "text/plain; charset=utf-8"}

    return handler


def _csrf_error(error: CSRFError):
    return (
        render_template(
            "errors/error.html",
            code=400,
            title=_("Uw formulier is verlopen"),
            csrf=True,
        ),
        400,
    )
