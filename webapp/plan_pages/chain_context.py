"""What the check pages show of the chain: the gaps of a section, or of the whole plan."""
from __future__ import annotations

from plans.planning.budget import COSTS, FUNDING, build_budget, plan_years
from plans.planning.chain import DOELEN, build_chain
from plans.writing.sections import content_for


def _page_of(section, predicate) -> str | None:
    return next((p.id for p in section.pages if any(predicate(q) for q in p.questions)), None)


def chain_gaps_context(plan, values, section=None) -> dict:
    """`gaps`: the unlinked actions and opgaven without action (of `section`, or of every section), with the
    page to mend each on; empty on a content version without the chain."""
    content = content_for(plan)
    chain = build_chain(content, values)
    if not chain.enabled:
        return {"gaps": None}
    sections = [section] if section is not None else list(content.sections)
    actions, opgaven = [], []
    for s in sections:
        section_actions, section_opgaven = chain.gaps_in(s)
        actions += [(a, s, _page_of(s, lambda q: q.type == "action_plan")) for a in section_actions]
        opgaven += [(o, s, _page_of(s, lambda q: q.meaning == DOELEN)) for o in section_opgaven]
    return {"gaps": {"actions": actions, "opgaven": opgaven, "orphans": chain.orphan_doelen if section is None
                     or any(q.meaning == DOELEN for q in section.questions) else [],
                     "budget_years": _budget_years_outside(plan, content, values, sections)}}


def _budget_years_outside(plan, content, values, sections) -> list[tuple[int, object, str | None]]:
    """Budget years outside the plan period, with the section and page of the budget to mend them on."""
    home = next((s for s in sections if any(q.meaning in (COSTS, FUNDING) for q in s.questions)), None)
    if home is None:
        return []
    budget = build_budget(content, values, plan_years(plan.period_start, plan.period_end))
    page = _page_of(home, lambda q: q.meaning in (COSTS, FUNDING))
    return [(year, home, page) for year in budget.outside_period]
