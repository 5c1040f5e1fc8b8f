"""Each demo role logs in through a real browser and lands on its own start page; axe finds nothing."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, expect_text, login

START_PAGES = [
    ("bestuur@demo.regioplan.nl", "Mijn plannen", "Regio-organisatie Huisartsen Noord-Holland Noord (demo)"),
    ("bestuur2@demo.regioplan.nl", "Mijn plannen", "Regio-organisatie Huisartsen Noord-Holland Noord (demo)"),
    ("redacteur@demo.regioplan.nl", "Mijn plannen", "Regio-organisatie Huisartsen Noord-Holland Noord (demo)"),
    ("kring@demo.regioplan.nl", "Mijn regio's", "Noord-Holland Noord"),
    ("coach@demo.regioplan.nl", "Mijn regio's", "Zeeland"),
    ("beheer@demo.regioplan.nl", "Beheer", "Naar beheer"),
    ("bestuur@andere.demo.regioplan.nl", "Mijn plannen", "Huisartsenzorg Zeeland (demo)"),
]


@pytest.mark.parametrize("email, heading, content", START_PAGES)
def test_demo_role_sees_its_start_page(page, email, heading, content):
    login(page, email)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect_text(page, content)
    assert_no_axe_violations(page)


def test_login_errors_are_summarised_focused_and_accessible(page):
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill("bestuur@demo.regioplan.nl")
    page.get_by_label("Wachtwoord").fill("verkeerd wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    # app.js moves the focus once the new page has loaded: wait for that instead of reading mid-navigation
    # (expect polls from Playwright's side; a polled string predicate is refused by the page's CSP).
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page).to_have_title(re.compile("^" + re.escape("Fout:")))
    assert page.get_by_label("E-mailadres").input_value() == "bestuur@demo.regioplan.nl"
    assert_no_axe_violations(page)


def test_public_pages_are_accessible(page):
    for url in ["/inloggen", "/wachtwoord-vergeten", "/uitnodiging/ongeldig"]:
        page.goto(url)
        assert_no_axe_violations(page)


def test_every_page_of_an_administrator_is_accessible(page):
    login(page, "beheer@demo.regioplan.nl")
    urls = [
        "/",
        "/account",
        "/beheer/",
        "/beheer/regios",
        "/beheer/regios/nieuw",
        "/beheer/organisaties",
        "/beheer/organisaties/nieuw",
        "/beheer/gebruikers",
        "/beheer/gebruikers/nieuw",
        "/beheer/toewijzingen",
        "/beheer/e-mail",
        "/bestaat-niet",
    ]
    for url in urls:
        page.goto(url)
        assert_no_axe_violations(page)
    page.goto("/beheer/organisaties")
    page.get_by_role("link", name="Wijzigen Zorggroep West-Friesland (demo)").click()
    assert_no_axe_violations(page)
    page.goto("/beheer/organisaties")
    page.get_by_role("link", name="Uitnodigen voor Zorggroep West-Friesland (demo)").click()
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page).to_have_title(re.compile("^" + re.escape("Fout:")))
    assert_no_axe_violations(page)
    page.goto("/beheer/gebruikers")
    page.get_by_role("link", name="Wijzigen coach@demo.regioplan.nl").click()
    assert_no_axe_violations(page)


def test_bestuurder_team_pages_are_accessible(page):
    login(page, "bestuur@demo.regioplan.nl")
    page.get_by_role("link", name="Regio-organisatie Huisartsen Noord-Holland Noord (demo)").click()
    expect(page.get_by_role("cell", name="redacteur@demo.regioplan.nl")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Collega uitnodigen").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    assert_no_axe_violations(page)


def test_logout_in_the_browser(page):
    login(page, "coach@demo.regioplan.nl")
    page.get_by_role("button", name="Uitloggen").click()
    expect_text(page, "U bent uitgelogd")
    page.goto("/")
    assert "/inloggen" in page.url


def test_content_pages_are_accessible(page):
    page.goto("/bouwstenen/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Bouwsteen 4 Arbeidsmarktproblematiek").click()
    expect(page.get_by_role("heading", name="Arbeidsmarktproblematiek", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/bouwstenen/begrippen")
    assert_no_axe_violations(page)
