"""What a person sees on a question page: a unit such as "%" stands beside its input, at desktop and phone width."""
import pytest

from tests.browser.conftest import login


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
