"""From a posted wizard page (or a background save) to the domain's save, and back."""
from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from plans.models import Plan, User
from plans.writing import editing
from plans.writing.saving import PageSubmission, versions_for
from plans.writing.sections import content_for
from webapp.forms.validators import ascii_int
from webapp.plan_pages.pages import WizardPage
from webapp.plan_pages.posted import RESOLVE_PREFIX, base_versions, draft_data


def posted_page(page: WizardPage, formdata: MultiDict, *, require_answers: bool) -> PageSubmission:
    """What the domain needs to save a posted page, read from the form and the hidden inputs."""
    valid = page.check(require_answers)  # first: the checks set the field errors valid_values() reads
    return PageSubmission(
        section=page.section, step=page.step, keys=page.keys, valid=valid, valid_values=page.valid_values(),
        draft=draft_data(page, formdata), base_versions=base_versions(formdata),
        # In a conflict the user may keep the colleague's version of a field.
        keep_theirs={key for key in page.keys if formdata.get(RESOLVE_PREFIX + key) == "theirs"},
        shown=[q.id for q in page.shown],
    )


def autosave_text(plan: Plan, formdata: MultiDict, user: User) -> tuple[int, dict]:
    """Background save of one long text; a conflict is reported, never forced."""
    key, value = formdata.get("key", ""), formdata.get("value", "")
    section, question = _long_text_question(plan, key)
    if question is None:
        return 400, {"message": _("Dit veld kan niet automatisch worden opgeslagen.")}
    if len(value) > (question.max_length or 20000):
        return 400, {"message": _("De tekst is te lang om op te slaan.")}
    base = ascii_int(formdata.get("base"))
    if base is None:
        return 400, {"message": _("Het veld mist zijn versie.")}
    result = editing.save_values(plan, section.id, {key: value.strip()}, {key: base}, user, via="autosave")
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
