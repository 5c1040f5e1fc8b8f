"""The page checks of tests/pages.py catch what they promise to catch."""
import pytest
from bs4 import BeautifulSoup

from tests.pages import check_html

GOOD = '<html lang="nl"><title>T</title><input id="a" aria-describedby="a-hint"><p id="a-hint">x</p></html>'


def test_a_good_page_passes():
    check_html(BeautifulSoup(GOOD, "html.parser"))
    check_html(BeautifulSoup(GOOD.replace("</html>", '<div class="error-summary"><a href="#a">Fout</a></div></html>'),
                             "html.parser"))


@pytest.mark.parametrize("html", [
    GOOD.replace('lang="nl"', 'lang="en"'),
    GOOD.replace("<title>T</title>", ""),
    GOOD.replace('id="a-hint"', 'id="a"'),
    GOOD.replace('aria-describedby="a-hint"', 'aria-describedby="a-error"'),
    GOOD.replace("</html>", '<div class="error-summary"><a href="#b">Fout</a></div></html>'),
], ids=["language", "title", "duplicate id", "dangling aria-describedby", "summary link to nothing"])
def test_a_broken_page_fails(html):
    with pytest.raises(AssertionError):
        check_html(BeautifulSoup(html, "html.parser"))
