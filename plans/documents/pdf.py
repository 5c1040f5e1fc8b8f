"""The regioplan as a PDF: rendered by WeasyPrint from templates/pdf/, safe, cached per revision."""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, render_template
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from plans.accounts.logos import logo_of
from plans.clock import utcnow
from plans.db import db
from plans.documents.pdf_safety import (
    ASSET_BASE,
    ASSET_DIR,
    LOGO_URL,
    BundledAssetFetcher,
    RenderTimeout,
    soften_long_words,
    time_limit,
)
from plans.documents.radar import maturity_radar
from plans.documents.references import cited_sources, occurring_terms, section_citations
from plans.documents.signoff import SignOff
from plans.models import AnswerRevision, AuditEvent, Plan, User
from plans.regionfigures.reference import figures_version, key_figures
from plans.review import adoption
from plans.vocabulary import AuditAction, PlanStatus
from plans.writing import editing
from plans.writing.consensus import plan_spread
from plans.writing.maturity import plan_maturity
from plans.writing.sections import content_for, is_empty, is_visible

logger = logging.getLogger(__name__)
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "pdf"
OPEN_STATUSES = {"gepland", "lopend", None}

# Shared between renders, as WeasyPrint recommends: fonts and images are loaded once per process.
_FONTS = FontConfiguration()
_IMAGE_CACHE: dict = {}

__all__ = ["PdfOptions", "RenderTimeout", "cited_sources", "draft_pdf", "render_plan_pdf", "plan_context"]


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
        plan=plan, content=content, values=values, maturity=maturity, chart=chart, actions=actions,
        urgent=[a for a in actions if a.row.get("status") in OPEN_STATUSES][:5],
        history=history_summary(plan), audit=audit_summary(plan), options=options, generated_at=utcnow(),
        asset_base=ASSET_BASE, key_figures=key_figures(plan, values), adoption=adoption.adoption_of(plan),
        consultations=adoption.consultations_of(plan), spread=plan_spread(plan), citations=cited_sources(content, values), terms=occurring_terms(content, values),
        section_citations=section_citations, status_label=status_label(plan, options), section_layout=section_layout,
        logo_url=LOGO_URL if logo_of(plan.organisation) is not None else None,
    )


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


def html_to_pdf(html: str, *, timeout_seconds: float = 60.0, uploads: dict | None = None) -> bytes:
    """HTML to PDF/A-3b with tags; only bundled assets (and validated uploads) are fetched; a runaway render
    is stopped."""
    fetcher = BundledAssetFetcher(uploads)
    with time_limit(timeout_seconds):
        document = HTML(string=keep_dates_together(soften_long_words(html)), base_url=ASSET_BASE, url_fetcher=fetcher)
        pdf = document.write_pdf(font_config=_FONTS, pdf_variant="pdf/a-3b", pdf_tags=True, cache=_IMAGE_CACHE)
    if fetcher.refused:
        logger.warning("PDF render refused %d URL(s): %s", len(fetcher.refused), fetcher.refused[:5])
    return pdf


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


def render_plan_pdf(plan: Plan, options: PdfOptions = PdfOptions()) -> bytes:
    logo = logo_of(plan.organisation)
    uploads = {LOGO_URL: (logo.data, logo.content_type)} if logo is not None else None
    return html_to_pdf(render_html(plan, options), timeout_seconds=options.timeout_seconds, uploads=uploads)


def draft_pdf(plan: Plan, options: PdfOptions = PdfOptions()) -> bytes:
    """The concept PDF, rendered once per plan revision and kept on disk under instance/pdf-cache/."""
    path = Path(current_app.instance_path) / "pdf-cache" / f"plan-{plan.id}-{_cache_key(plan, options)}.pdf"
    if path.is_file():
        return path.read_bytes()
    pdf = render_plan_pdf(plan, options)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pdf)
    tmp.replace(path)  # atomic: a concurrent reader never sees half a file
    for stale in path.parent.glob(f"plan-{plan.id}-*.pdf"):
        if stale != path:
            stale.unlink(missing_ok=True)
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
