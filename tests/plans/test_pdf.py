"""The regioplan PDF: complete, readable by machines, safe against hostile answers, cached per revision."""
import io
import os
import re
import shutil
import signal
import subprocess

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from building_blocks import get_content
from demo import seed as demo
from plans.documents import pdf, pdf_process, pdf_safety
from plans.documents.pdf_safety import ASSET_BASE, BundledAssetFetcher, FetchRefused, RenderTimeout
from plans.models import Plan
from plans.writing import content_migration, editing
from plans.writing.maturity import plan_maturity
from tests.conftest import rolled_back

CONTENT = get_content("2026.1")  # the complete demo plan is written on 2026.1 (its signed version 1)


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def squash(text: str) -> str:
    """Without whitespace and hyphens: table cells wrap lines anywhere, and Dutch words are hyphenated."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


@pytest.fixture(scope="module")
def demo_pdf(app):
    """The complete demo plan, rendered once for the module (it takes a few seconds)."""
    with rolled_back(app):
        demo.seed(sign_complete_plan=False)
        plan = pdf.db.session.scalar(sa.select(Plan).where(Plan.title.like("%Noord-Holland Noord%")))
        data = pdf.render_plan_pdf(plan)
        rendered = data, editing.values_of(plan), text_of(data), len(PdfReader(io.BytesIO(data)).pages)
    return rendered


def test_the_running_texts_are_translated_in_the_template_not_written_in_the_stylesheet(demo_pdf):
    """The footer's words reach the PDF through Flask-Babel (the <body> attributes of templates/pdf/plan.html):
    the stylesheet's `content:` values hold only separators, so another language needs no other CSS."""
    _, _, text, pages = demo_pdf
    assert f"pagina {pages} van {pages}" in text
    assert "· Regioplan volgens Hechte Huisartsenzorg" in text
    css = (pdf_safety.ASSET_DIR / "plan.css").read_text()
    contents = re.findall(r"content:([^;}]*)", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    assert contents and {s for c in contents for s in re.findall(r'"([^"]*)"', c)} <= {" ", " · ", "."}


def test_complete_plan_contains_every_section_item_and_action(demo_pdf):
    data, values, text, pages = demo_pdf
    assert f"pagina 1 van {pages}" in text
    text = squash(text)
    for section in CONTENT.sections:
        assert squash(section.title) in text, section.title
        for item in section.checklist:
            assert squash(item.statement) in text, item.id
        for row in values.get(f"{section.id}_acties") or []:
            assert squash(row["actie"]) in text, row["actie"]


def test_radar_data_is_in_the_pdf(demo_pdf):
    data, values, text, _ = demo_pdf
    for m in plan_maturity(CONTENT, values):
        assert f"{m.current} {m.target} {m.checklist_level} ({m.percentage}%)" in text, m.section.id


def test_pdf_is_tagged_dutch_and_has_metadata(demo_pdf):
    data, _, text, _ = demo_pdf
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Regioplan Noord-Holland Noord 2026–2029"
    assert "Noord-Holland Noord" in reader.metadata.author
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl"
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert "Concept" in text


def test_qpdf_finds_no_structural_errors(demo_pdf, tmp_path):
    if shutil.which("qpdf") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("qpdf ontbreekt")
        pytest.skip("qpdf ontbreekt")
    path = tmp_path / "plan.pdf"
    path.write_bytes(demo_pdf[0])
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


HOSTILE = {
    "html": '<img src="file:///etc/passwd"> <script>alert(1)</script>',
    "css": "<style>body { background: url(http://169.254.169.254/latest/meta-data/) }</style>",
    "emoji": "Samen sterker 💪🏽 in de regio – مرحبا بالعالم – שלום",
}


def test_hostile_answers_render_as_literal_text_and_fetch_nothing(client, factories, monkeypatch):
    org = factories.organisation("Zorggroep <b>Vet</b>")
    plan = editing.create_plan(org, "Plan <i>schuin</i>", 2026, 2029, None)
    editing.save_values(plan, "b1", {
        "b1_visie": HOSTILE["html"],
        "b1_inwoners": 1000,
        "b1_acties": [{"actie": HOSTILE["css"], "eigenaar": HOSTILE["emoji"]}],
    }, None, None)
    editing.save_values(plan, "b2", {"b2_data_toelichting": "x" * 100_000, "b2_data": "structureel"}, None, None)
    requested = []
    original = BundledAssetFetcher.fetch
    monkeypatch.setattr(BundledAssetFetcher, "fetch", lambda self, url, headers=None: (
        requested.append(url), original(self, url, headers))[1])

    html = pdf.render_html(plan, pdf.PdfOptions())
    assert "<img src=\"file:" not in html and "<script>" not in html and "<style>body" not in html
    # In this process (renders normally run in a child of their own), so the fetcher can be watched.
    data = pdf_process.write_pdf(pdf_safety.soften_long_words(html), BundledAssetFetcher())
    assert requested == [f"{ASSET_BASE}plan.css"], "only the bundled stylesheet is fetched"
    text = squash(text_of(data)).replace("\u200b", "")
    for literal in (*HOSTILE.values(), "Zorggroep <b>Vet</b>", "Plan <i>schuin</i>"):
        assert squash(literal) in text, literal
    assert text.count("x") >= 100_000, "the 100,000 characters are all there, over several pages"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "https://example.org/style.css",
    "data:text/css,body{}",
    f"{ASSET_BASE}../../../../etc/passwd",
    f"{ASSET_BASE}../plans/pdf.py",
    f"{ASSET_BASE}missing.css",
])
def test_fetcher_refuses_everything_but_bundled_assets(url):
    with pytest.raises(FetchRefused):
        BundledAssetFetcher().fetch(url)


def test_fetcher_serves_the_bundled_stylesheet():
    response = BundledAssetFetcher().fetch(f"{ASSET_BASE}plan.css")
    assert b"@page" in response.read()


def test_a_runaway_render_is_killed_with_its_process(monkeypatch):
    """The render runs in a child process that the kernel kills at its processor-time limit (RLIMIT_CPU),
    not interrupted from inside."""
    pdf_safety.stop_render_process()  # a render process of an earlier test lives on: start a new one here
    children = []
    original = pdf_safety._CONTEXT.Process

    def spy(*args, **kwargs):
        children.append(original(*args, **kwargs))
        return children[-1]

    monkeypatch.setattr(pdf_safety._CONTEXT, "Process", spy)
    with pytest.raises(RenderTimeout):
        pdf.html_to_pdf("<p>" + "woord " * 200_000 + "</p>", timeout_seconds=0.5)
    assert len(children) == 1 and not children[0].is_alive()
    assert children[0].exitcode in (-signal.SIGXCPU, -signal.SIGKILL)
    assert pdf.html_to_pdf("<p>Daarna gewoon verder</p>").startswith(b"%PDF"), "the next render works"


def test_the_render_process_is_replaced_after_its_share_of_renders(monkeypatch):
    pdf_safety.stop_render_process()
    monkeypatch.setattr(pdf_process, "RENDERS_PER_PROCESS", 2)
    slot = pdf_safety._slot_of(None)
    processes = []
    for n in range(3):
        assert pdf.html_to_pdf(f"<p>Render {n}</p>").startswith(b"%PDF")
        processes.append(slot.process)
    assert processes[0] is not None and processes[1] is None, "ended after its second render, between renders"
    assert processes[2] is not None and processes[2].is_alive(), "the third render started a new one"
    pdf_safety.stop_render_process()


def test_heartbeat_is_called_while_the_render_runs():
    beats = []
    with pytest.raises(RenderTimeout):
        pdf_safety.run_render("<p>" + "woord " * 200_000 + "</p>", timeout_seconds=0.6,
                              heartbeat=lambda: beats.append(1), heartbeat_seconds=0.1)
    assert beats


def test_concept_cache_writes_through_a_unique_temporary_file(app, factories, monkeypatch, tmp_path):
    """Two renders of one plan at once each write a temporary file of their own, then rename."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    plan = editing.create_plan(factories.organisation(), "Plan", 2026, 2029, None)
    path = pdf.concept_path(plan)
    seen = []
    real_replace = os.replace

    def replace(source, target):
        seen.append(source)
        return real_replace(source, target)

    monkeypatch.setattr(pdf.os, "replace", replace)
    pdf.store_concept(plan.id, path, b"%PDF-1 a")
    pdf.store_concept(plan.id, path, b"%PDF-1 b")
    assert len(set(seen)) == 2 and all(str(s).endswith(".tmp") for s in seen)
    assert path.read_bytes() == b"%PDF-1 b"
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary file is left behind"


def test_draft_pdf_is_rendered_once_per_revision(app, factories, monkeypatch, tmp_path):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    renders = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kw: renders.append(plan.revision) or b"%PDF-1")
    plan = editing.create_plan(factories.organisation(), "Plan", 2026, 2029, None)
    assert pdf.draft_pdf(plan) == b"%PDF-1"
    pdf.draft_pdf(plan)
    assert renders == [0]
    editing.save_values(plan, "b1", {"b1_inwoners": 5}, None, None)
    pdf.draft_pdf(plan)
    assert renders == [0, 1]
    assert len(list((tmp_path / "pdf-cache").glob("*.pdf"))) == 1, "older revisions are removed"


def test_long_words_get_break_opportunities_but_entities_stay_whole():
    from plans.documents.pdf_safety import soften_long_words

    html = "<p>" + "a" * 35 + "&amp;" + "b" * 35 + "</p><a href=\"" + "c" * 80 + "\">kort</a>"
    softened = soften_long_words(html)
    assert "&amp;" in softened and "\u200b" in softened
    assert "c" * 80 in softened, "attributes are left alone"
    assert softened.replace("\u200b", "") == html


def test_signed_version_says_so_and_prints_its_verification_code(factories):
    from types import SimpleNamespace

    plan = editing.create_plan(factories.organisation("Zorggroep Getekend"), "Plan", 2026, 2029, None)
    signoff = SimpleNamespace(signatures=[], reviewers=[], code="ABCD-EFGH-JKLM",
                              url="https://regioplan.test/verificatie/ABCD-EFGH-JKLM", qr="<svg></svg>")
    text = text_of(pdf.render_plan_pdf(plan, pdf.PdfOptions(signoff=signoff)))
    assert "Ondertekend" in text and "ABCD-EFGH-JKLM" in text
    assert "Dit is een concept" not in text


def test_answers_kept_from_the_previous_content_version_are_an_appendix_with_their_text_escaped(factories):
    org = factories.organisation("Zorggroep Oud")
    user = factories.member(org, "redacteur", email="redacteur@oud.nl")
    plan = editing.create_plan(org, "Regioplan Oud", 2026, 2029, user, content_version="2026.1")
    editing.save_values(plan, "b1", {
        "b1_clientgroepen": [{"groep": "gezond", "toelichting": HOSTILE["html"]}],
        "b1_c3": {"status": "deels", "evidence": HOSTILE["css"]},
    }, None, user)
    editing.save_values(plan, "b2", {"b2_coalitie": "ja"}, None, user)
    content_migration.move_plan(plan, user, "2026.2")

    html = pdf.render_html(plan, pdf.PdfOptions())
    assert "<script>" not in html and "<style>body" not in html and '<img src="file:' not in html
    assert 'href="#vorige-inhoudsversie"' in html, "the table of contents names the appendix"
    data = pdf.render_plan_pdf(plan)
    text = squash(text_of(data)).replace("\u200b", "")
    appendix = text[text.rindex(squash("Bijlage: antwoorden uit de vorige inhoudsversie")):]
    old = get_content("2026.1")
    for label in (old.find_question("b1_clientgroepen")[1].label, old.find_checklist_item("b1_c3")[1].statement,
                  old.find_question("b2_coalitie")[1].label, "Bouwsteen 1", "Bouwsteen 2"):
        assert squash(label) in appendix, label
    for literal in (HOSTILE["html"], HOSTILE["css"]):
        assert squash(literal) in appendix, "typed text is printed as text"


def test_a_plan_without_kept_answers_has_no_such_appendix(factories):
    plan = editing.create_plan(factories.organisation("Zorggroep Nieuw"), "Regioplan Nieuw", 2026, 2029, None)
    assert "vorige-inhoudsversie" not in pdf.render_html(plan, pdf.PdfOptions())
