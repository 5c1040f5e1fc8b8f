"""The PDF a board adopts, read as a typesetter would (pdftotext, poppler-utils): no word broken without a hyphen,
no date split over two lines, no nearly empty page, "Versie 1" and the status on the cover."""
import html
import re
import shutil
import subprocess

import pytest
import sqlalchemy as sa

from demo import seed as demo
from plans.documents import pdf, sealing
from plans.models import Plan
from tests.conftest import rolled_back

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) ontbreekt")

RUNNING = re.compile(r"^(Regioplan .*|Versie \d+ · .*|pagina \d+ van \d+)$")  # page headers and footers
WORD = re.compile(r"[A-Za-zÀ-ÿ]+")


def pdf_pages(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def vocabulary(plan) -> set[str]:
    """Every word the PDF prints, taken whole from its HTML."""
    source = html.unescape(re.sub(r"<[^>]+>", " ", pdf.render_html(plan, pdf.PdfOptions())))
    return {w.lower() for w in WORD.findall(source.replace("\u200b", ""))}


def content_lines(page: str) -> list[str]:
    return [line for line in (raw.strip() for raw in page.splitlines()) if line and not RUNNING.match(line)]


@pytest.fixture(scope="module")
def rendered(app, tmp_path_factory):
    """The signed demo plan as sealed and stored, and the sparse Zeeland concept, with their vocabularies."""
    tmp = tmp_path_factory.mktemp("typesetting")
    with rolled_back(app):
        demo.seed()
        plans = list(pdf.db.session.scalars(sa.select(Plan).order_by(Plan.id)))
        signed = next(p for p in plans if p.status == "ondertekend")
        sparse = next(p for p in plans if "Zeeland" in p.title)
        result = {
            "signed": (pdf_pages(sealing.signed_document_of(signed).pdf, tmp), vocabulary(signed)),
            "sparse": (pdf_pages(pdf.render_plan_pdf(sparse), tmp), vocabulary(sparse)),
        }
    return result


@pytest.mark.parametrize("which", ["signed", "sparse"])
def test_no_word_is_broken_without_a_hyphen(rendered, which):
    pages, words = rendered[which]
    broken = []
    for number, page in enumerate(pages, 1):
        lines = content_lines(page)
        for first, second in zip(lines, lines[1:], strict=False):
            end, start = re.search(r"([A-Za-zÀ-ÿ]+)$", first), re.match(r"^([A-Za-zÀ-ÿ]+)", second)
            if end and start and "/" not in first.split()[-1]:  # a web address may break at any character
                joined = (end.group(1) + start.group(1)).lower()
                if joined in words and end.group(1).lower() not in words:
                    broken.append(f"p{number}: …{first[-25:]} ⏎ {second[:25]}…")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("which", ["signed", "sparse"])
def test_no_date_is_split_over_two_lines(rendered, which):
    pages, _ = rendered[which]
    split = []
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines()]
        for first, second in zip(lines, lines[1:], strict=False):
            if re.search(r"(^|\s)\d{1,2}-(\d{1,2}(-\d{0,3})?)?$", first) and re.match(r"^\d", second):
                split.append(f"p{number}: {first[-12:]} ⏎ {second[:8]}")
            if re.search(r"(^|\s)\d{1,2}$", first) and re.match(
                    r"^(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b",
                    second):
                split.append(f"p{number}: {first[-12:]} ⏎ {second[:12]}")
    assert not split, "\n".join(split)


@pytest.mark.parametrize("which", ["signed", "sparse"])
def test_no_page_is_nearly_empty(rendered, which):
    pages, _ = rendered[which]
    sparse_pages = {n: content_lines(p) for n, p in enumerate(pages[1:], 2) if len(content_lines(p)) < 5}
    assert not sparse_pages, "\n".join(f"p{n}: {lines}" for n, lines in sparse_pages.items())


def test_the_cover_says_version_and_status_and_the_revision_is_only_in_the_colophon(rendered):
    pages, _ = rendered["signed"]
    assert "Versie 1 · Ondertekend" in pages[0]
    assert all("Versie 1 · Ondertekend" in page for page in pages[1:]), "every page header or footer"
    text = "\n".join(pages)
    assert len(re.findall(r"[Rr]evisie \d+", text)) == 1
    sparse, _ = rendered["sparse"]
    assert "Versie 1 · Concept" in sparse[0]


@pytest.fixture
def sparse_html(app, factories):
    from building_blocks import get_content
    from plans.writing import editing

    org = factories.organisation("Zorggroep Dun")
    plan = editing.create_plan(org, "Regioplan Dun", 2026, 2029, None)
    editing.save_values(plan, "b1", {"b1_inwoners": 1000}, None, None)
    return get_content(), plan, pdf.render_html(plan, pdf.PdfOptions())


def test_the_appendix_lists_only_cited_sources_numbered_without_internal_ids(sparse_html):
    content, plan, source = sparse_html
    appendix = source[source.index('id="bijlage"'):]
    cited = pdf.cited_sources(content, {})
    assert 0 < len(cited.sources) <= len(content.sources)
    assert appendix.count('class="sources__number"') == len(cited.sources)
    assert "[1]" in appendix and not any(key in appendix for key in content.sources)
    first = content.sections[0]
    assert f"[{', '.join(map(str, cited.of(first.sources)))}" in source, "the section cites by number"


def test_the_glossary_holds_only_terms_that_occur(sparse_html):
    content, plan, source = sparse_html
    glossary = source[source.index('class="glossary"'):]
    listed = re.findall(r"<dt>(.*?)</dt>", glossary)
    assert listed and len(listed) <= len(content.glossary)
    text = html.unescape(re.sub(r"<[^>]+>", " ", source[:source.index('id="bijlage"')])).lower()
    assert all(html.unescape(term).lower() in text for term in listed)


def test_unanswered_optional_questions_are_grouped_and_required_ones_stay(sparse_html):
    content, plan, source = sparse_html
    b1 = content.section("b1")
    chapter = source[source.index('id="sec-b1"'):source.index('id="sec-b2"')]
    optional = [q for q in b1.questions if not q.required and q.show_if is None and q.type != "action_plan"
                and q.id != "b1_inwoners"]
    required = [q for q in b1.questions if q.required and q.show_if is None and q.type != "action_plan"]
    assert optional and required
    assert 'class="skipped"' in chapter
    skipped = html.unescape(chapter[chapter.index('class="skipped"'):])
    assert all(q.label in skipped for q in optional)
    printed = html.unescape(chapter[:chapter.index('class="skipped"')])
    assert all(q.label in printed for q in required if q.id != "b1_inwoners")
    assert printed.count("Niet ingevuld") == len([q for q in required if q.id != "b1_inwoners"])


def test_every_source_in_the_appendix_carries_a_year(sparse_html):
    """A dated source prints its year; a living page without one prints the date it was consulted."""
    content, plan, source = sparse_html
    items = re.findall(r'<li><span class="sources__number">.*?</li>', source[source.index('id="bijlage"'):], re.S)
    assert items and all(re.search(r"\((?:19|20)\d\d\)|geraadpleegd \d+ \w+ 20\d\d", item) for item in items)
    undated = [s for s in pdf.cited_sources(content, {}).sources if s.year is None]
    assert undated, "the content cites living pages without a year"
    assert sum("zonder datum, geraadpleegd" in item for item in items) == len(undated)
