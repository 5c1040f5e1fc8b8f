from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, RadioField, StringField
from wtforms.validators import ValidationError

from plans.accounts.people import SIGNATURES_RANGE
from plans.models import MemberRole
from plans.vocabulary import LegalForm
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


class SignatureRuleForm(BaseForm):
    required_signatures = RadioField(
        _l("Hoeveel bestuurders moeten een regioplan ondertekenen?"),
        choices=choices([(str(n), str(n)) for n in SIGNATURES_RANGE]), validate_choice=False,
        validators=[Required(_l("het aantal handtekeningen"), verb="choose")],
        description=_l("Geldt voor plannen die nog niet zijn vastgesteld. Gebruikelijk is twee."))

    def validate_required_signatures(self, field):
        if field.data not in {str(n) for n in SIGNATURES_RANGE}:
            raise ValidationError(_l("Kies een aantal van 1 tot en met 5"))


class BoardSettingsForm(BaseForm):
    legal_form = RadioField(_l("Rechtsvorm van de organisatie"), choices=choices(LegalForm.pairs()),
                            validate_choice=False, validators=[Required(_l("de rechtsvorm"), verb="choose")],
                            description=_l("Bepaalt welke organen een regioplan kunnen vaststellen: een ALV of "
                                           "ledenraad alleen bij een coöperatie of vereniging."))
    editors_give_levels = BooleanField(_l("Redacteuren geven ook een eigen huidig niveau en doelniveau per onderdeel"))

    def validate_legal_form(self, field):
        if field.data not in set(LegalForm):
            raise ValidationError(_l("Kies een van de rechtsvormen"))


class LogoForm(BaseForm):
    logo = FileField(_l("Logo (PNG of SVG)"), validators=[FileRequired(_l("Kies het bestand met het logo"))],
                     description=_l("Komt op het voorblad van de PDF. Hoogstens 200 kB en 2000 × 2000 pixels."),
                     render_kw={"accept": "image/png,image/svg+xml"})
