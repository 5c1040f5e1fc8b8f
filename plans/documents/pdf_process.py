"""The child side of a PDF render: WeasyPrint in a process of its own (see pdf_safety.run_render).

Imported by the fork server before it forks, so a render process starts with WeasyPrint loaded and its
font configuration built. A render process lives across renders and keeps the laid-out chapters of recent
documents (plans.documents.assembly), so a re-render after an edit lays out only what changed. It serves
renders one at a time; the parent kills it when a render runs away, and ends it after
RENDERS_PER_PROCESS renders so that memory does not creep.
"""
from __future__ import annotations

import hashlib
import math
import os
import resource

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from plans.documents.assembly import PartCache, Report, assemble
from plans.documents.fetcher import ASSET_BASE, BundledAssetFetcher

FONTS = FontConfiguration()
PDF_OPTIONS = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}
RENDERS_PER_PROCESS = 100


def write_pdf(html: str, fetcher: BundledAssetFetcher, *, fonts: FontConfiguration = FONTS,
              image_cache: dict | None = None) -> bytes:
    """HTML (already softened) to a tagged PDF/A-3b; only bundled assets and validated uploads are fetched."""
    return render(html, fetcher, cache=PartCache(), document=None, fonts=fonts, image_cache=image_cache)[0]


def render(html: str, fetcher: BundledAssetFetcher, *, cache: PartCache, document: str | None,
           fonts: FontConfiguration = FONTS, image_cache: dict | None = None) -> tuple[bytes, Report]:
    """The PDF and what was laid out for it: the chapters of `document` (the plan it shows) that did not
    change since its last render with this `cache` are taken from it instead of laid out again."""
    images = {} if image_cache is None else image_cache

    def layout(source: str):
        return HTML(string=source, base_url=ASSET_BASE, url_fetcher=fetcher).render(
            font_config=fonts, cache=images, **PDF_OPTIONS)

    def write(laid_out) -> bytes:
        return laid_out.write_pdf(**PDF_OPTIONS)

    return assemble(html, layout=layout, write=write, cache=cache, document=document,
                    salt=uploads_digest(fetcher.uploads))


def uploads_digest(uploads: dict | None) -> str:
    """The uploads change a layout as much as the HTML does (a logo of another size)."""
    digest = hashlib.sha256()
    for url, (data, content_type) in sorted((uploads or {}).items()):
        digest.update(f"{url}\x1f{content_type}\x1f".encode() + hashlib.sha256(data).digest())
    return digest.hexdigest()


def limit_processor_time(cpu_seconds: int) -> None:
    """The kernel stops a runaway render with SIGXCPU once this render has used `cpu_seconds` more.

    The limit counts the process's whole life, so it is set from what earlier renders used; the hard limit
    is left as it is (a process cannot raise it again).
    """
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(usage.ru_utime + usage.ru_stime) + cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def serve(connection) -> None:
    """Render what the parent sends, one request at a time, until it hangs up."""
    # Renders yield the processor to web requests, so a page view waits for no PDF (bench/load.py
    # measures it); the limit counts processor time, so a render slowed by a busy machine still finishes.
    # The tests render at normal priority: the suite's own work would starve them.
    os.nice(int(os.environ.get("PDF_RENDER_NICENESS", "10")))
    cache = PartCache()
    while True:
        try:
            html, cpu_seconds, uploads, document = connection.recv()
        except EOFError:
            return
        limit_processor_time(cpu_seconds)
        fetcher = BundledAssetFetcher(uploads)
        try:
            data, report = render(html, fetcher, cache=cache, document=document)
            result = ("pdf", data, report)
        except Exception as exc:  # reported to the parent, which raises RenderFailed with it
            result = ("error", f"{type(exc).__name__}: {exc}", None)
        connection.send((*result, fetcher.refused))
