"""The formal adoption: the bodies a legal form has, dates in the past, kept in the audit trail, frozen once signed."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from plans.clock import utcnow
from plans.documents import pdf
from plans.models import AuditEvent, PlanStatus
from plans.review import adoption
from plans.review.adoption import AdoptionError
from plans.writing import editing


@pytest.fixture
def plan(factories):
    org = factories.organisation("Zorggroep Vaststelling")
    plan = editing.create_plan(org, "Plan", 2026, 2029, None)
    plan.board = factories.member(org, "bestuurder")
    return plan


def record(plan, **overrides):
    kwargs = dict(body="bestuur", adopted_on=date(2026, 3, 12), minutes_reference="Notulen 12 maart 2026")
    return adoption.record_adoption(plan, plan.board, **{**kwargs, **overrides})


def actions(db_session, plan) -> list[str]:
    """The plan's audit actions after its creation."""
    query = sa.select(AuditEvent.action).filter_by(plan_id=plan.id).where(AuditEvent.action != "created")
    return list(db_session.scalars(query.order_by(AuditEvent.id)))


@pytest.mark.parametrize(("legal_form", "bodies"), [
    ("cooperatie", ("alv", "ledenraad", "raad_van_toezicht", "bestuur")),
    ("vereniging", ("alv", "ledenraad", "raad_van_toezicht", "bestuur")),
    ("stichting", ("raad_van_toezicht", "bestuur")),
    ("bv", ("raad_van_toezicht", "bestuur")),
    (None, ("alv", "ledenraad", "raad_van_toezicht", "bestuur")),
])
def test_the_legal_form_decides_which_bodies_can_adopt(plan, legal_form, bodies):
    plan.organisation.legal_form = legal_form
    assert adoption.bodies_for(plan.organisation) == bodies


def test_a_stichting_has_no_members_meeting_to_adopt_the_plan(plan):
    plan.organisation.legal_form = "stichting"
    with pytest.raises(AdoptionError, match="Raad van toezicht, Bestuur"):
        record(plan, body="alv")


def test_adoption_is_recorded_corrected_and_kept_in_the_audit_trail(plan, db_session):
    revision = plan.revision
    record(plan)
    record(plan, body="alv", minutes_reference="Notulen ALV 20 maart 2026")
    kept = adoption.adoption_of(plan)
    assert (kept.body, kept.minutes_reference) == ("alv", "Notulen ALV 20 maart 2026")
    assert actions(db_session, plan) == ["adoption_recorded", "adoption_recorded"]
    assert plan.revision == revision + 2, "the cached concept PDF is rendered again"


def test_adoption_needs_minutes_and_a_date_that_has_passed(plan):
    with pytest.raises(AdoptionError, match="Noem de notulen"):
        record(plan, minutes_reference="  ")
    with pytest.raises(AdoptionError, match="ligt in de toekomst"):
        record(plan, adopted_on=utcnow().date() + timedelta(days=1))


def test_consultations_are_added_and_removed_with_a_trail(plan, db_session):
    kwargs = dict(party_kind="zorgverzekeraar", party_name="Zorgverzekeraar Noord", consulted_on=date(2026, 2, 1),
                  outcome="akkoord", note="")
    first = adoption.add_consultation(plan, plan.board, **kwargs)
    adoption.add_consultation(plan, plan.board, **{**kwargs, "party_kind": "gemeente", "party_name": "Gemeente Hoorn",
                                                   "consulted_on": date(2026, 1, 15), "outcome": "in_gesprek"})
    assert [c.party_name for c in adoption.consultations_of(plan)] == ["Gemeente Hoorn", "Zorgverzekeraar Noord"]
    assert first.note is None
    adoption.remove_consultation(plan, plan.board, first)
    assert [c.party_name for c in adoption.consultations_of(plan)] == ["Gemeente Hoorn"]
    assert actions(db_session, plan) == ["consultation_added", "consultation_added", "consultation_removed"]
    with pytest.raises(AdoptionError, match="Kies een zorgverzekeraar of gemeente"):
        adoption.add_consultation(plan, plan.board, **{**kwargs, "outcome": "misschien"})


def test_nothing_changes_once_the_plan_is_signed(plan):
    record(plan)
    plan.status = PlanStatus.ONDERTEKEND
    with pytest.raises(AdoptionError, match="ondertekend"):
        record(plan, body="alv")


def test_the_sign_off_page_of_the_pdf_shows_adoption_and_afstemming(plan):
    html = pdf.render_html(plan, pdf.PdfOptions())
    assert "De formele vaststelling is nog niet vastgelegd" in html
    record(plan, body="raad_van_toezicht", minutes_reference="Besluit RvT <2026-04>")
    adoption.add_consultation(plan, plan.board, party_kind="gemeente", party_name="Gemeente Texel",
                              consulted_on=date(2026, 2, 1), outcome="akkoord_met_opmerkingen", note="Zie brief.")
    html = pdf.render_html(plan, pdf.PdfOptions())
    signoff = html[html.index('id="ondertekening"'):]
    assert "Vastgesteld door: Raad van toezicht, op 12 maart 2026" in signoff
    assert "Besluit RvT &lt;2026-04&gt;" in signoff, "escaped"
    assert "Gemeente Texel (gemeente)" in signoff and "Akkoord met opmerkingen" in signoff
