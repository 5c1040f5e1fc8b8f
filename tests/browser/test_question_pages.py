"""What a person sees on a question page: errors inline and in the summary, and a unit such as "%" beside its
input, at desktop and phone width."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, expect_text, login

# Problems a person (or a screen reader) would meet on an error page; an empty list when there are none.
CHECK_ERRORS_JS = """() => {
  const problems = [];
  const text = el => el.textContent.replace(/\\s+/g, ' ').replace(/^ ?Fout: ?/, '').trim().toLowerCase();
  for (const el of document.querySelectorAll('[aria-describedby]')) {
    for (const id of el.getAttribute('aria-describedby').split(/\\s+/)) {
      if (!document.getElementById(id)) problems.push('aria-describedby names a missing id ' + id);
    }
  }
  const summary = [...document.querySelectorAll('[data-error-summary] a')];
  if (!summary.length) problems.push('no error summary');
  for (const link of summary) {
    if (!document.getElementById(link.hash.slice(1))) problems.push('summary link to a missing id ' + link.hash);
  }
  const listed = summary.map(text);
  for (const error of document.querySelectorAll('.field-error')) {
    if (!listed.some(s => s.endsWith(text(error)))) problems.push('inline error not in the summary: ' + text(error));
    if (error.offsetParent === null) problems.push('inline error not visible: ' + text(error));
  }
  return problems;
}"""


def check_errors(page) -> None:
    expect(page).to_have_title(re.compile("^Fout: "))
    assert page.evaluate(CHECK_ERRORS_JS) == []
    assert not re.search(r"CSRF|This field|Not a valid", page.locator("main").inner_text())


def continue_(page):
    page.get_by_role("button", name="Opslaan en doorgaan", exact=True).last.click()


def test_errors_stand_inline_and_in_the_summary_and_a_draft_shows_them_again(page):
    login(page, "bestuur@andere.demo.regioplan.nl")
    page.get_by_role("link", name="Nieuw regioplan starten").click()
    page.get_by_label("Titel van het plan").fill("Regioplan Zeeland foutmeldingen")
    page.get_by_label("Eerste jaar").fill("twintig")
    page.get_by_label("Laatste jaar").fill("2039")
    page.get_by_role("button", name="Plan aanmaken").click()
    expect(page.locator("#period_start-error")).to_contain_text("Vul een jaartal in met vier cijfers, zoals 2026")
    check_errors(page)
    page.get_by_label("Eerste jaar").fill("2036")
    page.get_by_role("button", name="Plan aanmaken").click()
    expect_text(page, "0 van 9 onderdelen klaar")
    plan_url = page.url.rstrip("/")

    page.goto(plan_url + "/opstellen-regioplan/regioprofiel")
    page.locator("#q_b1_inwoners").fill("ongeveer 300 duizend")
    continue_(page)
    expect(page.locator("#q_b1_inwoners-error")).to_contain_text("Vul een heel getal in, zoals 1250")
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "Hoeveel inwoners telt het werkgebied van uw organisatie? Vul een heel getal in, zoals 1250")
    check_errors(page)
    assert_no_axe_violations(page)

    page.goto(plan_url + "/opstellen-regioplan/regioprofiel")  # the page was kept as a draft
    expect(page.locator("#q_b1_inwoners")).to_have_value("ongeveer 300 duizend")
    check_errors(page)

    page.goto(plan_url + "/opstellen-regioplan/acties")
    page.locator("#q_b1_acties-0-actie").fill("Regiobeeld actualiseren")
    page.locator("#q_b1_acties-0-eigenaar").fill("Bestuur")
    page.locator("#q_b1_acties-0-start").fill("2030-05-01")
    page.locator("#q_b1_acties-0-eind").fill("2030-01-01")
    continue_(page)
    expect(page.locator("[data-error-summary]")).to_contain_text("De einddatum van actie 1 ligt vóór de startdatum")
    expect(page.locator("#q_b1_acties-0-eind-error")).to_contain_text("De einddatum van actie 1 ligt vóór de startdatum")
    expect(page.locator(".table-row__legend").first).to_have_text("Actie 1")
    check_errors(page)



@pytest.mark.parametrize("width", [1280, 320])
def test_the_percent_sign_stands_beside_its_input(browser, live_server, width):
    context = browser.new_context(base_url=live_server, locale="nl-NL", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        login(page, "bestuur@andere.demo.regioplan.nl")
        page.get_by_role("link", name="Regioplan Zeeland 2026–2029", exact=True).first.click()
        page.wait_for_url("**/plannen/*")
        page.goto(page.url.rstrip("/") + "/betrekken-van-alle-huisartsen/bereik")
        field = page.locator("#q_r2_praktijken_pct")
        unit = field.locator("xpath=following-sibling::span[contains(@class, 'input-suffix')]")
        box, sign = field.bounding_box(), unit.bounding_box()
        assert sign["x"] >= box["x"] + box["width"] - 1, "to the right of the input"
        assert box["y"] <= sign["y"] + sign["height"] / 2 <= box["y"] + box["height"], "on the same line"
    finally:
        context.close()
