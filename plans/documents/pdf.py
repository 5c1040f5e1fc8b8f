"""The regioplan as a PDF: rendered by WeasyPrint from templates/pdf/, safe, cached per revision."""
from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, render_template
from markupsafe import Markup

from plans.accounts.logos import logo_of
from plans.clock import utcnow
from plans.db import db
from plans.documents.assembly import PART_MARKER
from plans.documents.pdf_safety import (
    ASSET_BASE,
    ASSET_DIR,
    LOGO_URL,
    RenderFailed,
    RenderTimeout,
    run_render,
    soften_long_words,
)
from plans.documents.radar import maturity_radar
from plans.documents.references import cited_sources, occurring_terms, section_citations
from plans.documents.signoff import SignOff
from plans.models import AnswerRevision, AuditEvent, Plan, User
from plans.planning.budget import build_budget, plan_years
from plans.planning.chain import PARTNERS, build_chain, rows_of, table_with_meaning
from plans.regionfigures.reference import figures_version, key_figures
from plans.review import adoption
from plans.vocabulary import AuditAction, PlanStatus
from plans.writing import editing
from plans.writing.consensus import plan_spread
from plans.writing.maturity import plan_maturity
from plans.writing.previous_answers import previous_by_section
from plans.writing.sections import content_for, is_empty, is_visible

logger = logging.getLogger(__name__)
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "pdf"
OPEN_STATUSES = {"gepland", "lopend", None}

__all__ = ["PdfOptions", "RenderFailed", "RenderTimeout", "cached_concept", "cited_sources", "concept_path",
           "document_name", "draft_pdf", "render_plan_pdf", "uploads_of", "plan_context", "store_concept"]


@dataclass(frozen=True)
class PdfOptions:
    timeout_seconds: float = 60.0
    signoff: SignOff | None = None  # the signed version's sign-off page; None: a concept


def plan_context(plan: Plan, options: PdfOptions) -> dict:
    content = content_for(plan)
    values = editing.values_of(plan)
    maturity = plan_maturity(content, values)
    chart = maturity_radar(content, maturity)
    actions = consolidated_actions(content, values)
    return dict(
        **chain_context(plan, content, values),
        plan=plan, content=content, values=values, maturity=maturity, chart=chart, actions=actions,
        urgent=[a for a in actions if a.row.get("status") in OPEN_STATUSES][:5],
        history=history_summary(plan), audit=audit_summary(plan), options=options, generated_at=utcnow(),
        asset_base=ASSET_BASE, part=Markup(PART_MARKER), key_figures=key_figures(plan, values), adoption=adoption.adoption_of(plan),
        consultations=adoption.consultations_of(plan), spread=plan_spread(plan), citations=cited_sources(content, values), terms=occurring_terms(content, values),
        section_citations=section_citations, status_label=status_label(plan, options), section_layout=section_layout,
        logo_url=LOGO_URL if logo_of(plan.organisation) is not None else None,
        previous=previous_by_section(plan),
    )


def chain_context(plan: Plan, content, values) -> dict:
    """The chain opgave -> doel -> actie with its gaps, the multi-year budget and the partner table."""
    partners = table_with_meaning(content, PARTNERS)
    return dict(chain=build_chain(content, values), partner_table=partners, partners=rows_of(values, partners),
                budget=build_budget(content, values, plan_years(plan.period_start, plan.period_end)))


@dataclass(frozen=True)
class SectionLayout:
    pages: list  # (page, questions printed with their answer); the action plan has its own table
    skipped: list  # optional questions without an answer: named once


def section_layout(section, values) -> SectionLayout:
    """Which questions the PDF prints: every answered one and every required one (a concept may lack it)."""
    pages, skipped = [], []
    for page in section.pages:
        if page.questions[-1].type == "action_plan":  # the actions page: printed as the section's action table
            continue
        printed = []
        for question in page.questions:
            if not is_visible(question, values):
                continue
            if question.required or not is_empty(values.get(question.id)):
                printed.append(question)
            else:
                skipped.append(question)
        if printed:
            pages.append((page, printed))
    return SectionLayout(pages, skipped)


def status_label(plan: Plan, options: PdfOptions) -> str:
    """The status the cover and every page header show, as the app names it."""
    if options.signoff:
        return str(PlanStatus.ONDERTEKEND.label).capitalize()
    return str(PlanStatus(plan.status).label).capitalize()


def audit_summary(plan: Plan, *, with_comments: bool = False) -> list:
    """The workflow steps (submissions, decisions, signatures, versions); comments only when asked."""
    query = sa.select(AuditEvent).where(AuditEvent.plan_id == plan.id).order_by(AuditEvent.id)
    if not with_comments:
        # Own maturity levels are in the summary's spread table; listing each one would flood the log.
        query = query.where(AuditEvent.action.not_in((AuditAction.COMMENT, AuditAction.COMMENT_RESOLVED,
                                                      AuditAction.MATURITY_VIEW)))
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class Action:
    section: object
    number: int
    row: dict


def consolidated_actions(content, values) -> list[Action]:
    """Every action of every section, by end date (undated last), then owner."""
    actions = []
    for section in content.sections:
        for question in section.questions:
            if question.type == "action_plan":
                actions.extend(Action(section, i, row) for i, row in enumerate(values.get(question.id) or [], 1))
    return sorted(actions, key=lambda a: (a.row.get("eind") or "9999", (a.row.get("eigenaar") or "").lower()))


@dataclass(frozen=True)
class HistorySummary:
    changes: int
    first: datetime | None
    last: datetime | None
    contributors: list[tuple[str, int]]


def history_summary(plan: Plan) -> HistorySummary:
    rows = db.session.execute(
        sa.select(User.name, User.email, sa.func.count(AnswerRevision.id), sa.func.min(AnswerRevision.changed_at),
                  sa.func.max(AnswerRevision.changed_at))
        .select_from(AnswerRevision).outerjoin(User, User.id == AnswerRevision.changed_by_id)
        .where(AnswerRevision.plan_id == plan.id).group_by(User.name, User.email)
    ).all()
    firsts = [r[3] for r in rows if r[3]]
    lasts = [r[4] for r in rows if r[4]]
    return HistorySummary(
        changes=sum(r[2] for r in rows),
        first=min(firsts) if firsts else None,
        last=max(lasts) if lasts else None,
        contributors=sorted(((r[0] or r[1] or "Systeem", r[2]) for r in rows), key=lambda c: -c[1]),
    )


def render_html(plan: Plan, options: PdfOptions) -> str:
    return render_template("pdf/plan.html", **plan_context(plan, options))


def html_to_pdf(html: str, *, timeout_seconds: float = 60.0, heartbeat=None, uploads: dict | None = None,
                document: str | None = None) -> bytes:
    """HTML to PDF/A-3b with tags in a render process of its own, killed when it runs away; only bundled
    assets (and validated uploads) are fetched. `document` (document_name) lets a re-render of the same
    plan lay out only the chapters that changed."""
    return run_render(keep_dates_together(soften_long_words(html)), timeout_seconds=timeout_seconds,
                      heartbeat=heartbeat, uploads=uploads, document=document)


def document_name(plan: Plan) -> str:
    """The name the render process keeps a plan's laid-out chapters under. The concept and the signed PDF
    share it: a chapter whose HTML differs (every page header shows the status) is laid out anew anyway."""
    return f"plan-{plan.id}"


MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) ({MONTHS})\b", re.IGNORECASE)
MONTH_YEAR = re.compile(rf"\b({MONTHS}) (\d{{4}})\b", re.IGNORECASE)
TEXT_NODE = re.compile(r">([^<]+)<")


def keep_dates_together(html: str) -> str:
    """'1 april 2027' in any text, typed or generated, never breaks over two lines (non-breaking spaces)."""
    def glue(node: re.Match) -> str:
        text = DAY_MONTH.sub("\\1\u00a0\\2", node.group(1))
        return ">" + MONTH_YEAR.sub("\\1\u00a0\\2", text) + "<"

    return TEXT_NODE.sub(glue, html)


def uploads_of(plan: Plan) -> dict | None:
    """The validated uploads a plan's PDF may show (the organisation's logo), served from memory."""
    logo = logo_of(plan.organisation)
    return {LOGO_URL: (logo.data, logo.content_type)} if logo is not None else None


def render_plan_pdf(plan: Plan, options: PdfOptions = PdfOptions(), *, before_layout=None, heartbeat=None) -> bytes:
    """The plan's PDF, rendered now, with its logo; its render process keeps its chapters for the next render.

    `before_layout` is called once the HTML is built and before the (long) layout starts: a job ends its
    database transaction there, so no lock is held while WeasyPrint works. `heartbeat`: see run_render.
    """
    html, uploads, document = render_html(plan, options), uploads_of(plan), document_name(plan)
    if before_layout is not None:
        before_layout()
    return html_to_pdf(html, timeout_seconds=options.timeout_seconds, heartbeat=heartbeat, uploads=uploads,
                       document=document)


# The concept PDF cache: one file per plan and revision under instance/pdf-cache/ -------------------

def concept_key(plan: Plan, options: PdfOptions = PdfOptions()) -> str:
    return _cache_key(plan, options)


def concept_path(plan: Plan, options: PdfOptions = PdfOptions()) -> Path:
    return Path(current_app.instance_path) / "pdf-cache" / f"plan-{plan.id}-{_cache_key(plan, options)}.pdf"


def cached_concept(plan: Plan) -> Path | None:
    """The concept PDF of the plan's current revision when it has been rendered, else None."""
    path = concept_path(plan)
    return path if path.is_file() else None


def store_concept(plan_id: int, path: Path, pdf: bytes) -> None:
    """Write through a temporary file of its own and an atomic rename: two concurrent renders of one
    plan never write into the same file, and a reader never sees half a PDF."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem + ".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(pdf)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for stale in path.parent.glob(f"plan-{plan_id}-*.pdf"):
        if stale != path:
            stale.unlink(missing_ok=True)


def draft_pdf(plan: Plan, options: PdfOptions = PdfOptions(), *, before_layout=None, heartbeat=None) -> bytes:
    """The concept PDF, rendered once per plan revision and kept on disk under instance/pdf-cache/
    (`before_layout` and `heartbeat` as for render_plan_pdf)."""
    path, plan_id = concept_path(plan, options), plan.id
    if path.is_file():
        return path.read_bytes()
    pdf = render_plan_pdf(plan, options, before_layout=before_layout, heartbeat=heartbeat)
    store_concept(plan_id, path, pdf)
    return pdf


def _cache_key(plan: Plan, options: PdfOptions) -> str:
    parts = [str(plan.revision), plan.title, plan.period, plan.organisation.name, plan.organisation.region.name,
             plan.content_version, "sealed" if options.signoff else "draft", plan.status, str(plan.version_number),
             getattr(logo_of(plan.organisation), "sha256", ""), _templates_fingerprint(), f"figures-{figures_version()}"]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


@lru_cache(maxsize=1)
def _templates_fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in (TEMPLATE_DIR, ASSET_DIR):
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()
