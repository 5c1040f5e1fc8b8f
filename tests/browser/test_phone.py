"""At 320 px (a small phone) no page of any role's journey scrolls sideways; only a data table scrolls, in its own
container; and no page shows English (a library's default message left untranslated). Each role's journey is
every page reachable by links from its start page."""
import re
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import login

PHONE = {"width": 320, "height": 800}
NOT_PAGES = re.compile(r"\.(pdf|zip|csv)$|^/static/")
# Default texts of Flask, WTForms, Flask-WTF and Flask-Login, and common English interface words.
ENGLISH = re.compile(r"\b(This field|Not a valid|Invalid \w+|is required|Field must|CSRF token|Please log in|"
                     r"Page Not Found|Not Found|Forbidden|Internal Server Error|Submit|Cancel|Sign in|Log in)\b")
ROLES = [
    "bestuur@demo.regioplan.nl",
    "redacteur@demo.regioplan.nl",
    "kring@demo.regioplan.nl",
    "coach@demo.regioplan.nl",
    "beheer@demo.regioplan.nl",
    "bestuur@andere.demo.regioplan.nl",
]


def shape(path: str) -> str:
    """Pages that differ only in ids, in the answer whose history they show or in their query (filters,
    sorting, paging) have the same layout; the crawl visits one of each."""
    path = re.sub(r"/geschiedenis/[^/?]+", "/geschiedenis/K", path.split("?", maxsplit=1)[0])
    return re.sub(r"\d+", "N", path)


def overflow(page) -> dict | None:
    """The page's width beyond the viewport and the widest elements outside a scroll container, or None."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return null;
            const culprits = [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right > width + 0.5 && !el.closest(".table-scroll"))
                .slice(0, 5).map(el => el.tagName.toLowerCase() + "." + el.className);
            return {scrollWidth: document.documentElement.scrollWidth, culprits};
        }"""
    )


def links(page) -> list[str]:
    found = []
    for href in page.eval_on_selector_all("a[href]", "els => els.map(el => el.href)"):
        url = urlparse(href)
        if url.netloc != urlparse(page.url).netloc or NOT_PAGES.search(url.path):
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("email", ROLES)
def test_no_page_of_the_journey_scrolls_sideways_at_320_px(phone, email):
    login(phone, email)
    queue, seen_shapes, visited, wide, english = ["/"], set(), 0, {}, {}
    while queue:
        path = queue.pop(0)
        if shape(path) in seen_shapes:
            continue
        seen_shapes.add(shape(path))
        phone.goto(path)
        visited += 1
        problem = overflow(phone)
        if problem:
            wide[path] = problem
        if found := ENGLISH.search(phone.locator("body").inner_text()):
            english[path] = found.group(0)
        queue.extend(links(phone))
    assert visited > 10
    assert wide == {}
    assert english == {}, "every text a user sees is Dutch"


def test_compare_page_fits_a_phone(phone):
    login(phone, "coach@demo.regioplan.nl")
    phone.goto("/overzicht/")
    boxes = phone.locator(".overview-table tbody input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    phone.get_by_role("button", name="Vergelijk de geselecteerde plannen").click()
    phone.get_by_role("heading", name="Plannen vergelijken").wait_for()
    assert overflow(phone) is None


def test_form_errors_fit_a_phone(phone):
    login(phone, "bestuur@demo.regioplan.nl")
    phone.get_by_role("link", name="Nieuw regioplan starten").first.click()
    phone.get_by_label("Titel van het plan").fill("")
    phone.get_by_role("button", name="Plan aanmaken").click()
    phone.locator("[data-error-summary]").wait_for()
    assert overflow(phone) is None
