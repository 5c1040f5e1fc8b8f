"""What every request and response gets: bounded URL numbers, no NUL bytes, security headers."""
from flask import Flask, Response, abort, request
from werkzeug.routing import IntegerConverter, ValidationError

from webapp.forms.validators import MAX_DATABASE_INT

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


class DatabaseIntConverter(IntegerConverter):
    """`<int:...>` up to the largest id the database holds: /plannen/99999999999999999999 is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_DATABASE_INT)
        super().__init__(map, *args, **kwargs)

    def to_python(self, value: str):
        if len(value) > len(str(MAX_DATABASE_INT)) or not value.isascii():  # int() of 5,000 digits raises
            raise ValidationError()
        return super().to_python(value)


def _has_nul(data) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in data.items(multi=True))


def init_app(app: Flask) -> None:
    # Before the blueprints are registered: their rules look the converter up when they are added.
    app.url_map.converters["int"] = DatabaseIntConverter

    @app.before_request
    def refuse_nul_bytes() -> None:
        # PostgreSQL cannot store or even compare text with NUL, and no honest form or link sends one.
        if "\x00" in request.path or _has_nul(request.args) or _has_nul(request.form):
            abort(400)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Pages show personal plan data: never keep them in shared caches or the back-forward cache.
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
