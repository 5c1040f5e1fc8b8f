"""The words of the domain: every stored status, decision and audit action, each with its Dutch label.

The values are what the database holds (never change one without a data migration); templates, forms
and filters take the labels from here, so a value without a label cannot exist.
"""
from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Vocabulary(enum.StrEnum):
    """A StrEnum whose members are declared as `NAME = "value", _l("Label")`."""

    def __new__(cls, value: str, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self):
        """The Dutch label (lazy, so it can sit in a form class and is translated when shown)."""
        return self._label

    @classmethod
    def pairs(cls) -> list[tuple[str, object]]:
        """(value, label) per member, in order: the choices of a form field."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def label_of(cls, value: str) -> str:
        """The label of a stored value; an unknown value (never written by this app) shows as itself."""
        try:
            return cls(value).label
        except ValueError:
            return value


class ChecklistStatus(Vocabulary):
    """How far a checklist item is arranged in the region."""

    JA = "ja", _l("Ja")
    DEELS = "deels", _l("Deels")
    NEE = "nee", _l("Nee")
    NVT = "nvt", _l("Niet van toepassing")


class SectionDone(Vocabulary):
    """The answer to "Is dit onderdeel klaar?"."""

    DONE = "ja", _l("Ja, dit onderdeel is klaar")
    LATER = "nee", _l("Nee, ik kom later terug")


class YesNo(Vocabulary):
    """A plain yes or no, as in the columns of an export."""

    JA = "ja", _l("Ja")
    NEE = "nee", _l("Nee")


class SectionStatus(Vocabulary):
    """Where the writing of a section stands (derived, never stored)."""

    NOT_STARTED = "niet_gestart", _l("Niet gestart")
    IN_PROGRESS = "bezig", _l("Bezig")
    COMPLETE = "klaar", _l("Klaar")
    PROBLEM = "probleem", _l("Er is een probleem")


class PlanStatus(Vocabulary):
    """Where a plan stands in review and sign-off; the label reads inside a sentence ("het plan is …")."""

    CONCEPT = "concept", _l("concept")
    INGEDIEND = "ingediend", _l("ingediend")
    WIJZIGINGEN = "wijzigingen_gevraagd", _l("terug met gevraagde wijzigingen")
    BEOORDEELD = "beoordeeld", _l("goedgekeurd door de kring")
    ONDERTEKEND = "ondertekend", _l("ondertekend")


class ReviewDecision(Vocabulary):
    """What a beoordelaar decides about one section (stored per decision)."""

    APPROVED = "akkoord", _l("Akkoord")
    CHANGES = "wijzigingen", _l("Wijzigingen gevraagd")


class ReviewState(Vocabulary):
    """Where a section stands in the current review (derived from the decisions)."""

    TO_REVIEW = "te_beoordelen", _l("Te beoordelen")
    APPROVED = "akkoord", _l("Akkoord kring")
    CHANGES = "wijzigingen", _l("Wijzigingen gevraagd")


class AuditAction(Vocabulary):
    """What happened to a plan; the label is the log line, filled with the event's detail."""

    CREATED = "created", _l("Plan aangemaakt: %(title)s")
    SECTION_COMPLETED = "section_completed", _l("Klaar gemeld: %(section)s")
    SUBMITTED = "submitted", _l("Ingediend bij de kring")
    RESUBMITTED = "resubmitted", _l("Opnieuw ingediend")
    WITHDRAWN = "withdrawn", _l("Indiening ingetrokken")
    APPROVED_SECTION = "approved_section", _l("Akkoord: %(section)s")
    CHANGES_REQUESTED = "changes_requested", _l("Wijzigingen gevraagd: %(section)s (%(reason)s)")
    REVIEW_COMPLETED = "review_completed", _l("Beoordeling afgerond")
    COMMENT = "comment", _l("Opmerking bij %(section)s")
    COMMENT_RESOLVED = "comment_resolved", _l("Discussie afgesloten bij %(section)s")
    SIGNED = "signed", _l("Ondertekend door %(name)s, %(function)s")
    PLAN_SIGNED = "plan_signed", _l("Plan vastgesteld en verzegeld")
    NEW_VERSION = "new_version", _l("Nieuwe versie %(version)s gestart")
    CREATED_FROM = "created_from", _l("Gemaakt als nieuwe versie van versie %(version)s")
    CONTENT_VERSION_MOVED = "content_version_moved", _l(
        "Overgezet van inhoudsversie %(from_version)s naar %(version)s: %(moved)s antwoorden meegenomen, "
        "%(retired)s bewaard als antwoord uit de vorige inhoudsversie")
    ADOPTION_RECORDED = "adoption_recorded", _l("Vaststelling vastgelegd: %(body)s op %(date)s")
    CONSULTATION_ADDED = "consultation_added", _l("Afstemming met %(party)s vastgelegd")
    CONSULTATION_REMOVED = "consultation_removed", _l("Afstemming met %(party)s verwijderd")
    MATURITY_VIEW = "maturity_view", _l("Eigen niveau voor %(section)s gegeven door %(name)s")
    MATURITY_SETTLED = "maturity_settled", _l("Niveau vastgesteld voor %(section)s: %(current)s, doel %(target)s")


class AreaKind(Vocabulary):
    """The kind of area a reference figure describes."""

    ZORGKANTOORREGIO = "zorgkantoorregio", _l("Zorgkantoorregio")
    GEMEENTE = "gemeente", _l("Gemeente")


class LegalForm(Vocabulary):
    """The organisation's legal form: it decides which bodies can adopt a plan."""

    COOPERATIE = "cooperatie", _l("Coöperatie")
    VERENIGING = "vereniging", _l("Vereniging")
    STICHTING = "stichting", _l("Stichting")
    BV = "bv", _l("Besloten vennootschap (bv)")


class AdoptingBody(Vocabulary):
    """The body that formally adopted a plan."""

    ALV = "alv", _l("Algemene ledenvergadering (ALV)")
    LEDENRAAD = "ledenraad", _l("Ledenraad")
    RAAD_VAN_TOEZICHT = "raad_van_toezicht", _l("Raad van toezicht")
    BESTUUR = "bestuur", _l("Bestuur")


class PartyKind(Vocabulary):
    """With whom a plan was agreed (afstemming)."""

    ZORGVERZEKERAAR = "zorgverzekeraar", _l("Zorgverzekeraar")
    GEMEENTE = "gemeente", _l("Gemeente")


class ConsultationOutcome(Vocabulary):
    """How an afstemming ended."""

    AKKOORD = "akkoord", _l("Akkoord")
    AKKOORD_MET_OPMERKINGEN = "akkoord_met_opmerkingen", _l("Akkoord met opmerkingen")
    IN_GESPREK = "in_gesprek", _l("Nog in gesprek")
    GEEN_AKKOORD = "geen_akkoord", _l("Geen akkoord")


VOCABULARIES: tuple[type[Vocabulary], ...] = (
    ChecklistStatus, SectionDone, YesNo, SectionStatus, PlanStatus, ReviewDecision, ReviewState, AuditAction,
    AreaKind, LegalForm, AdoptingBody, PartyKind, ConsultationOutcome,
)
