"""The coach downloads the concept PDF through its progress page; the maturity pages pass axe."""

import sqlalchemy as sa
from playwright.sync_api import expect
from pypdf import PdfReader

from plans.db import db
from plans.models import Job, Organisation, Plan
from tests.browser.conftest import assert_no_axe_violations, expect_text, login


def test_coach_sees_the_maturity_profile_and_downloads_the_pdf(page, tmp_path):
    login(page, "coach@demo.regioplan.nl")
    page.get_by_role("link", name="Regioplan Noord-Holland Noord 2026–2029").first.click()  # version 2, concept
    page.get_by_role("link", name="Volwassenheidsprofiel").click()
    expect(page.locator("svg[role=img]")).to_be_visible()
    assert_no_axe_violations(page)
    page.go_back()
    # The link asks for the PDF; the progress page follows (the test server runs jobs at once, so it is
    # ready by then) with the link to the file.
    page.get_by_role("link", name="Download het regioplan als PDF").click(timeout=90_000)
    expect_text(page, "Klaar om te downloaden")
    assert_no_axe_violations(page)
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("link", name="Download het regioplan als PDF").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name.endswith(".pdf")
    reader = PdfReader(target)
    assert len(reader.pages) > 30
    assert reader.metadata.title == "Regioplan Noord-Holland Noord 2026–2029"


def test_section_check_page_with_next_steps_is_accessible(page):
    login(page, "bestuur@demo.regioplan.nl")
    page.get_by_role("link", name="Regioplan Noord-Holland Noord 2026–2029").first.click()  # version 2, concept
    page.get_by_role("link", name="Bouwsteen 4 Arbeidsmarktproblematiek").click()
    expect(page.get_by_role("heading", name="Voorgestelde volgende stappen")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Toevoegen aan actieplan").first.click()
    expect_text(page, "De actie is toegevoegd aan het actieplan")


def test_progress_page_updates_in_place_and_starts_the_download(page, live_app, monkeypatch, tmp_path):
    """With JavaScript the page polls (static/js/progress.js) and starts the download when the worker is done."""
    from webapp.jobs import documents
    from webapp.jobs.runner import run_job

    queued = []
    monkeypatch.setattr(documents, "render_concept_task", queued.append)  # no worker yet: the job waits in the queue
    login(page, "bestuur@andere.demo.regioplan.nl")
    with live_app.app_context():
        plan_id = db.session.scalar(
            sa.select(Plan.id).join(Plan.organisation).where(Organisation.name.like("%Zeeland%"))
        )
    page.goto(f"/plannen/{plan_id}/regioplan.pdf")
    expect_text(page, "In de wachtrij")
    assert queued, "the job was queued"
    assert_no_axe_violations(page)
    with page.expect_download(timeout=90_000) as info, live_app.app_context():
        run_job(queued[-1], documents.render_concept)  # the worker does its work meanwhile
    assert info.value.suggested_filename.endswith(".pdf")
    with live_app.app_context():
        assert db.session.get(Job, queued[-1]).status == "done"
