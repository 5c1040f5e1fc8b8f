"""The demo coach: filter to one region, compare two plans, download a ZIP of three PDFs and the CSV."""

import csv
import io
import zipfile

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import assert_no_axe_violations, expect_text, login


def test_coach_filters_compares_and_downloads(page, tmp_path):
    login(page, "coach@demo.regioplan.nl")
    page.get_by_role("link", name="Overzicht", exact=True).click()
    assert_no_axe_violations(page)
    page.get_by_label("Regio", exact=True).select_option(label="Noord-Holland Noord")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator(".overview-table tbody")).not_to_contain_text("Zeeland")
    assert page.locator(".overview-table tbody tr").count() >= 3

    # Compare two plans.
    boxes = page.locator(".overview-table tbody input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Vergelijk de geselecteerde plannen").click()
    expect(page.get_by_role("heading", name="Plannen vergelijken")).to_be_visible()
    expect(page.locator(".compare-table thead th")).to_have_count(3)
    assert_no_axe_violations(page)

    # A ZIP of three PDFs: the signed plan, the empty plan and the half-filled plan of Zeeland.
    page.goto("/overzicht/")
    for name in ["Zorggroep West-Friesland (demo)", "Huisartsenzorg Zeeland (demo)"]:
        page.locator("tr", has_text=name).first.locator("input[type=checkbox]").check()
    page.locator("tr", has_text="Ondertekend").first.locator("input[type=checkbox]").check()
    page.get_by_role("button", name="Download de geselecteerde PDF's als ZIP").click(timeout=90_000)
    expect_text(page, "Klaar om te downloaden")  # the progress page; the test server builds the ZIP at once
    assert page.locator("progress").get_attribute("value") == "3"
    assert_no_axe_violations(page)
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("link", name="Download het ZIP-bestand").click()
    archive = zipfile.ZipFile(info.value.path())
    assert len(archive.namelist()) == 3
    for name in archive.namelist():
        assert len(PdfReader(io.BytesIO(archive.read(name))).pages) > 0, name
    assert any(name.endswith("ondertekend.pdf") for name in archive.namelist())

    # The CSV of maturity per section per plan.
    page.goto("/overzicht/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Volwassenheid als CSV").click()
    with open(info.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read()), delimiter=";"))
    assert rows[0][0] == "Organisatie" and len(rows) > 9
