"""Configuration classes; every setting can come from the environment (see README)."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("REGIOPLAN_INSTANCE", ROOT / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once into instance/ (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'regioplan.sqlite'}")
    # Heroku-style URLs and plain postgresql:// both use psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Production defaults: safe unless told otherwise."""

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    SUPPORTED_LOCALES = ("nl",)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "regioplan_session"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    WTF_CSRF_TIME_LIMIT = 3600

    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"  # per address
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per minute;50 per hour"  # per account, whichever addresses try it

    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST = 19 * 1024

    def __init__(self) -> None:
        # Read at instantiation so the environment of the running process counts, not import time.
        self.SECRET_KEY = _secret_key()
        self.SQLALCHEMY_DATABASE_URI = _database_url()
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        self.PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "https")
        self.SERVER_BASE_URL = os.environ.get("SERVER_BASE_URL", "")
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
        self.MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
        self.MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
        self.MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
        self.MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Regioplan <noreply@regioplan.nl>")
        self.PROXY_FIX = _bool("PROXY_FIX", False)
        self.PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "1"))  # proxies in front that set X-Forwarded-*
        # The seal certificate for signed PDFs; without it a self-signed one is made under instance/seal/.
        self.SEAL_PKCS12_PATH = os.environ.get("SEAL_PKCS12_PATH", "")
        self.SEAL_PKCS12_PASSPHRASE = os.environ.get("SEAL_PKCS12_PASSPHRASE", "")
        self.MAX_CONTENT_LENGTH = 25 * 1024 * 1024  # uploads: only PDFs to verify
        # Jobs (webapp/jobs/): the queue itself is chosen by QUEUE_URL when webapp.jobs.queue is imported.
        self.QUEUE_URL = os.environ.get("QUEUE_URL", "")
        self.PDF_RENDER_TIMEOUT = float(os.environ.get("PDF_RENDER_TIMEOUT", "60"))
        # A running job renews its lease every third of it; a job whose lease ran out lost its worker.
        self.JOB_LEASE_SECONDS = float(os.environ.get("JOB_LEASE_SECONDS", "90"))
        self.ZIP_MAX_PLANS = int(os.environ.get("ZIP_MAX_PLANS", "50"))
        self.MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "5"))
        self.MAIL_RETRY_SECONDS = float(os.environ.get("MAIL_RETRY_SECONDS", "30"))
        self.SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "5000"))
        self.LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
        # How many gunicorn workers serve the app (gunicorn.conf.py reads the same variable).
        self.WEB_CONCURRENCY = int(os.environ.get("WEB_CONCURRENCY", "0") or 0)


class DevConfig(Config):
    """`make run`: plain http on 127.0.0.1, so the session cookie cannot be Secure."""

    def __init__(self) -> None:
        super().__init__()
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
        self.PREFERRED_URL_SCHEME = "http"


class TestConfig(Config):
    __test__ = False  # not a pytest test class

    TESTING = True
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8

    def __init__(self) -> None:
        super().__init__()
        self.SECRET_KEY = "test-secret-key"
        self.SQLALCHEMY_DATABASE_URI = _test_database_url()
        self.SESSION_COOKIE_SECURE = False
        self.PREFERRED_URL_SCHEME = "http"
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.MAIL_SERVER = ""  # mail goes to the outbox table unless a test sets a server


def _test_database_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    return "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith("postgres") else url


CONFIGS = {"production": Config, "development": DevConfig, "testing": TestConfig}
