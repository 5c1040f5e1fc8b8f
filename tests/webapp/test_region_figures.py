"""Reference figures in the app: the command, the administrator's page and the prefilled region profile."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from building_blocks import get_content
from plans.models import RegionFigure
from plans.regionfigures.importer import import_figures
from plans.writing import editing

FIXTURES = Path(__file__).parents[1] / "plans" / "fixtures"
GOOD, BAD = FIXTURES / "region_figures_good.csv", FIXTURES / "region_figures_bad.csv"
B1 = get_content().section("b1")


def test_command_loads_a_good_file_once_and_refuses_a_bad_one_whole(app, db_session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["regions", "import-figures", str(GOOD)])
    assert first.exit_code == 0 and "Kengetallen ingelezen: 6 nieuw, 0 gewijzigd, 0 ongewijzigd." in first.output
    again = runner.invoke(args=["regions", "import-figures", str(GOOD)])
    assert again.exit_code == 0 and "Niets gewijzigd: alle 6 kengetallen stonden er al." in again.output
    bad = runner.invoke(args=["regions", "import-figures", str(BAD)])
    assert bad.exit_code == 1 and "Niets ingelezen" in bad.output and "Regel 3: waarde ‘1.870’" in bad.output
    assert db_session.scalar(sa.select(sa.func.count(RegionFigure.id))) == 6


def test_the_administrator_sees_what_was_loaded_and_when(client_request, auth, factories, db_session):
    auth.login(factories.admin())
    assert "Er zijn nog geen kengetallen ingelezen" in client_request.get_page("/beheer/kengetallen").text
    import_figures(GOOD.read_bytes(), "region_figures_good.csv")
    index = client_request.get_page("/beheer/")
    assert index.select_one("a[href='/beheer/kengetallen']")
    text = client_request.get_page("/beheer/kengetallen").text
    assert "region_figures_good.csv" in text and "Noord-Holland Noord (5512)" in text
    assert "654.321" in text and "312,5" in text and "Prognose inwoners 2030" in text and "1 januari 2024" in text


def test_the_figures_page_is_for_administrators_only(client, auth, factories):
    auth.login(factories.member(factories.organisation(), "bestuurder"))
    assert client.get("/beheer/kengetallen").status_code == 403


def test_region_profile_is_prefilled_with_source_and_peildatum_and_stays_editable(client_request, auth, factories):
    import_figures(GOOD.read_bytes(), "good.csv")
    org = factories.organisation()
    editor = factories.member(org, "redacteur")
    plan = editing.create_plan(org, "Plan", 2026, 2029, editor)
    auth.login(editor)
    url = f"/plannen/{plan.id}/{B1.slug}/{B1.pages[0].id}"
    page = client_request.get_page(url)
    assert page.select_one("#q_b1_inwoners")["value"] == "654321"
    assert page.select_one("#q_b1_praktijken")["value"] == "187"
    notice = page.select_one("#referentiecijfers").get_text(" ")
    assert "bron Testbron (fictief, alleen voor tests), peildatum 1 januari 2024" in " ".join(notice.split())
    assert editing.values_of(plan).get("b1_inwoners") is None, "nothing is saved until the user saves"

    client_request.post_page(url, {"q_b1_inwoners": "312000", "q_b1_praktijken": "187", "action": "later"})
    assert editing.values_of(plan)["b1_inwoners"] == 312000
    again = client_request.get_page(url)
    assert again.select_one("#q_b1_inwoners")["value"] == "312000", "an answer is never replaced by the reference"
    assert again.select_one("#referentiecijfers") is None
