"""The Regioplan web application."""
from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, session
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from plans.accounts import passwords
from plans.db import tune_sqlite
from webapp import cli, errors, layout, logs, security, templating
from webapp.config import CONFIGS, INSTANCE, ROOT, Config
from webapp.extensions import babel, csrf, db, limiter, login_manager, migrate
from webapp.private_files import keep_private


def create_app(config: type[Config] | Config | Mapping | None = None) -> Flask:
    """Build the app; `config` is a Config class or instance, a mapping of overrides, or None."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(INSTANCE),
    )
    _load_config(app, config)
    keep_private(app)
    logs.init_app(app)
    if app.config.get("PROXY_FIX"):
        # Only as many X-Forwarded-* values as there are proxies of ours are believed, counted from the
        # right: whatever a client put in front of them itself is ignored.
        hops = app.config.get("PROXY_FIX_HOPS", 1)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    passwords.configure(app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_COST"])

    _init_extensions(app)
    security.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    _register_blueprints(app)
    from webapp.jobs import tasks  # noqa: F401  (the web process queues the same tasks the worker runs)

    return app


def _load_config(app: Flask, config) -> None:
    import os

    if config is None:
        config = CONFIGS[os.environ.get("REGIOPLAN_ENV", "production")]
    if isinstance(config, Mapping):
        app.config.from_object(CONFIGS["production"]())
        app.config.update(config)
    else:
        app.config.from_object(config() if isinstance(config, type) else config)


def _init_extensions(app: Flask) -> None:
    from webapp import mail, transactions
    from webapp.auth.sessions import init_login

    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine, app.config.get("SQLITE_BUSY_TIMEOUT_MS", 5000))
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=lambda: app.config["BABEL_DEFAULT_LOCALE"])
    templating.cache_template_translations(app)
    layout.init_app(app)
    login_manager.init_app(app)
    init_login(app)
    mail.init_app(app)
    transactions.init_app(app)

    @app.before_request
    def keep_session_permanent() -> None:
        # PERMANENT_SESSION_LIFETIME then works as an idle timeout, refreshed on every request.
        session.permanent = True

    @app.context_processor
    def inject_user() -> dict:
        return {"current_user": current_user}


def _register_blueprints(app: Flask) -> None:
    from webapp.admin import bp as admin_bp
    from webapp.auth import bp as auth_bp
    from webapp.content_pages import bp as content_bp
    from webapp.health import bp as health_bp
    from webapp.main import bp as main_bp
    from webapp.overview import bp as overview_bp
    from webapp.plan_pages import bp as plan_bp
    from webapp.review import bp as review_bp
    from webapp.team import bp as team_bp

    for bp in (auth_bp, main_bp, admin_bp, team_bp, content_bp, plan_bp, review_bp, overview_bp, health_bp):
        app.register_blueprint(bp)
