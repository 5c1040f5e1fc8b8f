"""Forms for consensus on maturity: one person's own levels for every section, and the board's settlement."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import ValidationError

from plans.writing.consensus import MOTIVATION_MAX
from webapp.forms.base import BaseForm, choices
from webapp.forms.validators import Length, Required
from webapp.plan_pages.forms import OneOf


def _level_choices(section, empty: bool):
    pairs = [(str(lv.level), f"{lv.level}. {lv.name}") for lv in section.levels]
    return choices(([("", _l("Geen oordeel"))] if empty else []) + pairs)


def make_views_form(content):
    """current_<section> and target_<section> per section; both empty means no view."""
    attrs = {}
    for section in content.sections:
        values = [str(lv.level) for lv in section.levels]
        attrs[f"current_{section.id}"] = SelectField(_l("Huidig niveau"), choices=_level_choices(section, True),
                                                     validate_choice=False, validators=[OneOf(values)])
        attrs[f"target_{section.id}"] = SelectField(_l("Doelniveau"), choices=_level_choices(section, True),
                                                    validate_choice=False, validators=[OneOf(values)])

    def validate(self, extra_validators=None):
        valid = BaseForm.validate(self, extra_validators)
        for section in content.sections:
            current, target = self[f"current_{section.id}"], self[f"target_{section.id}"]
            if current.errors or target.errors:
                continue
            if bool(current.data) != bool(target.data):
                (target if current.data else current).errors.append(_l("Kies ook het andere niveau, of geen van beide"))
                valid = False
            elif current.data and int(target.data) < int(current.data):
                target.errors.append(_l("Het doelniveau kan niet lager zijn dan het huidige niveau"))
                valid = False
        return valid

    def levels(self) -> dict[str, tuple[int | None, int | None]]:
        return {s.id: (_int(self[f"current_{s.id}"].data), _int(self[f"target_{s.id}"].data)) for s in content.sections}

    form = type("MaturityViewsForm", (BaseForm,), {**attrs, "validate": validate, "levels": levels})
    form.sections = content.sections
    return form


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def views_data(content, views) -> dict:
    mine = {v.section_id: v for v in views}
    data = {}
    for section in content.sections:
        view = mine.get(section.id)
        data[f"current_{section.id}"] = str(view.current) if view else ""
        data[f"target_{section.id}"] = str(view.target) if view else ""
    return data


def make_settle_form(section):
    values = [str(lv.level) for lv in section.levels]

    class SettleLevelsForm(BaseForm):
        current = RadioField(_l("Vastgesteld huidig niveau"), choices=_level_choices(section, False),
                             validate_choice=False, validators=[Required(_l("het huidige niveau"), verb="choose"),
                                                                OneOf(values)])
        target = RadioField(_l("Vastgesteld doelniveau"), choices=_level_choices(section, False),
                            validate_choice=False, validators=[Required(_l("het doelniveau"), verb="choose"),
                                                               OneOf(values)])
        motivation = TextAreaField(_l("Motivering van het bestuur"),
                                   description=_l("Kort: waarom dit niveau, vooral als de oordelen uiteenliepen."),
                                   validators=[Required(_l("een motivering")),
                                               Length(max=MOTIVATION_MAX, thing=_l("De motivering"))])
        base = HiddenField()

        def validate_target(self, field):
            # OneOf reports an unknown value; only two levels of the scale are compared.
            if field.data in values and self.current.data in values and int(field.data) < int(self.current.data):
                raise ValidationError(_l("Het doelniveau kan niet lager zijn dan het huidige niveau"))

    return SettleLevelsForm
