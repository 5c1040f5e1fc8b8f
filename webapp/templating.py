"""Jinja filters shared by the templates."""
import contextlib
from datetime import date

from flask import Flask
from flask_babel import format_currency, format_date, format_datetime, format_decimal, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from plans.vocabulary import (
    AdoptingBody,
    AuditAction,
    ChecklistStatus,
    ConsultationOutcome,
    PartyKind,
    PlanStatus,
    ReviewDecision,
    ReviewState,
    SectionDone,
    SectionStatus,
)
from plans.writing.sections import is_visible
from webapp.forms.base import messages
from webapp.forms.naming import field_name

ROLE_NAMES = {
    "bestuurder": _l("Bestuurder"),
    "redacteur": _l("Redacteur"),
    "beoordelaar": _l("Beoordelaar"),
    "coach": _l("Coach"),
    "beheerder": _l("Beheerder"),
}
KIND_NAMES = {
    "zorggroep": _l("Zorggroep"),
    "regio-organisatie": _l("Regio-organisatie huisartsen"),
    "huisartsencooperatie": _l("Huisartsencoöperatie"),
    "anders": _l("Anders"),
}

QUESTION_TYPE_NAMES = {
    "short_text": _l("Korte tekst"),
    "long_text": _l("Lange tekst"),
    "integer": _l("Heel getal"),
    "decimal": _l("Getal met decimalen"),
    "percentage": _l("Percentage"),
    "euro": _l("Bedrag in euro"),
    "date": _l("Datum"),
    "year": _l("Jaartal"),
    "yes_no": _l("Ja of nee"),
    "choice": _l("Eén keuze"),
    "multi_choice": _l("Meerdere keuzes"),
    "table": _l("Tabel"),
    "action_plan": _l("Actieplan"),
}


def paragraphs(text: str) -> Markup:
    """Blank-line separated text as escaped <p> elements."""
    parts = [part.strip() for part in (text or "").split("\n\n") if part.strip()]
    return Markup("").join(Markup("<p>%s</p>") % escape(part) for part in parts)


def condition_values(condition) -> list[str]:
    return [condition.equals] if condition.equals is not None else list(condition.any_of)


def option_label(value: str, question) -> str:
    return next((o.label for o in question.options if o.value == value), value)


def section_sources(section) -> list[str]:
    """Every source key a section cites, its own list first, in order of first mention."""
    keys = list(section.sources)
    for item in (*section.questions, *section.checklist, *section.levels, *section.good_practices):
        keys.extend(item.sources)
    return list(dict.fromkeys(keys))


def number(value, kind: str = "integer") -> str:
    if kind == "year":
        return str(value)
    if kind == "euro":
        return format_currency(value, "EUR")
    return format_decimal(value, format="#,##0.##")


def dutch_date(value) -> str:
    """1 januari 2024, from a date or its ISO text."""
    try:
        return format_date(value if isinstance(value, date) else date.fromisoformat(value), "d MMMM yyyy")
    except (TypeError, ValueError):
        return str(value)


def short_date(value) -> str:
    """31-12-2026, for narrow table cells."""
    try:
        return date.fromisoformat(value).strftime("%d-%m-%Y")
    except (TypeError, ValueError):
        return "" if value is None else str(value)


def option_text(value, options) -> str:
    if value == "anders":
        return str(_l("Anders"))
    return next((o.label for o in options if o.value == value), value)


def level_name(section, level) -> str:
    found = next((lv for lv in section.levels if lv.level == level), None)
    return f"{found.level}. {found.name}" if found else "–"


def question_by_key(section, key: str):
    question_id = key.removesuffix(".anders")
    return next((q for q in section.questions if q.id == question_id), None)


def audit_text(event, content) -> str:
    """The log line of an audit event: its action's label filled with the detail (section titles, names)."""
    detail = dict(event.detail or {})
    if "section" in detail:
        with contextlib.suppress(KeyError):
            detail["section"] = content.section(detail["section"]).title
    if "date" in detail:
        detail["date"] = dutch_date(detail["date"])
    try:
        template = AuditAction(event.action).label
    except ValueError:
        return event.action
    try:
        return str(template) % {"section": "", "reason": "", "name": "", "function": "", "version": "",
                                "from_version": "", "moved": "", "retired": "", "body": "", "date": "", "party": "",
                                "current": "", "target": "", "title": "", **detail}
    except (KeyError, TypeError, ValueError):
        return event.action


def init_app(app: Flask) -> None:
    app.jinja_env.filters["role_name"] = lambda role: ROLE_NAMES.get(role, role)
    app.jinja_env.filters["kind_name"] = lambda kind: KIND_NAMES.get(kind, kind)
    app.jinja_env.filters.update(
        paragraphs=paragraphs,
        condition_values=condition_values,
        option_label=option_label,
        section_sources=section_sources,
        number=number,
        dutch_date=dutch_date,
        short_date=short_date,
        audit_text=audit_text,
        plan_status=lambda status: str(PlanStatus.label_of(status)).capitalize(),
        option_text=option_text,
        level_name=level_name,
        question_by_key=question_by_key,
        field_name=field_name,
        messages=messages,
        visible=is_visible,
        checklist_status=ChecklistStatus.label_of,
        section_status=SectionStatus.label_of,
    )
    # The vocabularies, so templates compare with `PlanStatus.CONCEPT` instead of a bare string.
    app.jinja_env.globals.update(PlanStatus=PlanStatus, ReviewDecision=ReviewDecision, ReviewState=ReviewState,
                                 SectionDone=SectionDone, SectionStatus=SectionStatus, AdoptingBody=AdoptingBody,
                                 PartyKind=PartyKind, ConsultationOutcome=ConsultationOutcome)
    app.jinja_env.tests["visible"] = is_visible
    app.jinja_env.filters["question_type"] = lambda kind: QUESTION_TYPE_NAMES.get(kind, kind)
    app.jinja_env.filters["datetime"] = lambda value: format_datetime(value, "d MMMM yyyy HH:mm") if value else ""


def cache_template_translations(app: Flask) -> None:
    """`_()` in the templates, looked up once per locale and text instead of on every call of every request.

    The templates translate only literal texts (their variables are filled in after the lookup), so the cache is
    as large as the templates' texts times the locales. Installed after Flask-Babel, whose lookup it wraps."""
    cache: dict[tuple[str, str], str] = {}

    def gettext(text: str) -> str:
        key = (str(get_locale()), text)
        found = cache.get(key)
        if found is None:
            found = cache[key] = get_translations().ugettext(text)
        return found

    app.jinja_env.install_gettext_callables(
        gettext=gettext,
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n),
    )
