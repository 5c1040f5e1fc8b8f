"""The complete demo plan: WeasyPrint warm and in-process, against Chromium printing the very same HTML;
and a re-render after one answer of one section changed, against the full render.

Both render in turn, round after round (Chromium, WeasyPrint, Chromium, ...), so the ratio is taken per
round on the same machine state. For the re-render each round starts from an empty chapter cache: the full
render of the plan as it was (one pass, which keeps its chapters), then the plan after the edit.
"""
from __future__ import annotations

import io
import os
import statistics
import time
from contextlib import contextmanager

import sqlalchemy as sa
from pypdf import PdfReader

from bench.wizard import _app
from plans.db import db
from plans.documents import pdf, pdf_process
from plans.documents.assembly import PartCache
from plans.documents.pdf_safety import ASSET_BASE, ASSET_DIR, BundledAssetFetcher, soften_long_words
from plans.models import Plan
from plans.writing import editing

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROUNDS = 3


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def _timed(fn) -> tuple[float, bytes]:
    start = time.perf_counter()
    data = fn()
    return time.perf_counter() - start, data


@contextmanager
def _chromium(html: str):
    """A warm Chromium page that prints `html`; yields the render function."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        # The same bundled stylesheet, served the way our fetcher serves it; nothing else is loaded.
        page.route(f"{ASSET_BASE}**", lambda route: route.fulfill(
            body=(ASSET_DIR / route.request.url[len(ASSET_BASE):]).read_bytes(), content_type="text/css"))
        page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(ASSET_BASE)
                   else route.fallback())

        def render() -> bytes:
            page.set_content(html, wait_until="load")
            return page.pdf(format="A4", prefer_css_page_size=True, tagged=True)

        render()  # warm-up
        yield render
        browser.close()


def _print(label: str, times: list[float], data: bytes, ratio: str) -> None:
    print(f"  {label:<36} {statistics.median(times):>8.2f}s {min(times):>6.2f}–{max(times):.2f}s"
          f" {_pages(data):>8} {ratio:>8}")


def run() -> None:
    # The app renders at nice 10 so pages go first; here the render is measured against Chromium, which
    # runs at normal priority, so it does too (on a busy machine nice 10 would measure the other work).
    os.environ.setdefault("PDF_RENDER_NICENESS", "0")
    app, plan_id = _app()
    with app.app_context():
        plan = db.session.get(Plan, plan_id) or db.session.scalar(sa.select(Plan))
        html = soften_long_words(pdf.render_html(plan, pdf.PdfOptions()))
        pdf.html_to_pdf(html)  # warm-up: fonts and stylesheets enter WeasyPrint's caches
        print(f"\nPDF van het complete demoplan ({ROUNDS} rondes om beurten, warm, dezelfde HTML; "
              "WeasyPrint in een eigen renderproces zoals in de app)")
        print(f"  {'renderer':<36} {'mediaan':>9} {'spreiding':>12} {'pagina’s':>8} {'ratio':>8}")
        if not os.path.exists(CHROMIUM):
            times, data = zip(*(_timed(lambda: pdf.html_to_pdf(html)) for _ in range(ROUNDS)), strict=True)
            _print("WeasyPrint (PDF/A-3b, tagged)", list(times), data[-1], "–")
            print(f"  Chromium ontbreekt op {CHROMIUM}: geen vergelijking.")
            return
        ours, theirs = [], []
        with _chromium(html) as chromium:
            for _ in range(ROUNDS):
                theirs.append(_timed(chromium))
                ours.append(_timed(lambda: pdf.html_to_pdf(html)))
    ratios = [o[0] / t[0] for o, t in zip(ours, theirs, strict=True)]
    _print("Chromium print-to-PDF (baseline)", [t for t, _ in theirs], theirs[-1][1], "1.00x")
    _print("WeasyPrint (PDF/A-3b, tagged)", [t for t, _ in ours], ours[-1][1], f"{statistics.median(ratios):.2f}x")
    _after_one_section(app, plan_id)


def _edited_section(plan) -> str:
    """Add a few words to the first agreement of section B3 (b3_afspraken), as a board member would.

    This changes the benchmark's own throwaway copy of the demo database (bench.wizard._app), nothing else.
    """
    rows = [dict(row) for row in editing.values_of(plan)["b3_afspraken"]]
    rows[0]["onderwerp"] += ", aangevuld na de kringvergadering"
    editing.save_values(plan, "b3", {"b3_afspraken": rows}, None, None)
    db.session.commit()
    return "b3_afspraken"


def _after_one_section(app, plan_id: int) -> None:
    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        before = pdf.keep_dates_together(soften_long_words(pdf.render_html(plan, pdf.PdfOptions())))
        question = _edited_section(plan)
        after = pdf.keep_dates_together(soften_long_words(pdf.render_html(plan, pdf.PdfOptions())))

    def render(html: str, cache: PartCache):
        return _timed(lambda: pdf_process.render(html, BundledAssetFetcher(), cache=cache, document="bench"))

    full, edited, reports = [], [], []
    for _ in range(ROUNDS):
        cache = PartCache()
        seconds, (data, _) = render(before, cache)
        full.append((seconds, data))
        seconds, (data, report) = render(after, cache)
        edited.append((seconds, data))
        reports.append(report)
    ratios = [e[0] / f[0] for e, f in zip(edited, full, strict=True)]
    print(f"\nPDF na het wijzigen van één antwoord in B3 ({question}), tegen de volledige render "
          f"({ROUNDS} rondes om beurten, in dit proces)")
    print(f"  {'render':<36} {'mediaan':>9} {'spreiding':>12} {'pagina’s':>8} {'ratio':>8}")
    _print("volledig, in één keer (baseline)", [f for f, _ in full], full[-1][1], "1.00x")
    _print("na de wijziging", [e for e, _ in edited], edited[-1][1], f"{statistics.median(ratios):.2f}x")
    print(f"  opnieuw opgemaakt: {reports[-1].summary()}")
