from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, RadioField, StringField, TextAreaField
from wtforms.validators import ValidationError

from plans.vocabulary import ReviewDecision
from webapp.forms.base import BaseForm, choices
from webapp.forms.validators import Length, Required
from webapp.plan_pages.forms import OneOf


class DecisionForm(BaseForm):
    decision = RadioField(_l("Uw beoordeling van dit onderdeel"), validate_choice=False,
                          choices=choices(ReviewDecision.pairs()),
                          validators=[Required(_l("akkoord of wijzigingen gevraagd"), verb="choose"),
                                      OneOf(ReviewDecision)])
    reason = TextAreaField(_l("Reden en wat er moet veranderen"),
                           description=_l("Verplicht bij ‘Wijzigingen gevraagd’. De redacteuren zien dit bij het onderdeel."),
                           validators=[Length(max=5000, thing=_l("De reden"))])

    def validate_reason(self, field):
        if self.decision.data == ReviewDecision.CHANGES and not (field.data or "").strip():
            raise ValidationError(_l("Geef een reden: wat moet er veranderen?"))


class CommentForm(BaseForm):
    body = TextAreaField(_l("Opmerking"), validators=[Required(_l("een opmerking"), message=_l("Schrijf een opmerking")),
                                                      Length(max=5000, thing=_l("De opmerking"))])


class SignForm(BaseForm):
    password = PasswordField(_l("Uw wachtwoord"), validators=[Required(_l("uw wachtwoord"))],
                             description=_l("Ter bevestiging dat u het zelf bent."),
                             render_kw={"autocomplete": "current-password"})
    name = StringField(_l("Uw naam"), validators=[Required(_l("uw naam")), Length(max=200, thing=_l("De naam"))],
                       render_kw={"autocomplete": "name"})
    function = StringField(_l("Uw functie in het bestuur"), validators=[Required(_l("uw functie")),
                                                                        Length(max=200, thing=_l("De functie"))],
                           description=_l("Bijvoorbeeld: voorzitter, penningmeester, bestuurder zorg."))
    confirm = BooleanField(_l("Ik stel dit regioplan vast namens het bestuur."),
                           validators=[Required(_l("de verklaring"), message=_l("Bevestig de verklaring om te ondertekenen"))])
