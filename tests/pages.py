"""Notify-style request helpers: every call checks the status and parses the page, and every page is checked.

    page = client_request.get_page("/bouwstenen/")            # asserts 200, returns a parsed Page
    page = client_request.post_page(url, data, status=302)     # asserts 302; page.location is the redirect
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bs4 import BeautifulSoup


@dataclass
class Page:
    response: object
    html: BeautifulSoup | None

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def location(self) -> str | None:
        return self.response.headers.get("Location")

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", self.html.get_text(" ")).strip() if self.html else ""

    def select(self, selector: str):
        return self.html.select(selector)

    def select_one(self, selector: str):
        return self.html.select_one(selector)

    def find(self, *args, **kwargs):
        return self.html.find(*args, **kwargs)


def check_html(html: BeautifulSoup) -> None:
    """What every page of the app must get right, whatever it shows."""
    assert html.html is not None and html.html.get("lang") == "nl", "every page is in Dutch: <html lang=nl>"
    assert html.title and html.title.get_text(strip=True), "every page has a title"
    ids = Counter(tag["id"] for tag in html.find_all(id=True))
    assert not [i for i, n in ids.items() if n > 1], f"duplicate ids: {[i for i, n in ids.items() if n > 1]}"
    for tag in html.find_all(attrs={"aria-describedby": True}):
        missing = [i for i in tag["aria-describedby"].split() if i not in ids]
        assert not missing, f"aria-describedby points to missing ids {missing}"
    for link in html.select(".error-summary a[href^='#']"):
        assert link["href"][1:] in ids, f"the error summary links to {link['href']}, which does not exist"


class ClientRequest:
    def __init__(self, client):
        self.client = client

    def get_page(self, url: str, *, status: int = 200, **kwargs) -> Page:
        return self._checked(self.client.get(url, **kwargs), status)

    def post_page(self, url: str, data: dict | None = None, *, status: int = 302, **kwargs) -> Page:
        return self._checked(self.client.post(url, data=data or {}, **kwargs), status)

    @staticmethod
    def _checked(response, status: int) -> Page:
        assert response.status_code == status, f"expected {status}, got {response.status_code}"
        html = None
        if response.mimetype == "text/html" and status != 302:
            html = BeautifulSoup(response.get_data(as_text=True), "html.parser")
            check_html(html)
        return Page(response, html)
