"""Which figures exist, what they measure, and which region-profile questions they prefill."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class FigureKind:
    key: str
    label: object  # lazy Dutch text
    whole: bool  # a count (no decimals) or a share / fte
    percentage: bool = False
    forecast: bool = False  # a prognosis: needs the year it is about


FIGURES: dict[str, FigureKind] = {f.key: f for f in (
    FigureKind("inwoners", _l("Inwoners"), whole=True),
    FigureKind("huisartsen_personen", _l("Huisartsen (personen)"), whole=True),
    FigureKind("huisartsen_fte", _l("Huisartsen (fte)"), whole=False),
    FigureKind("aandeel_60_plus", _l("Aandeel inwoners van 60 jaar en ouder (%)"), whole=False, percentage=True),
    FigureKind("praktijken", _l("Huisartsenpraktijken"), whole=True),
    FigureKind("praktijken_patientenstop", _l("Praktijken met een patiëntenstop"), whole=True),
    FigureKind("prognose_inwoners", _l("Prognose inwoners"), whole=True, forecast=True),
    FigureKind("prognose_aandeel_60_plus", _l("Prognose aandeel 60 jaar en ouder (%)"), whole=False, percentage=True,
               forecast=True),
)}

# Region-profile question -> the figure that prefills it while the plan has no answer yet. Questions
# that a content version does not have are skipped, so a later content version only adds lines here.
PREFILLS: dict[str, str] = {
    "b1_inwoners": "inwoners",
    "b1_praktijken": "praktijken",
}
