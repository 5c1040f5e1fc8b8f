"""The PDF from parts: a re-render after an edit lays out only the changed chapters, and the PDF reads as a
single-pass render does (pdftotext: every word, page number, running header and contents entry)."""
import shutil
import subprocess
import threading

import pytest

from plans.documents import assembly, pdf, pdf_process, pdf_safety
from plans.documents.pdf_safety import BundledAssetFetcher
from plans.writing import editing

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) ontbreekt")


def pdftotext(data: bytes, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def prepared(plan) -> str:
    """The HTML as the render process receives it."""
    return pdf.keep_dates_together(pdf_safety.soften_long_words(pdf.render_html(plan, pdf.PdfOptions())))


def parts_of(html: str) -> list[str | None]:
    return [assembly.first_anchor(part) for part in assembly.split_parts(html).parts]


@pytest.fixture
def plan(factories):
    plan = editing.create_plan(factories.organisation("Zorggroep Delen"), "Regioplan Delen", 2026, 2029, None)
    editing.save_values(plan, "b1", {"b1_visie": "Samen sterker in de regio.", "b1_inwoners": 180_000,
                                     "b1_acties": [{"actie": "Regiotafel inrichten", "eigenaar": "Bestuur"}]},
                        None, None)
    editing.save_values(plan, "b3", {"b3_acties": [{"actie": "Afspraken met de huisartsenpost",
                                                    "eigenaar": "Coördinator"}]}, None, None)
    return plan


def render(html: str, cache: assembly.PartCache):
    return pdf_process.render(html, BundledAssetFetcher(), cache=cache, document="plan-1")


def test_an_edit_in_one_section_lays_out_that_chapter_and_reads_as_a_single_pass(plan, tmp_path):
    cache = assembly.PartCache()
    first, report = render(prepared(plan), cache)
    assert report.single_pass, "the first render lays out the whole plan once and keeps its chapters"

    editing.save_values(plan, "b3", {"b3_aanspreekpunt": "nee",
                                     "b3_aanspreekpunt_belemmering": "Afspraken met de huisartsenpost en de SEH"},
                        None, None)
    html = prepared(plan)
    data, report = render(html, cache)

    anchors = parts_of(html)
    laid_out = {anchors[i] for i in report.laid_out}
    assert not report.single_pass
    # The cover (it shows the render's date), the chapter edited and the appendix (it counts the changes).
    assert laid_out == {None, "sec-b3", "bijlage"}
    single = pdf_process.write_pdf(html, BundledAssetFetcher())
    text = pdftotext(data, tmp_path)
    assert text == pdftotext(single, tmp_path)
    assert "Afspraken met de huisartsenpost en de SEH" in text
    assert text != pdftotext(first, tmp_path)


def test_a_chapter_that_grows_by_pages_renumbers_the_rest_as_a_single_pass_does(plan, tmp_path):
    cache = assembly.PartCache()
    render(prepared(plan), cache)
    editing.save_values(plan, "b3", {"b3_aanspreekpunt": "nee",
                                     "b3_aanspreekpunt_belemmering": "Wie spreekt namens wie? " * 400}, None, None)
    html = prepared(plan)
    data, report = render(html, cache)
    assert report.single_pass, "b3 came out longer: every later page number moved"
    single = pdf_process.write_pdf(html, BundledAssetFetcher())
    assert pdftotext(data, tmp_path) == pdftotext(single, tmp_path)

    # Now the chapters are kept with the new numbering: an edit elsewhere reuses them.
    editing.save_values(plan, "b1", {"b1_visie": "Samen sterker, dichtbij."}, None, None)
    html = prepared(plan)  # the summary quotes no vision: b1, the cover and the appendix change
    data, report = render(html, cache)
    assert not report.single_pass and "sec-b3" not in {parts_of(html)[i] for i in report.laid_out}
    assert pdftotext(data, tmp_path) == pdftotext(pdf_process.write_pdf(html, BundledAssetFetcher()), tmp_path)


def test_typed_text_cannot_split_the_document(factories):
    plan = editing.create_plan(factories.organisation(), "Plan", 2026, 2029, None)
    editing.save_values(plan, "b1", {"b1_visie": f"{assembly.PART_MARKER} <body id=\"x\">"}, None, None)
    html = prepared(plan)
    assert "&lt;!-- regioplan:part --&gt;" in html, "typed text is escaped"
    anchors = parts_of(html)
    assert anchors[0] is None and all(anchors[1:]), "every part but the cover begins with its chapter"
    assert len(anchors) == len(set(anchors)) and "sec-b1" in anchors and "x" not in anchors


def test_the_cache_drops_the_least_recently_used_chapters_past_its_page_bound():
    cache = assembly.PartCache(max_pages=5)
    for n in range(4):
        cache.put(f"part-{n}", assembly.LaidOut(pages=[object(), object()], start=1, total=2))
    assert cache.pages <= 5
    assert cache.get("part-3", 1, 2) is not None and cache.get("part-0", 1, 2) is None
    assert cache.count("part-0") == 2, "the page count of a dropped chapter is still known"


def test_the_render_process_keeps_a_plans_chapters_between_renders_whichever_thread_renders(plan):
    """The job worker renders in several threads: a plan's re-render goes to the process that kept it."""
    pdf_safety.stop_render_process()
    pdf.render_plan_pdf(plan)
    assert pdf_safety.last_render_report().single_pass
    editing.save_values(plan, "b1", {"b1_visie": "Samen sterker, dichtbij."}, None, None)
    html, uploads, document = pdf.render_html(plan, pdf.PdfOptions()), pdf.uploads_of(plan), pdf.document_name(plan)
    reports = []

    def render_in_another_thread():
        pdf.html_to_pdf(html, uploads=uploads, document=document)
        reports.append(pdf_safety.last_render_report())

    thread = threading.Thread(target=render_in_another_thread)
    thread.start()
    thread.join()
    assert not reports[0].single_pass and len(reports[0].laid_out) < reports[0].parts / 2
