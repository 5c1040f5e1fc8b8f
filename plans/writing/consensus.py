"""Consensus on maturity: each board member's own levels per section, their spread, and the settled level.

The settled level is written as the plan's own levels answer (`<section>.niveau`, with its history), so
the radar, the check pages and the PDF show it; the settlement keeps the board's motivation.
Operations flush, never commit.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from plans.clock import utcnow
from plans.db import db
from plans.models import MaturitySettlement, MaturityView, Plan, User
from plans.review.workflow import WorkflowError, record
from plans.vocabulary import AuditAction, PlanStatus
from plans.writing import editing
from plans.writing.sections import content_for, levels_key

DISCUSS_SPREAD = 2  # views that differ this many levels or more are "bespreken in het bestuur"
MOTIVATION_MAX = 2000


class ConsensusError(WorkflowError):
    """A refused view or settlement; the message is shown to the user."""


@dataclass(frozen=True)
class SectionSpread:
    section: object
    views: list[MaturityView]
    settlement: MaturitySettlement | None
    plan_levels: dict  # the plan's current levels answer: {"current", "target"} or {}

    @property
    def current_range(self) -> tuple[int, int] | None:
        return _range([v.current for v in self.views])

    @property
    def target_range(self) -> tuple[int, int] | None:
        return _range([v.target for v in self.views])

    @property
    def to_discuss(self) -> bool:
        """Bespreken in het bestuur: own views differ two levels or more on current or target level."""
        return any(r and r[1] - r[0] >= DISCUSS_SPREAD for r in (self.current_range, self.target_range))

    @property
    def settled_since_changed(self) -> bool:
        """The plan's levels were changed (in the wizard) after the board settled them."""
        s = self.settlement
        return s is not None and (self.plan_levels.get("current"), self.plan_levels.get("target")) != (s.current,
                                                                                                         s.target)


def _range(levels: list[int]) -> tuple[int, int] | None:
    return (min(levels), max(levels)) if levels else None


def views_of(plan: Plan) -> list[MaturityView]:
    return list(db.session.scalars(sa.select(MaturityView).where(MaturityView.plan_id == plan.id)
                                   .order_by(MaturityView.section_id, MaturityView.id)))


def settlements_of(plan: Plan) -> dict[str, MaturitySettlement]:
    rows = db.session.scalars(sa.select(MaturitySettlement).where(MaturitySettlement.plan_id == plan.id))
    return {s.section_id: s for s in rows}


def plan_spread(plan: Plan) -> list[SectionSpread]:
    views, settled, values = views_of(plan), settlements_of(plan), editing.values_of(plan)
    return [SectionSpread(section, [v for v in views if v.section_id == section.id], settled.get(section.id),
                          values.get(levels_key(section)) or {})
            for section in content_for(plan).sections]


def _check_levels(plan: Plan, section_id: str, current: int, target: int):
    try:
        section = content_for(plan).section(section_id)
    except KeyError as exc:
        raise ConsensusError(_l("Dit onderdeel bestaat niet in dit plan.")) from exc
    levels = {lv.level for lv in section.levels}
    if current not in levels or target not in levels:
        raise ConsensusError(_l("Kies voor %(section)s een huidig niveau en een doelniveau van de schaal.",
                                section=section.title))
    if target < current:
        raise ConsensusError(_l("Bij %(section)s kan het doelniveau niet lager zijn dan het huidige niveau.",
                                section=section.title))
    return section


def _ensure_open(plan: Plan) -> None:
    if plan.status == PlanStatus.ONDERTEKEND:
        raise ConsensusError(_l("Dit plan is ondertekend; de niveaus liggen vast. Start een nieuwe versie."))


def give_view(plan: Plan, user: User, section_id: str, current: int | None, target: int | None) -> bool:
    """Store (or clear, with both None) one person's own levels for a section; returns whether anything changed."""
    _ensure_open(plan)
    view = db.session.scalar(sa.select(MaturityView).filter_by(plan_id=plan.id, section_id=section_id,
                                                               user_id=user.id))
    if current is None and target is None:
        if view is None:
            return False
        db.session.delete(view)
    else:
        if current is None or target is None:
            raise ConsensusError(_l("Kies bij elk onderdeel zowel het huidige niveau als het doelniveau, of geen van "
                                    "beide."))
        _check_levels(plan, section_id, current, target)
        if view is not None and (view.current, view.target) == (current, target):
            return False
        view = view or MaturityView(plan_id=plan.id, section_id=section_id, user_id=user.id)
        view.current, view.target, view.updated_at = current, target, utcnow()
        db.session.add(view)
    record(plan, user, AuditAction.MATURITY_VIEW, section=section_id, name=user.display_name, current=current, target=target)
    _touch(plan)
    return True


def give_views(plan: Plan, user: User, levels: dict[str, tuple[int | None, int | None]]) -> int:
    """One person's own levels for several sections at once; returns how many changed."""
    return sum(give_view(plan, user, section_id, current, target) for section_id, (current, target) in levels.items())


def settle(plan: Plan, user: User, section_id: str, *, current: int, target: int, motivation: str,
           base_version: int) -> MaturitySettlement:
    """The board settles a section's levels; `base_version` is the version of the levels answer the board saw."""
    _ensure_open(plan)
    section = _check_levels(plan, section_id, current, target)
    motivation = (motivation or "").strip()
    if not motivation:
        raise ConsensusError(_l("Geef een korte motivering: waarom kiest het bestuur dit niveau?"))
    if len(motivation) > MOTIVATION_MAX:
        raise ConsensusError(_l("De motivering mag hoogstens %(n)d tekens hebben.", n=MOTIVATION_MAX))
    key = levels_key(section)
    result = editing.save_values(plan, section.id, {key: {"current": current, "target": target}},
                                 {key: base_version}, user)
    if result.conflicts:
        raise ConsensusError(_l("Een collega heeft de niveaus van dit onderdeel intussen gewijzigd. Bekijk de nieuwe "
                                "niveaus en stel ze opnieuw vast."))
    settlement = settlements_of(plan).get(section.id) or MaturitySettlement(plan_id=plan.id, section_id=section.id)
    settlement.current, settlement.target, settlement.motivation = current, target, motivation
    settlement.settled_by_id, settlement.settled_at = user.id, utcnow()
    db.session.add(settlement)
    record(plan, user, AuditAction.MATURITY_SETTLED, section=section.id, current=current, target=target, motivation=motivation)
    _touch(plan)
    return settlement


def _touch(plan: Plan) -> None:
    """Raise the revision: the concept PDF shows views and settlements and is cached per revision."""
    plan.revision += 1
    plan.updated_at = utcnow()
    db.session.flush()
