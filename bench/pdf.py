"""The complete demo plan: WeasyPrint warm and in-process, against Chromium printing the very same HTML."""
from __future__ import annotations

import io
import os
import statistics
import time

import sqlalchemy as sa
from pypdf import PdfReader

from bench.wizard import _app
from plans.db import db
from plans.documents import pdf
from plans.documents.pdf_safety import ASSET_BASE, ASSET_DIR, soften_long_words
from plans.models import Plan

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
RUNS = 3


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def _median(fn) -> tuple[float, bytes]:
    times, data = [], b""
    for _ in range(RUNS):
        start = time.perf_counter()
        data = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), data


def _chromium(html: str):
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
        result = _median(render)
        browser.close()
    return result


def run() -> None:
    app, plan_id = _app()
    with app.app_context():
        plan = db.session.get(Plan, plan_id) or db.session.scalar(sa.select(Plan))
        html = soften_long_words(pdf.render_html(plan, pdf.PdfOptions()))
        pdf.html_to_pdf(html)  # warm-up: fonts and stylesheets enter WeasyPrint's caches
        ours, ours_pdf = _median(lambda: pdf.html_to_pdf(html))
    print("\nPDF van het complete demoplan (mediaan van 3 warme runs, dezelfde HTML)")
    print(f"  {'renderer':<34} {'tijd':>9} {'pagina’s':>9} {'ratio':>8}")
    if not os.path.exists(CHROMIUM):
        print(f"  {'WeasyPrint (in-process)':<34} {ours:>8.2f}s {_pages(ours_pdf):>9}      –")
        print(f"  Chromium ontbreekt op {CHROMIUM}: geen vergelijking.")
        return
    theirs, theirs_pdf = _chromium(html)
    print(f"  {'Chromium print-to-PDF (baseline)':<34} {theirs:>8.2f}s {_pages(theirs_pdf):>9} {1:>7.2f}x")
    print(f"  {'WeasyPrint (in-process, PDF/A-3b)':<34} {ours:>8.2f}s {_pages(ours_pdf):>9} {ours / theirs:>7.2f}x")
