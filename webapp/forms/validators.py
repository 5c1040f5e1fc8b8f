"""Validators whose Dutch messages are built from one noun ("Vul uw e-mailadres in")."""
from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation, ValidationError


class _Thing:
    def __init__(self, thing=None, message=None):
        if thing is None and message is None:
            raise TypeError(f"{type(self).__name__} needs a thing or a message")
        self.thing = thing
        self.message = message


class Required(_Thing):
    """Stops validation when empty: 'Vul <thing> in' (or 'Kies <thing>' for choices)."""

    field_flags = {"required": True}

    def __init__(self, thing=None, message=None, verb="fill"):
        super().__init__(thing, message)
        self.verb = verb

    def __call__(self, form, field):
        data = field.data
        if data is None or data is False or (isinstance(data, str) and not data.strip()) or data == []:
            if getattr(field, "process_errors", None):
                raise StopValidation()  # something was typed that could not be read: that message stands
            field.errors[:] = []
            if self.message:
                raise StopValidation(self.message)
            template = _l("Kies %(thing)s") if self.verb == "choose" else _l("Vul %(thing)s in")
            raise StopValidation(template % {"thing": self.thing})


class Length(_Thing):
    def __init__(self, min=-1, max=-1, thing=None, message=None):
        super().__init__(thing, message)
        self.min, self.max = min, max

    def __call__(self, form, field):
        length = len(field.data or "")
        if self.min != -1 and length < self.min:
            raise ValidationError(
                self.message
                or _l("%(thing)s moet minstens %(min)d tekens hebben", thing=self.thing, min=self.min)
            )
        if self.max != -1 and length > self.max:
            raise ValidationError(
                self.message
                or _l("%(thing)s mag hoogstens %(max)d tekens hebben", thing=self.thing, max=self.max)
            )


class Email:
    """A syntactically valid e-mail address (no DNS look-up)."""

    def __call__(self, form, field):
        try:
            validate_email(field.data or "", check_deliverability=False)
        except EmailNotValidError:
            raise ValidationError(_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl")) from None


# The largest id or version a URL or hidden field may name: PostgreSQL's INTEGER, the type of every id.
MAX_DATABASE_INT = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,10}")
# Control characters (C0, DEL, C1) and the line and paragraph separators: never part of a one-line value.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def ascii_int(text: str | None, maximum: int = MAX_DATABASE_INT) -> int | None:
    """A non-negative integer written in ASCII digits and at most `maximum`, else None.

    str.isdigit() accepts "²" and other Unicode digits that int() refuses, and int() accepts numbers no
    database column can hold: both made 500s of hidden fields and query parameters.
    """
    if text is None or not _ASCII_DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if value <= maximum else None


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


class SingleLine:
    """No line breaks or other control characters: a name or title must not add lines to an e-mail."""

    def __call__(self, form, field):
        if isinstance(field.data, str) and has_control_characters(field.data):
            raise ValidationError(_l("Gebruik geen regeleinden of andere besturingstekens"))
