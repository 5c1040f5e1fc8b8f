from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import ValidationError

from webapp.forms.base import BaseForm
from webapp.forms.validators import Length, Required
from webapp.plan_pages.fields import NumberField
from webapp.plan_pages.forms import YEAR_MESSAGE, Between


def default_period() -> tuple[int, int]:
    start = date.today().year
    return start, start + 3


def default_title(organisation) -> str:
    start, end = default_period()
    return f"Regioplan {organisation.region.name} {start}–{end}"


class CreatePlanForm(BaseForm):
    title = StringField(_l("Titel van het plan"), validators=[Required(_l("de titel")),
                                                              Length(max=200, thing=_l("De titel"))])
    period_start = NumberField(_l("Eerste jaar"), whole=True, message=YEAR_MESSAGE,
                               validators=[Required(_l("het eerste jaar")), Between(2000, 2100, year=True)])
    period_end = NumberField(_l("Laatste jaar"), whole=True, message=YEAR_MESSAGE,
                             validators=[Required(_l("het laatste jaar")), Between(2000, 2100, year=True)])

    anyway = BooleanField(_l("Toch een nieuw plan voor deze periode starten"))

    def __init__(self, *args, organisation=None, taken_titles=(), **kwargs):
        start, end = default_period()
        title = default_title(organisation)
        kwargs.setdefault("data", {"title": "" if title in taken_titles else title,
                                   "period_start": start, "period_end": end})
        super().__init__(*args, **kwargs)

    def validate_period_end(self, field):
        if field.data is not None and self.period_start.data is not None and field.data < self.period_start.data:
            raise ValidationError(_l("Het laatste jaar kan niet vóór het eerste jaar liggen"))
