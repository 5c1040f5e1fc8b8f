"""Forms of the adoption page: the formal adoption and one afstemming."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import ValidationError

from plans.vocabulary import AdoptingBody, ConsultationOutcome, PartyKind
from webapp.forms.base import BaseForm, choices
from webapp.forms.validators import Length, Required
from webapp.plan_pages.fields import DateField
from webapp.plan_pages.forms import OneOf


class RecordAdoptionForm(BaseForm):
    body = RadioField(_l("Welk orgaan heeft het plan vastgesteld?"), validate_choice=False,
                      validators=[Required(_l("het orgaan"), verb="choose")])
    adopted_on = DateField(_l("Op welke datum?"), description=_l("Bijvoorbeeld 12-03-2026."))
    minutes_reference = StringField(_l("Verwijzing naar de notulen of het besluit"),
                                    validators=[Required(_l("de verwijzing naar de notulen")),
                                                Length(max=300, thing=_l("De verwijzing"))],
                                    description=_l("Bijvoorbeeld: Notulen ALV 12 maart 2026, agendapunt 4."))

    def validate_adopted_on(self, field):
        _required_date(field, _l("Vul de datum van de vaststelling in"))

    def offer(self, bodies: tuple[AdoptingBody, ...]) -> RecordAdoptionForm:
        """Only the bodies the organisation's legal form has."""
        self.body.choices = choices((b.value, b.label) for b in bodies)
        self.body.validators = [*self.body.validators, OneOf(bodies)]
        return self

    @property
    def day(self) -> date:
        return date.fromisoformat(self.adopted_on.data)


class AddConsultationForm(BaseForm):
    party_kind = RadioField(_l("Met wie is afgestemd?"), choices=choices(PartyKind.pairs()), validate_choice=False,
                            validators=[Required(_l("zorgverzekeraar of gemeente"), verb="choose"),
                                        OneOf(PartyKind)])
    party_name = StringField(_l("Naam"), validators=[Required(_l("de naam")), Length(max=200, thing=_l("De naam"))],
                             description=_l("Bijvoorbeeld: de preferente zorgverzekeraar, of gemeente Alkmaar."))
    consulted_on = DateField(_l("Datum van de afstemming"), description=_l("Bijvoorbeeld 01-02-2026."))
    outcome = RadioField(_l("Uitkomst"), choices=choices(ConsultationOutcome.pairs()), validate_choice=False,
                         validators=[Required(_l("de uitkomst"), verb="choose"), OneOf(ConsultationOutcome)])
    note = TextAreaField(_l("Toelichting (optioneel)"), validators=[Length(max=2000, thing=_l("De toelichting"))])

    def validate_consulted_on(self, field):
        _required_date(field, _l("Vul de datum van de afstemming in"))

    @property
    def day(self) -> date:
        return date.fromisoformat(self.consulted_on.data)


def _required_date(field, message) -> None:
    """Required, but an unreadable date keeps its own message (a Required validator would replace it)."""
    if field.data is None and not field.errors:
        raise ValidationError(message)
