"""The board's part of a plan export: adoption, afstemming, own maturity levels and settled levels.

Files written before these keys existed import without them (each key is optional on import).
"""
from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from plans.db import db
from plans.exchange.jsonformat import ExchangeError
from plans.exchange.jsonformat import moment_to_text as iso
from plans.models import MaturitySettlement, MaturityView, Plan, PlanAdoption, PlanConsultation

KEYS = ("adoption", "consultations", "maturity_views", "maturity_settlements")


def export_board(plan: Plan, people) -> dict[str, Any]:
    adoption = db.session.scalar(sa.select(PlanAdoption).where(PlanAdoption.plan_id == plan.id))
    consultations = _rows(PlanConsultation, plan, lambda c: (c.consulted_on, c.party_name, c.id))
    views = _rows(MaturityView, plan, lambda v: (v.section_id, people.email(v.user_id), v.id))
    settlements = _rows(MaturitySettlement, plan, lambda s: (s.section_id, s.id))
    return {
        "adoption": adoption and {
            "body": adoption.body, "adopted_on": adoption.adopted_on.isoformat(),
            "minutes_reference": adoption.minutes_reference, "recorded_at": iso(adoption.recorded_at),
            "recorded_by": people.email(adoption.recorded_by_id)},
        "consultations": [
            {"party_kind": c.party_kind, "party_name": c.party_name, "consulted_on": c.consulted_on.isoformat(),
             "outcome": c.outcome, "note": c.note, "recorded_at": iso(c.recorded_at),
             "recorded_by": people.email(c.recorded_by_id)} for c in consultations],
        "maturity_views": [
            {"section": v.section_id, "user": people.email(v.user_id), "current": v.current, "target": v.target,
             "updated_at": iso(v.updated_at)} for v in views],
        "maturity_settlements": [
            {"section": s.section_id, "current": s.current, "target": s.target, "motivation": s.motivation,
             "settled_by": people.email(s.settled_by_id), "settled_at": iso(s.settled_at)} for s in settlements],
    }


def _rows(model, plan: Plan, key) -> list:
    return sorted(db.session.scalars(sa.select(model).where(model.plan_id == plan.id)), key=key)


def import_board(importer, plan: Plan) -> None:
    """Insert the board's rows of the file in file order; `importer` resolves people (plans.exchange.importer)."""
    root = importer.root
    adoption = root.object("adoption", optional=True) if "adoption" in root.value else None
    if adoption is not None:
        importer.insert(PlanAdoption, [dict(
            plan_id=plan.id, body=adoption.text("body"), adopted_on=_day(adoption, "adopted_on"),
            minutes_reference=adoption.text("minutes_reference"), recorded_at=adoption.moment("recorded_at"),
            recorded_by_id=importer.person(adoption, "recorded_by", optional=True))])
    importer.insert(PlanConsultation, [
        dict(plan_id=plan.id, party_kind=c.text("party_kind"), party_name=c.text("party_name"),
             consulted_on=_day(c, "consulted_on"), outcome=c.text("outcome"), note=c.text("note", optional=True),
             recorded_at=c.moment("recorded_at"), recorded_by_id=importer.person(c, "recorded_by", optional=True))
        for c in _objects(root, "consultations")])
    importer.insert(MaturityView, [
        dict(plan_id=plan.id, section_id=v.text("section"), user_id=importer.person(v, "user"),
             current=v.number("current"), target=v.number("target"), updated_at=v.moment("updated_at"))
        for v in _objects(root, "maturity_views")])
    importer.insert(MaturitySettlement, [
        dict(plan_id=plan.id, section_id=s.text("section"), current=s.number("current"), target=s.number("target"),
             motivation=s.text("motivation"), settled_by_id=importer.person(s, "settled_by"),
             settled_at=s.moment("settled_at"))
        for s in _objects(root, "maturity_settlements")])


def _objects(root, key: str) -> list:
    return root.objects(key) if key in root.value else []


def _day(fields, key: str) -> date:
    text = fields.text(key)
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ExchangeError(f"Ongeldige plan-export: ‘{fields.path}.{key}’ is geen datum (JJJJ-MM-DD): {text}.") from exc
