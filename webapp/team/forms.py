from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField, StringField

from plans.models import MemberRole
from webapp.forms.base import BaseForm, choices
from webapp.forms.validators import Email, Length, Required

ROLE_CHOICES = [
    (MemberRole.BESTUURDER.value, _l("Bestuurder: bewerkt de plannen en ondertekent namens het bestuur")),
    (MemberRole.REDACTEUR.value, _l("Redacteur: bewerkt de plannen, ondertekent niet")),
]


class InviteMemberForm(BaseForm):
    name = StringField(_l("Naam"), validators=[Required(_l("de naam")), Length(max=200, thing=_l("De naam"))])
    email = EmailField(_l("E-mailadres"), validators=[Required(_l("het e-mailadres")), Email()],
                       render_kw={"spellcheck": "false"})
    role = RadioField(_l("Rol"), choices=choices(ROLE_CHOICES), validators=[Required(_l("een rol"), verb="choose")])
