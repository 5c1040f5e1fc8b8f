"""Saving a wizard page: keep what is valid, park what is not, and never overwrite a colleague."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from building_blocks.schema import Section
from plans.models import Plan, User
from plans.writing import editing
from plans.writing.sections import content_for, is_visible
from webapp.plan_pages.pages import WizardPage

BASE_PREFIX = "base__"
RESOLVE_PREFIX = "resolve__"


def base_versions(formdata: MultiDict) -> dict[str, int]:
    """The version of every field the user saw, from the hidden inputs of the page."""
    versions = {}
    for name, value in formdata.items():
        if name.startswith(BASE_PREFIX) and value.isdigit():
            versions[name[len(BASE_PREFIX):]] = int(value)
    return versions


def versions_for(plan: Plan, keys: list[str]) -> dict[str, int]:
    """The version of every key on a page; 0 for a key without an answer yet."""
    return {**dict.fromkeys(keys, 0), **editing.versions_of(plan, keys)}


@dataclass
class Outcome:
    errors: bool
    conflicts: list = field(default_factory=list)
    versions: dict = field(default_factory=dict)
    new_questions: list = field(default_factory=list)


def save_page(plan: Plan, section: Section, page: WizardPage, formdata: MultiDict, user: User,
              *, require_answers: bool) -> Outcome:
    """Save a submitted page.

    Valid fields are saved even when others have errors; the whole submission is then kept as a draft
    (the section shows "Er is een probleem") until the page is saved without errors.
    """
    valid = page.check(require_answers)
    # In a conflict the user may keep the colleague's version of a field: then it is not saved.
    keep_theirs = {key for key in page.keys if formdata.get(RESOLVE_PREFIX + key) == "theirs"}
    values = {k: v for k, v in page.valid_values().items() if k not in keep_theirs}
    result = editing.save_values(plan, section.id, values, base_versions(formdata), user)
    if valid and not result.conflicts:
        editing.clear_draft(plan, section.id, page.step.id)
    elif not valid:
        editing.save_draft(plan, section.id, page.step.id, _draft_data(page, formdata), user)
    outcome = Outcome(errors=not valid, conflicts=result.conflicts, versions=versions_for(plan, page.keys))
    if page.step.kind == "questions" and valid and not result.conflicts:
        saved = editing.values_of(plan)
        shown = {q.id for q in page.shown}
        outcome.new_questions = [q.id for q in page.step.questions if q.id not in shown and is_visible(q, saved)]
    return outcome


def _draft_data(page: WizardPage, formdata: MultiDict) -> dict:
    data = {key: formdata.getlist(key) for key in formdata if key != "csrf_token"}
    data["shown"] = [q.id for q in page.shown]
    return data


def autosave_text(plan: Plan, formdata: MultiDict, user: User) -> tuple[int, dict]:
    """Background save of one long text; a conflict is reported, never forced."""
    key, value = formdata.get("key", ""), formdata.get("value", "")
    section, question = _long_text_question(plan, key)
    if question is None:
        return 400, {"message": _("Dit veld kan niet automatisch worden opgeslagen.")}
    if len(value) > (question.max_length or 20000):
        return 400, {"message": _("De tekst is te lang om op te slaan.")}
    base = formdata.get("base", "")
    if not base.isdigit():
        return 400, {"message": _("Het veld mist zijn versie.")}
    result = editing.save_values(plan, section.id, {key: value.strip()}, {key: int(base)}, user, via="autosave")
    if result.conflicts:
        return 409, {"message": _("Niet automatisch opgeslagen: een collega heeft dit veld intussen gewijzigd. "
                                  "Sla de pagina op om beide versies te zien.")}
    return 200, {"version": versions_for(plan, [key])[key], "message": _("Automatisch opgeslagen")}


def _long_text_question(plan: Plan, key: str):
    """The section and long-text question with this id, or (None, None)."""
    for section in content_for(plan).sections:
        for question in section.questions:
            if question.id == key and question.type == "long_text":
                return section, question
    return None, None
