"""An editor builds the chain opgave -> doel -> actie, a multi-year budget and the partner table in the wizard,
without JavaScript tricks, and finds all of it in the PDF."""
import re

import sqlalchemy as sa
from playwright.sync_api import expect
from pypdf import PdfReader

from plans.db import db
from plans.models import Organisation, User
from plans.writing import editing
from tests.browser.conftest import assert_no_axe_violations, expect_text, login

EDITOR = "bestuur@andere.demo.regioplan.nl"


def squash(text: str) -> str:
    """Without whitespace and hyphens: the PDF wraps and hyphenates anywhere."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


def new_plan(live_app) -> int:
    with live_app.app_context():
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name.like("%Zeeland%")))
        user = db.session.scalar(sa.select(User).where(User.email == EDITOR))
        plan = editing.create_plan(org, "Regioplan Zeeland met keten 2030–2033", 2030, 2033, user,
                                   content_version="2026.2")
        db.session.commit()
        return plan.id


def fill_row(page, table: str, row: int, cells: dict) -> None:
    for column, value in cells.items():
        field = page.locator(f"#q_{table}-{row}-{column}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def add_row(page, table: str, row: int) -> None:
    page.locator(f'button[value="add_row:{table}"]').click()
    expect(page.locator(f"#q_{table}-{row}-{'code' if table.startswith('b1') else 'opgave'}")).to_be_visible()


def save_for_later(page) -> None:
    page.get_by_role("button", name="Opslaan en later verder").click()
    expect_text(page, "Uw antwoorden zijn opgeslagen")


def test_editor_builds_the_chain_budget_and_partners_and_finds_them_in_the_pdf(page, live_app, tmp_path):
    plan_id = new_plan(live_app)
    login(page, EDITOR)
    base = f"/plannen/{plan_id}"

    page.goto(f"{base}/opstellen-regioplan/visie-en-prioriteiten")
    fill_row(page, "b1_opgaven", 0, {"code": "O1", "opgave": "Huisartsen binden in Zeeland"})
    save_for_later(page)

    page.goto(f"{base}/opstellen-regioplan/doelen")
    fill_row(page, "b1_doelen", 0, {"code": "D1", "opgave": "O1", "indicator": "Praktijken zonder opvolger",
                                    "nulmeting": "6 praktijken", "nulmeting_datum": "01-01-2030",
                                    "streefwaarde": "0 praktijken", "streefjaar": "2033"})
    add_row(page, "b1_doelen", 1)
    fill_row(page, "b1_doelen", 1, {"code": "D2", "opgave": "O1", "indicator": "Stageplaatsen voor aios per jaar"})
    save_for_later(page)

    page.goto(f"{base}/gemandateerde-samenwerkingsafspraken/partners")
    fill_row(page, "b3_partners", 0, {"naam": "Zorgverzekeraar Zuid (demo)", "soort": "verzekeraar_preferent",
                                      "toezegging": "Financiert de leergang", "afspraak": "getekend",
                                      "afspraak_datum": "15-01-2030"})
    page.locator('button[value="add_row:b3_partners"]').click()
    expect(page.locator("#q_b3_partners-1-naam")).to_be_visible()
    fill_row(page, "b3_partners", 1, {"naam": "Gemeente Goes (demo)", "soort": "gemeente", "afspraak": "in_gesprek"})
    save_for_later(page)

    page.goto(f"{base}/arbeidsmarktproblematiek/acties")
    fill_row(page, "b4_acties", 0, {"actie": "Leergang praktijkhouderschap", "eigenaar": "Programmaleider",
                                    "eind": "31-12-2031", "mijlpalen": "01-09-2030: eerste groep gestart"})
    row = page.locator("#q_b4_acties-0-doelen")
    row.get_by_label("D1: Praktijken zonder opvolger").check()
    row.get_by_label("D2: Stageplaatsen voor aios per jaar").check()  # one action serving two doelen
    page.locator("#q_b4_acties-0-partnerlijst").get_by_label("Zorgverzekeraar Zuid (demo)").check()
    page.locator('button[value="add_row:b4_acties"]').click()
    expect(page.locator("#q_b4_acties-1-actie")).to_be_visible()
    assert_no_axe_violations(page)
    fill_row(page, "b4_acties", 1, {"actie": "Stageplaatsen werven bij alle praktijken", "eigenaar": "Opleidingscoördinator"})
    page.locator("#q_b4_acties-1-doelen").get_by_label("D2: Stageplaatsen voor aios per jaar").check()
    page.locator('button[value="add_row:b4_acties"]').click()
    expect(page.locator("#q_b4_acties-2-actie")).to_be_visible()
    fill_row(page, "b4_acties", 2, {"actie": "Opvolgingsbank voor vrijkomende praktijken", "eigenaar": "Bestuurder"})
    page.locator("#q_b4_acties-2-doelen").get_by_label("D1: Praktijken zonder opvolger").check()
    page.locator("#q_b4_acties-2-partnerlijst").get_by_label("Gemeente Goes (demo)").check()
    save_for_later(page)

    page.goto(f"{base}/adequate-financiering/meerjarenbegroting")
    for number, (year, amount) in enumerate([("2030", "120.000"), ("2031", "130.000,50"), ("2032", "90.000"),
                                             ("2033", "60.000")]):
        if number:
            add_row(page, "r3_kosten", number)
        fill_row(page, "r3_kosten", number, {"opgave": "O1", "jaar": year, "bedrag": amount})
    fill_row(page, "r3_dekking", 0, {"opgave": "O1", "jaar": "2030", "bron": "oi", "zekerheid": "toegezegd",
                                     "bedrag": "80.000"})
    add_row(page, "r3_dekking", 1)
    fill_row(page, "r3_dekking", 1, {"opgave": "O1", "jaar": "2031", "bron": "gemeenten", "zekerheid": "aangevraagd",
                                     "bedrag": "25.000,25"})
    save_for_later(page)

    page.goto(base)
    page.get_by_role("link", name="Download het regioplan als PDF").click(timeout=90_000)
    expect_text(page, "Klaar om te downloaden")
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("link", name="Download het regioplan als PDF").click()
    target = tmp_path / "plan.pdf"
    info.value.save_as(target)
    text = squash(" ".join(p.extract_text() for p in PdfReader(target).pages))
    tree = text[text.index(squash("Opgaven, doelen en acties Elke opgave")):text.index(squash("Meerjarenbegroting Bedragen"))]
    assert squash("Opgave O1: Huisartsen binden in Zeeland") in tree
    assert squash("Doel D1: Praktijken zonder opvolger") in tree and squash("Doel D2: Stageplaatsen voor aios") in tree
    assert tree.count(squash("Leergang praktijkhouderschap")) == 2  # under each doel it serves
    for action in ("Stageplaatsen werven bij alle praktijken", "Opvolgingsbank voor vrijkomende praktijken"):
        assert squash(action) in tree
    budget = text[text.index(squash("Meerjarenbegroting Bedragen")):]
    for amount in ("€120.000,00", "€130.000,50", "€90.000,00", "€60.000,00", "€400.000,50",  # costs and total
                   "€80.000,00", "€25.000,25", "€105.000,25", "€295.000,25"):  # funding, total, uncovered
        assert amount in budget, amount
    assert squash("Dekking: O&I") in budget and squash("Dekking: Gemeenten") in budget
    assert squash("Zorgverzekeraar Zuid (demo)") in budget and squash("Gemeente Goes (demo)") in budget
    assert squash("Financiert de leergang") in budget and "Getekend" in budget
