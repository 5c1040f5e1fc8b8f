from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, ValidationError

from plans.accounts import passwords
from webapp.forms.base import BaseForm
from webapp.forms.validators import Email, Length, Required


def new_password_field(label=None):
    return PasswordField(
        label or _l("Nieuw wachtwoord"),
        validators=[
            Required(_l("een wachtwoord")),
            Length(passwords.MIN_LENGTH, passwords.MAX_LENGTH, thing=_l("Het wachtwoord")),
        ],
        description=_l("Minstens %(n)d tekens. Een zin van een paar woorden is sterk en goed te onthouden.",
                       n=passwords.MIN_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )


def repeat_password_field():
    return PasswordField(
        _l("Herhaal het wachtwoord"),
        validators=[Required(_l("het wachtwoord nog een keer")),
                    EqualTo("password", message=_l("De wachtwoorden zijn niet gelijk"))],
        render_kw={"autocomplete": "new-password"},
    )


class LoginForm(BaseForm):
    email = EmailField(_l("E-mailadres"), validators=[Required(_l("uw e-mailadres")), Email()],
                       render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = PasswordField(_l("Wachtwoord"), validators=[Required(_l("uw wachtwoord"))],
                             render_kw={"autocomplete": "current-password"})


class RequestResetForm(BaseForm):
    email = EmailField(_l("E-mailadres"), validators=[Required(_l("uw e-mailadres")), Email()],
                       render_kw={"autocomplete": "username", "spellcheck": "false"})


class SetPasswordForm(BaseForm):
    password = new_password_field()
    password_repeat = repeat_password_field()


class AcceptInvitationForm(BaseForm):
    name = StringField(_l("Uw naam"), validators=[Required(_l("uw naam")), Length(max=200, thing=_l("De naam"))],
                       render_kw={"autocomplete": "name"})
    password = new_password_field(_l("Kies een wachtwoord"))
    password_repeat = repeat_password_field()


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(_l("Huidig wachtwoord"), validators=[Required(_l("uw huidige wachtwoord"))],
                                     render_kw={"autocomplete": "current-password"})
    password = new_password_field()
    password_repeat = repeat_password_field()

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_current_password(self, field):
        if not passwords.verify_password(self.user.password_hash, field.data):
            raise ValidationError(_l("Het huidige wachtwoord klopt niet"))
