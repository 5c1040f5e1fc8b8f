"""The child side of a PDF render: WeasyPrint in a process of its own (see pdf_safety.run_render).

Imported by the fork server before it forks, so every render process starts with WeasyPrint loaded
and its font configuration built; each process has its own copy, nothing is shared between renders.
"""
from __future__ import annotations

import os
import resource

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from plans.documents.fetcher import ASSET_BASE, BundledAssetFetcher

FONTS = FontConfiguration()


def write_pdf(html: str, fetcher: BundledAssetFetcher, *, fonts: FontConfiguration = FONTS,
              image_cache: dict | None = None) -> bytes:
    """HTML (already softened) to a tagged PDF/A-3b; only bundled assets and validated uploads are fetched."""
    document = HTML(string=html, base_url=ASSET_BASE, url_fetcher=fetcher)
    return document.write_pdf(font_config=fonts, pdf_variant="pdf/a-3b", pdf_tags=True,
                              cache={} if image_cache is None else image_cache)


def render_to_pipe(html: str, connection, cpu_seconds: int, uploads: dict | None = None) -> None:
    # Renders yield the processor to web requests, so a page view waits for no PDF (bench/load.py
    # measures it); the limit counts processor time, so a render slowed by a busy machine still finishes.
    # The tests render at normal priority: the suite's own work would starve them.
    os.nice(int(os.environ.get("PDF_RENDER_NICENESS", "10")))
    # The kernel stops a runaway render: SIGXCPU at the limit, SIGKILL a second later.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    fetcher = BundledAssetFetcher(uploads)
    try:
        result = ("pdf", write_pdf(html, fetcher))
    except Exception as exc:  # reported to the parent, which raises RenderFailed with it
        result = ("error", f"{type(exc).__name__}: {exc}")
    connection.send((*result, fetcher.refused))
    connection.close()
