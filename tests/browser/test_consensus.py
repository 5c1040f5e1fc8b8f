"""Two bestuurders give their own levels, the spread is flagged, and the board settles the level."""

from playwright.sync_api import expect

from building_blocks import get_content
from tests.browser.conftest import assert_no_axe_violations, expect_text, login

B3 = get_content().section("b3")
PLAN = "Regioplan Noord-Holland Noord 2026–2029"


def give_levels(page, email, current, target):
    login(page, email)
    page.get_by_role("link", name=PLAN).first.click()
    page.get_by_role("link", name="Niveaus per bestuurder").click()
    fieldset = page.get_by_role("group", name=f"{B3.label}: {B3.title}")
    fieldset.get_by_label("Huidig niveau").select_option(str(current))
    fieldset.get_by_label("Doelniveau").select_option(str(target))
    page.get_by_role("button", name="Mijn niveaus opslaan").click()
    expect_text(page, "Uw eigen niveaus zijn opgeslagen.")


def test_board_members_differ_and_the_board_settles_the_level(page):
    give_levels(page, "bestuur@demo.regioplan.nl", 1, 3)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Uitloggen").click()
    give_levels(page, "bestuur2@demo.regioplan.nl", 3, 4)
    row = page.locator(f"tr#{B3.id}")
    assert "Bespreken in het bestuur" in row.inner_text()
    row.get_by_role("link", name="Bekijken en vaststellen").click()
    expect_text(page, "Eigen oordelen")
    assert_no_axe_violations(page)
    page.get_by_label("2.", exact=False).first.check()
    page.get_by_role("group", name="Vastgesteld doelniveau").get_by_label("4.", exact=False).check()
    page.get_by_label("Motivering van het bestuur").fill("Besproken in de bestuursvergadering: we starten op 2.")
    page.get_by_role("button", name="Niveau vaststellen").click()
    expect_text(page, f"Het niveau van {B3.title} is vastgesteld.")
    expect(page.locator(f"tr#{B3.id}")).to_contain_text("2 → 4")
    page.get_by_role("link", name="Terug naar het overzicht").click()
    page.get_by_role("link", name="Volwassenheidsprofiel").click()
    assert_no_axe_violations(page)
