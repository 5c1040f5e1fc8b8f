"""The coach downloads the concept PDF; the maturity pages pass axe."""
from pypdf import PdfReader

from tests.browser.conftest import assert_no_axe_violations, expect_text, login


def test_coach_sees_the_maturity_profile_and_downloads_the_pdf(page, tmp_path):
    login(page, "coach@demo.regioplan.nl")
    page.get_by_role("link", name="Regioplan Noord-Holland Noord 2026–2029").first.click()  # version 2, concept
    page.get_by_role("link", name="Volwassenheidsprofiel").click()
    assert page.locator("svg[role=img]").is_visible()
    assert_no_axe_violations(page)
    page.go_back()
    with page.expect_download(timeout=90_000) as info:  # a first render takes seconds
        page.get_by_role("link", name="Download het regioplan als PDF").click(timeout=90_000)
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
    assert page.get_by_role("heading", name="Voorgestelde volgende stappen").is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Toevoegen aan actieplan").first.click()
    expect_text(page, "De actie is toegevoegd aan het actieplan")
