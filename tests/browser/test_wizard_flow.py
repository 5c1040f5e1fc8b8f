"""A new board member writes two sections in a real browser, stops, comes back and checks the answers."""

import re

from playwright.sync_api import expect

from building_blocks import get_content
from tests.browser.conftest import assert_no_axe_violations, expect_text, login

B2 = get_content().section("b2")
STEPS = len(B2.pages) + 2  # the content pages, the checklist and the self-rating


def continue_(page):
    page.get_by_role("button", name="Opslaan en doorgaan", exact=True).last.click()


def test_board_member_fills_two_sections_and_resumes(page):
    login(page, "bestuur@andere.demo.regioplan.nl")
    page.get_by_role("link", name="Nieuw regioplan starten").click()
    page.get_by_label("Titel van het plan").fill("Regioplan Zeeland browsertest")
    page.get_by_label("Eerste jaar").fill("2026")
    page.get_by_label("Laatste jaar").fill("2029")
    page.get_by_role("button", name="Plan aanmaken").click()
    expect_text(page, "Er is al een concept voor")  # the demo's half-filled plan has the same period
    assert_no_axe_violations(page)
    page.get_by_label("Toch een nieuw plan voor deze periode starten").check()
    page.get_by_role("button", name="Plan aanmaken").click()
    expect_text(page, "0 van 9 onderdelen klaar")
    assert_no_axe_violations(page)

    # Bouwsteen 2, step 1: a yes/no that brings up a conditional date question.
    page.get_by_role("link", name="Bouwsteen 2 Automatisering en informatisering").click()
    expect(page).to_have_title(re.compile(f"^Stap 1 van {STEPS}"))
    assert page.locator("#q_b2_visie_datum").count() == 0
    page.locator("#b2_visie").get_by_label("Ja", exact=True).check()
    continue_(page)
    expect_text(page, "vervolgvraag")
    page.locator("#q_b2_visie_datum").fill("2025-11-01")
    continue_(page)
    continue_(page)  # basis op orde: nothing required
    continue_(page)  # samenwerken

    # Veiligheid en data: forget the required choice, see the error, fix it.
    expect(page).to_have_title(re.compile("^" + re.escape(f"Stap 4 van {STEPS}")))
    continue_(page)
    expect(page).to_have_title(re.compile("^" + re.escape(f"Fout: Stap 4 van {STEPS}")))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert_no_axe_violations(page)
    summary.get_by_role("link").first.click()
    page.locator("#b2_avg input[type=radio]").first.check()
    continue_(page)
    continue_(page)  # digitale zorg (since content 2026.2): nothing required

    # Actions: two rows, the second added without JavaScript's help.
    page.locator("#q_b2_acties-0-actie").fill("Nulmeting digitale dienstverlening in alle praktijken")
    page.locator("#q_b2_acties-0-eigenaar").fill("Manager ICT")
    page.get_by_role("button", name="Nog een actie toevoegen").click()
    page.locator("#q_b2_acties-1-actie").fill("Aansluiten op regionale uitwisseling")
    page.locator("#q_b2_acties-1-eigenaar").fill("Bestuur")
    page.locator("#q_b2_acties-1-eind").fill("2027-12-31")
    continue_(page)

    # Checklist and self-rating.
    for item in B2.checklist:
        page.locator(f"#{item.id}").get_by_label("Ja", exact=True).check()
    continue_(page)
    page.get_by_label("2.", exact=False).first.check()
    page.locator("input[name=target][value='4']").check()
    continue_(page)

    expect_text(page, "Controleer uw antwoorden")
    page.get_by_label("Ja, dit onderdeel is klaar").check()
    page.get_by_role("button", name="Opslaan").click()
    expect_text(page, "1 van 9 onderdelen klaar")

    # Bouwsteen 3: one page, then stop for now.
    page.get_by_role("link", name="Bouwsteen 3 Gemandateerde samenwerkingsafspraken").click()
    page.locator("#b3_mandaat_vorm input[type=radio]").first.check()
    page.get_by_role("button", name="Opslaan en later verder").click()
    page.get_by_role("button", name="Uitloggen").click()

    # Later: log in again and resume at the task list with the right statuses.
    login(page, "bestuur@andere.demo.regioplan.nl")
    page.get_by_role("link", name="Regioplan Zeeland browsertest").click()
    expect(page.locator("#status-b2")).to_have_text("Klaar")
    expect(page.locator("#status-b3")).to_have_text("Bezig")
    expect(page.locator("#status-b1")).to_have_text("Niet gestart")

    page.get_by_role("link", name="Alle antwoorden controleren").click()
    page.get_by_role("heading", name="Alle antwoorden", level=1).wait_for()
    content = page.content()
    for expected in [
        "1 november 2025",
        "Nulmeting digitale dienstverlening in alle praktijken",
        "Aansluiten op regionale uitwisseling",
        "31 december 2027",
        "Niet ingevuld",
    ]:
        assert expected in content, expected
    assert_no_axe_violations(page)
    page.goto(page.url.replace("/controleren", "") + "/automatisering-en-informatisering/controleren")
    assert_no_axe_violations(page)


def test_long_text_is_saved_in_the_background(page):
    """A closed tab loses at most a few seconds: the text is stored while typing, before any submit."""
    login(page, "redacteur@demo.regioplan.nl")
    page.get_by_role("link", name="Regioplan Noord-Holland Noord 2026–2029").first.click()  # version 2, concept
    page.get_by_role("link", name="Bouwsteen 1 Opstellen regioplan").click()
    page.get_by_role("link", name="Wijzigen Wat wil de regio met dit plan bereiken?").click()
    field = page.locator("textarea[data-autosave]").first
    field.fill("Een nieuwe visie, automatisch bewaard.")
    status = page.locator("[data-autosave-status]").first
    status.filter(has_text="Automatisch opgeslagen").wait_for()
    page.goto(page.url)  # leave without submitting
    assert page.locator("textarea[data-autosave]").first.input_value() == "Een nieuwe visie, automatisch bewaard."
