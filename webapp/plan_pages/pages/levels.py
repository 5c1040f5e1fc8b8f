"""The self-rating of a section: the current level and the target level on the section's scale."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from plans.writing.sections import StepKind, levels_key
from webapp.forms.base import BaseForm, choices
from webapp.plan_pages.fields import StrictRadioField
from webapp.plan_pages.form_classes import FormClasses
from webapp.plan_pages.forms import OneOf
from webapp.plan_pages.pages.base import WizardPage, filled_form


class LevelsPage(WizardPage):
    kind = StepKind.LEVELS
    partial = "plan_pages/steps/_levels.html"

    @classmethod
    def build(cls, section, step, values, *, formdata=None, shown_ids=None, add_row=None) -> LevelsPage:
        saved = values.get(levels_key(section)) or {}
        data = {"current": _text(saved.get("current")), "target": _text(saved.get("target"))}
        return cls(section, step, filled_form(make_levels_form(section), formdata, data))

    @property
    def keys(self) -> list[str]:
        return [levels_key(self.section)]

    def check(self, require_answers: bool) -> bool:
        valid = self.form.validate()
        if require_answers:
            for f in (self.form.current, self.form.target):
                if not f.data and not f.errors:
                    f.errors = [_l("Kies een niveau")]
                    valid = False
        return valid

    def values(self) -> dict[str, Any]:
        current, target = self.form.current.data, self.form.target.data
        value = {"current": int(current) if current else None, "target": int(target) if target else None}
        return {levels_key(self.section): value if current or target else None}

    def valid_values(self) -> dict[str, Any]:
        return {} if self.form.errors else self.values()


LEVEL_FORMS = FormClasses()


def make_levels_form(section) -> type[BaseForm]:
    """The section's self-rating form class, built once per content version."""
    return LEVEL_FORMS.get(section, "levels", lambda: _levels_form(section))


def _levels_form(section) -> type[BaseForm]:
    level_choices = choices([(str(lv.level), f"{lv.level}. {lv.name}: {lv.description}") for lv in section.levels])
    values = [str(lv.level) for lv in section.levels]

    class LevelsForm(BaseForm):
        # Strict: a forged level ("x", "²") is a message, never int() of it.
        current = StrictRadioField(_l("Waar staat uw regio nu?"), choices=level_choices, validate_choice=False,
                                   validators=[OneOf(values)])
        target = StrictRadioField(_l("Waar wilt u aan het eind van de planperiode staan?"), choices=level_choices,
                                  validate_choice=False, validators=[OneOf(values)])

        def validate_target(self, field):
            if field.data and self.current.data and int(field.data) < int(self.current.data):
                raise ValidationError(_l("Het doelniveau kan niet lager zijn dan het huidige niveau"))

    return LevelsForm


def _text(value) -> str | None:
    return None if value is None else str(value)
