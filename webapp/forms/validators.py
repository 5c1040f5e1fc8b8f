"""Validators whose Dutch messages are built from one noun ("Vul uw e-mailadres in")."""
from __future__ import annotations

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
            if field.process_errors:  # something was typed that could not be read: that message says what
                raise StopValidation()  # is wrong, not "Vul … in"
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
            raise ValidationError(_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl"))
