"""The coach and district workspace: scope, filters, constant queries, compare, ZIP and CSV."""
import csv
import io
import zipfile

import pytest
import sqlalchemy as sa

from building_blocks import get_content
from plans.db import db
from plans.documents import pdf as pdf_module
from plans.writing import editing
from tests.conftest import page, text_of
from tests.factories import Factories

CONTENT = get_content()


@pytest.fixture
def regions(factories, app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    monkeypatch.setattr(pdf_module, "render_html", lambda plan, options=None: (
        f"<html lang='nl'><body><p>{plan.title}</p></body></html>"))
    nhn, zeeland = factories.region("Noord-Holland Noord"), factories.region("Zeeland")
    plans = {}
    for name, region, level in [("Alfa", nhn, 2), ("Beta", nhn, 3), ("Gamma", zeeland, 4)]:
        org = factories.organisation(f"Zorggroep {name}", region=region)
        plan = editing.create_plan(org, f"Regioplan {name}", 2026, 2029, None)
        editing.save_values(plan, "b1", {"b1.niveau": {"current": level, "target": 5}, "b1.klaar": "ja",
                                          "b1_acties": [{"actie": "A", "eigenaar": "B", "status": "lopend"}]}, None, None)
        plans[name] = plan
    coach = factories.assigned("coach", region=nhn)
    factories.session.add_all([])
    from plans.models import Assignment

    factories.session.add(Assignment(user=coach, role="coach", region=zeeland))
    factories.session.flush()
    return {"plans": plans, "coach": coach, "nhn_reviewer": factories.assigned("beoordelaar", region=nhn),
            "zeeland_coach": factories.assigned("coach", region=zeeland)}


def login(client, user):
    client.post("/uitloggen")
    client.post("/inloggen", data={"email": user.email, "password": Factories.PASSWORD})


def names(response):
    return [a.get_text(strip=True) for a in page(response).select(".overview-table tbody td:nth-child(2) a")]


def test_overview_lists_plans_in_scope_with_filters_and_search(client, regions):
    login(client, regions["coach"])
    assert names(client.get("/overzicht/")) == ["Zorggroep Alfa", "Zorggroep Beta", "Zorggroep Gamma"]
    assert names(client.get("/overzicht/?regio=5525")) == ["Zorggroep Gamma"]
    assert names(client.get("/overzicht/?zoek=bet")) == ["Zorggroep Beta"]
    assert names(client.get("/overzicht/?status=ingediend")) == []
    assert names(client.get("/overzicht/?periode=2026-2029&sorteer=regio")) == \
        ["Zorggroep Alfa", "Zorggroep Beta", "Zorggroep Gamma"]
    mini = page(client.get("/overzicht/")).select_one("svg.mini-profile")["aria-label"]
    assert "B1 2" in mini


def test_reviewers_see_only_their_region(client, regions):
    login(client, regions["nhn_reviewer"])
    assert names(client.get("/overzicht/")) == ["Zorggroep Alfa", "Zorggroep Beta"]
    login(client, regions["zeeland_coach"])
    assert names(client.get("/overzicht/")) == ["Zorggroep Gamma"]


def test_pagination(client, regions, factories):
    region = factories.region("Noord-Holland Noord")
    for i in range(30):
        editing.create_plan(factories.organisation(f"Zorggroep Extra {i:02d}", region=region), "Plan", 2026, 2029, None)
    login(client, regions["coach"])
    first = client.get("/overzicht/")
    assert len(names(first)) == 25 and "33 plannen gevonden" in text_of(first)
    assert len(names(client.get("/overzicht/?pagina=2"))) == 8


def _count_queries(client, url) -> int:
    statements = []
    engine = db.engine

    def count(*args, **kwargs):
        statements.append(args[2] if len(args) > 2 else "")

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_overview_and_compare_keep_a_constant_number_of_queries(client, regions, factories):
    login(client, regions["coach"])
    ids = [p.id for p in regions["plans"].values()]
    few = _count_queries(client, "/overzicht/")
    few_compare = _count_queries(client, "/overzicht/vergelijken?" + "&".join(f"plan={i}" for i in ids[:2]))
    region = factories.region("Noord-Holland Noord")
    for i in range(20):
        plan = editing.create_plan(factories.organisation(f"Zorggroep Meer {i:02d}", region=region), "P", 2026, 2029, None)
        editing.save_values(plan, "b1", {"b1.niveau": {"current": 1, "target": 2}}, None, None)
        ids.append(plan.id)
    assert _count_queries(client, "/overzicht/") == few
    assert _count_queries(client, "/overzicht/vergelijken?" + "&".join(f"plan={i}" for i in ids[-5:])) == few_compare


def test_compare_two_plans(client, regions):
    login(client, regions["coach"])
    alfa, gamma = regions["plans"]["Alfa"], regions["plans"]["Gamma"]
    response = client.get(f"/overzicht/vergelijken?plan={alfa.id}&plan={gamma.id}")
    html = page(response)
    assert len(html.select(".compare-table thead th")) == 3
    row = html.find("th", string=f"{CONTENT.sections[0].label}: {CONTENT.sections[0].title}").parent
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert "Huidig: 2" in cells[0] and "Huidig: 4" in cells[1]
    assert len(html.select("svg[role=img] polygon[stroke-width='2']")) == 2
    open_actions = html.find("th", string="Open acties").parent
    assert [td.get_text(strip=True) for td in open_actions.find_all("td")] == ["1", "1"]


def test_compare_needs_two_to_five_plans_in_scope(client, regions):
    alfa, gamma = regions["plans"]["Alfa"], regions["plans"]["Gamma"]
    login(client, regions["zeeland_coach"])
    response = client.get(f"/overzicht/vergelijken?plan={alfa.id}&plan={gamma.id}", follow_redirects=True)
    assert "Kies twee tot vijf plannen" in text_of(response)
    assert "Zorggroep Alfa" not in response.get_data(as_text=True)


def _zip(client, ids):
    """Ask for the ZIP, see its progress page (the job ran at once: 3 of 3), download it from disk."""
    asked = client.get("/overzicht/regioplannen.zip?" + "&".join(f"plan={i}" for i in ids))
    assert asked.status_code == 302 and "/overzicht/downloads/" in asked.location
    progress = client.get(asked.location)
    bar = page(progress).select_one("progress")
    if bar is not None:
        assert bar["value"] == bar["max"]
    link = page(progress).find("a", string=lambda s: s and "Download het ZIP-bestand" in s)
    response = client.get(link["href"])
    assert response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_zip_of_three_pdfs(client, regions):
    login(client, regions["coach"])
    ids = [p.id for p in regions["plans"].values()]
    archive = _zip(client, ids)
    names_in_zip = sorted(archive.namelist())
    assert names_in_zip == sorted(f"Zorggroep-{n}-Regioplan-{n}-versie-1-revisie-1.pdf" for n in ("Alfa", "Beta", "Gamma"))
    assert all(archive.read(n).startswith(b"%PDF") for n in names_in_zip)


def test_zip_progress_counts_plans_and_belongs_to_who_asked(client, regions, monkeypatch):
    from webapp.jobs import documents

    monkeypatch.setattr(documents, "build_zip_task", lambda job_id: None)  # queued: no worker has it yet
    login(client, regions["coach"])
    ids = [p.id for p in regions["plans"].values()]
    location = client.get("/overzicht/regioplannen.zip?" + "&".join(f"plan={i}" for i in ids)).location
    progress = client.get(location)
    assert "0 van 3 plannen klaar" in text_of(progress)
    assert page(progress).select_one("progress")["max"] == "3"
    assert client.get(location + "?formaat=json").get_json()["total"] == 3
    login(client, regions["nhn_reviewer"])
    assert client.get(location).status_code == 404, "another user's ZIP is not found"


def test_zip_has_a_maximum(client, regions, app, monkeypatch):
    monkeypatch.setitem(app.config, "ZIP_MAX_PLANS", 2)
    login(client, regions["coach"])
    ids = [p.id for p in regions["plans"].values()]
    response = client.get("/overzicht/regioplannen.zip?" + "&".join(f"plan={i}" for i in ids), follow_redirects=True)
    assert "Kies hoogstens 2 plannen" in text_of(response)


def test_zip_and_csv_leave_out_plans_outside_scope(client, regions):
    login(client, regions["zeeland_coach"])
    ids = [p.id for p in regions["plans"].values()]
    archive = _zip(client, ids)
    assert [n.split("-")[1] for n in archive.namelist()] == ["Gamma"]
    rows = list(csv.reader(io.StringIO(client.get("/overzicht/volwassenheid.csv").get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert {r[0] for r in rows[1:]} == {"Zorggroep Gamma"}


def test_csv_has_one_row_per_section_per_plan(client, regions):
    login(client, regions["coach"])
    response = client.get("/overzicht/volwassenheid.csv?regio=5512")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Organisatie", "Regio", "Plan-id", "Plan", "Periode", "Versie", "Status", "Ondertekend op",
                       "Onderdeel", "Naam van het onderdeel", "Checklist voldaan (%)", "Niveau volgens checklist",
                       "Huidig niveau (eigen oordeel)", "Doelniveau", "Onderbouwing vraagt aandacht",
                       "Opgaven", "Doelen met nulmeting", "Acties zonder eigenaar of einddatum",
                       "Begroting gedekt per jaar", "Partners met getekende afspraak"]
    assert len(rows) == 1 + 2 * len(CONTENT.sections)
    alfa = regions["plans"]["Alfa"]
    alfa_b1 = next(r for r in rows if r[0] == "Zorggroep Alfa" and r[8] == "Bouwsteen 1")
    assert alfa_b1[2:8] == [str(alfa.id), "Regioplan Alfa", "2026–2029", "1", "concept", ""]
    assert alfa_b1[12:14] == ["2", "5"]
    assert alfa_b1[15:] == ["0", "0 / 0", "1", "2026: geen kosten; 2027: geen kosten; 2028: geen kosten; 2029: geen kosten",
                            "0 / 0"]


def _with_chain(plan):
    editing.save_values(plan, "b1", {
        "b1_opgaven": [{"code": "O1", "opgave": "Opvolging"}, {"code": "O2", "opgave": "Stops"}],
        "b1_doelen": [{"code": "D1", "opgave": "O1", "indicator": "A", "nulmeting": "9"},
                      {"code": "D2", "opgave": "O2", "indicator": "B"}]}, None, None)
    editing.save_values(plan, "b3", {"b3_partners": [{"naam": "VGZ", "soort": "verzekeraar_preferent",
                                                      "afspraak": "getekend"}, {"naam": "GGD", "soort": "anders"}]},
                        None, None)
    editing.save_values(plan, "r3", {
        "r3_kosten": [{"opgave": "O1", "jaar": 2026, "bedrag": 1000}, {"opgave": "O1", "jaar": 2027, "bedrag": 300}],
        "r3_dekking": [{"opgave": "O1", "jaar": 2026, "bron": "oi", "zekerheid": "toegezegd", "bedrag": 855}]},
        None, None)


def test_compare_and_csv_show_the_chain_in_figures(client, regions):
    alfa, beta = regions["plans"]["Alfa"], regions["plans"]["Beta"]
    _with_chain(alfa)
    login(client, regions["coach"])
    html = page(client.get(f"/overzicht/vergelijken?plan={alfa.id}&plan={beta.id}"))

    def cells(label):
        return [td.get_text(" ", strip=True) for td in html.find("th", string=label).parent.find_all("td")]

    assert cells("Opgaven") == ["2", "0"]
    assert cells("Doelen met een nulmeting") == ["1 / 2", "0 / 0"]
    assert cells("Acties zonder eigenaar of einddatum") == ["1", "1"]  # the one action has no end date
    assert cells("Begroting gedekt per jaar")[0] == "2026: 85,5%; 2027: 0%; 2028: geen kosten; 2029: geen kosten"
    assert cells("Partners met een getekende afspraak") == ["1 / 2", "0 / 0"]
    response = client.get("/overzicht/volwassenheid.csv?regio=5512")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    alfa_row = next(r for r in rows if r[0] == "Zorggroep Alfa")
    assert alfa_row[15:] == ["2", "1 / 2", "1", "2026: 85,5%; 2027: 0%; 2028: geen kosten; 2029: geen kosten", "1 / 2"]


def test_search_finds_plan_titles_too(client, regions, db_session):
    regions["plans"]["Gamma"].title = "Regioplan Walcheren en Schouwen"
    db_session.flush()
    login(client, regions["coach"])
    assert names(client.get("/overzicht/?zoek=walcheren")) == ["Zorggroep Gamma"]
    assert names(client.get("/overzicht/?zoek=%25")) == [], "a % is a character, not a wildcard"


def test_the_compare_legend_tells_plans_apart_and_the_radar_names_sections(client, regions, db_session):
    alfa, beta = regions["plans"]["Alfa"], regions["plans"]["Beta"]
    beta.organisation, beta.title = alfa.organisation, alfa.title  # two identical concepts of one organisation
    db_session.flush()
    login(client, regions["coach"])
    html = page(client.get(f"/overzicht/vergelijken?plan={alfa.id}&plan={beta.id}"))
    legend = [li.get_text(" ", strip=True) for li in html.select(".radar__legend--plans li")]
    assert len(set(legend)) == 2
    assert all("Zorggroep Alfa: Regioplan Alfa, versie 1 (concept)" in entry for entry in legend)
    axis_text = " ".join(t.get_text(" ") for t in html.select("svg text"))
    assert "Opstellen regioplan" in axis_text and "B1" in axis_text


def test_the_small_profile_has_a_text_alternative_and_a_legend(client, regions):
    login(client, regions["coach"])
    html = page(client.get("/overzicht/"))
    assert "B1 2 (doel 5)" in html.select_one("svg.mini-profile")["aria-label"]
    assert "streep" in html.select_one(".mini-profile-legend").get_text()


def test_csv_is_streamed_in_batches_in_the_overviews_order(client, regions, db_session):
    from plans.workspace import overview

    login(client, regions["coach"])
    response = client.get("/overzicht/volwassenheid.csv?sorteer=activiteit", buffered=False)
    assert response.is_streamed
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    coach = regions["coach"]
    filters = overview.Filters(sort="activiteit")
    in_order = [row.plan.id for row in overview.overview(coach, filters)[0]]
    assert [row.plan.id for row in overview.overview_rows(coach, filters, batch=2)] == in_order
    assert list(dict.fromkeys(int(r[2]) for r in rows[1:])) == in_order


def test_pagination_links_a_fixed_window_of_pages():
    from webapp.overview.views import page_window

    assert page_window(1, 1) == [1]
    assert page_window(1, 400) == [1, 2, 3, None, 400]
    assert page_window(200, 400) == [1, None, 198, 199, 200, 201, 202, None, 400]
    assert page_window(4, 6) == [1, 2, 3, 4, 5, 6]


# The overview keeps its count, page ids and filter choices per process while the tokens of the regions in scope
# stay (plans/models/region_tokens.py renews them with every write). Each test below first shows the page, so that
# it is kept, then changes something as the app's writers do, and expects the very next page to show it.

def _count_text(response) -> str:
    return page(response).select_one("p[role=status]").get_text(strip=True)


def _choices(response, name) -> list[str]:
    return [o.get_text(strip=True) for o in page(response).select(f"select#{name} option")][1:]


def test_the_overview_is_kept_between_requests(client, regions):
    login(client, regions["coach"])
    cold = _count_queries(client, "/overzicht/?sorteer=activiteit")
    warm = _count_queries(client, "/overzicht/?sorteer=activiteit")
    # Neither the count, nor the page's ids, nor the filter choices, nor the answers of plans unchanged since.
    assert warm == cold - 4


def test_a_saved_answer_costs_the_next_overview_only_the_order_by_activity_and_the_plans_answers(
        client, regions, db_session):
    login(client, regions["coach"])
    warm = {}
    for url in ("/overzicht/", "/overzicht/?sorteer=activiteit"):
        client.get(url)
        warm[url] = _count_queries(client, url)
    editing.save_values(regions["plans"]["Gamma"], "b2", {"b2.niveau": {"current": 1, "target": 2}}, None, None)
    db_session.flush()
    assert _count_queries(client, "/overzicht/") == warm["/overzicht/"] + 1  # Gamma's answers
    # The ids in order of activity (Gamma's answers were read by the page before).
    assert _count_queries(client, "/overzicht/?sorteer=activiteit") == warm["/overzicht/?sorteer=activiteit"] + 1
    regions["plans"]["Gamma"].status = "ingediend"
    db_session.flush()
    assert _count_queries(client, "/overzicht/") == warm["/overzicht/"] + 3  # count, ids, choices


def test_a_new_title_shows_in_the_next_search(client, regions, db_session):
    login(client, regions["coach"])
    assert names(client.get("/overzicht/?zoek=Alfa")) == ["Zorggroep Alfa"]
    regions["plans"]["Beta"].title = "Regioplan naar Alfa's voorbeeld"
    db_session.flush()
    assert names(client.get("/overzicht/?zoek=Alfa")) == ["Zorggroep Alfa", "Zorggroep Beta"]


def test_a_new_plan_shows_on_the_next_overview(client, regions, factories):
    login(client, regions["coach"])
    assert "3 plannen gevonden" in _count_text(client.get("/overzicht/"))
    editing.create_plan(factories.organisation("Zorggroep Delta", region=factories.region("Zeeland")),
                        "Regioplan Delta", 2026, 2029, None)
    response = client.get("/overzicht/")
    assert "4 plannen gevonden" in _count_text(response)
    assert "Zorggroep Delta" in names(response)


def test_a_deleted_plan_leaves_the_next_overview(client, regions, factories, db_session):
    from plans.models import Plan

    plan = Plan(organisation=factories.organisation("Zorggroep Delta", region=factories.region("Zeeland")),
                title="Regioplan Delta", period_start=2026, period_end=2029, content_version=CONTENT.version)
    db_session.add(plan)
    db_session.flush()
    login(client, regions["coach"])
    assert "4 plannen gevonden" in _count_text(client.get("/overzicht/"))
    db_session.delete(plan)
    db_session.flush()
    response = client.get("/overzicht/")
    assert "3 plannen gevonden" in _count_text(response)
    assert names(response) == ["Zorggroep Alfa", "Zorggroep Beta", "Zorggroep Gamma"]


def test_an_edit_moves_the_plan_to_the_top_of_the_next_overview_by_activity(client, regions, db_session):
    login(client, regions["coach"])
    before = names(client.get("/overzicht/?sorteer=activiteit"))
    last = regions["plans"][before[-1].removeprefix("Zorggroep ")]
    editing.save_values(last, "b2", {"b2.niveau": {"current": 1, "target": 2}}, None, None)
    db_session.flush()
    response = client.get("/overzicht/?sorteer=activiteit")
    assert names(response) == [before[-1], *before[:-1]]
    assert "B2 1 (doel 2)" in page(response).select_one("svg.mini-profile")["aria-label"]  # its levels read anew


def test_a_plan_marked_klaar_shows_on_the_next_overview(client, regions, db_session, monkeypatch):
    from plans.workspace import overview

    # Klaar as soon as marked (the fixture's plans answer too little to be klaar otherwise).
    monkeypatch.setattr(overview, "is_complete", lambda section, values: values.get(f"{section.id}.klaar") == "ja")
    login(client, regions["coach"])
    assert "1 van 9 klaar" in text_of(client.get("/overzicht/?zoek=Alfa"))
    editing.save_values(regions["plans"]["Alfa"], "b2", {"b2.klaar": "ja"}, None, None)
    db_session.flush()
    assert "2 van 9 klaar" in text_of(client.get("/overzicht/?zoek=Alfa"))


def test_a_changed_status_and_period_show_in_the_next_overviews_filters(client, regions, db_session):
    login(client, regions["coach"])
    response = client.get("/overzicht/?status=ingediend")
    assert names(response) == [] and _choices(response, "periode") == ["2026–2029"]
    plan = regions["plans"]["Gamma"]
    plan.status, plan.period_start, plan.period_end = "ingediend", 2027, 2030
    db_session.flush()
    response = client.get("/overzicht/?status=ingediend")
    assert names(response) == ["Zorggroep Gamma"]
    assert _choices(response, "periode") == ["2026–2029", "2027–2030"]
    assert "Ingediend" in _choices(response, "status")


def test_a_renamed_organisation_takes_its_place_in_the_next_overview(client, regions, db_session):
    from plans.accounts import administration

    login(client, regions["coach"])
    assert names(client.get("/overzicht/")) == ["Zorggroep Alfa", "Zorggroep Beta", "Zorggroep Gamma"]
    alfa = regions["plans"]["Alfa"].organisation
    administration.save_organisation(alfa, "Zorggroep Zulu", alfa.kind, alfa.region_id)
    db_session.flush()
    assert names(client.get("/overzicht/")) == ["Zorggroep Beta", "Zorggroep Gamma", "Zorggroep Zulu"]


def test_an_organisation_moved_to_another_region_shows_on_the_next_overviews_of_both(
        client, regions, factories, db_session):
    from plans.accounts import administration

    login(client, regions["nhn_reviewer"])
    response = client.get("/overzicht/")
    assert names(response) == ["Zorggroep Alfa", "Zorggroep Beta"]
    login(client, regions["zeeland_coach"])
    assert names(client.get("/overzicht/")) == ["Zorggroep Gamma"]
    alfa = regions["plans"]["Alfa"].organisation
    administration.save_organisation(alfa, alfa.name, alfa.kind, factories.region("Zeeland").id)
    db_session.flush()
    assert names(client.get("/overzicht/")) == ["Zorggroep Alfa", "Zorggroep Gamma"]
    login(client, regions["nhn_reviewer"])
    assert names(client.get("/overzicht/")) == ["Zorggroep Beta"]


def test_an_organisation_assigned_on_its_own_follows_it_to_another_region(client, regions, factories, db_session):
    from plans.accounts import administration

    beta = regions["plans"]["Beta"].organisation
    coach = factories.assigned("coach", organisation=beta)
    login(client, coach)
    assert _choices(client.get("/overzicht/"), "regio") == ["Noord-Holland Noord"]
    administration.save_organisation(beta, beta.name, beta.kind, factories.region("Zeeland").id)
    db_session.flush()
    assert _choices(client.get("/overzicht/"), "regio") == ["Zeeland"]


def test_a_renamed_region_shows_in_the_next_overviews_filter(client, regions, factories, db_session):
    from plans.accounts import administration

    login(client, regions["zeeland_coach"])
    assert _choices(client.get("/overzicht/"), "regio") == ["Zeeland"]
    zeeland = factories.region("Zeeland")
    administration.save_region(zeeland, zeeland.code, "Zeeuws-Vlaanderen en Zeeland")
    db_session.flush()
    assert _choices(client.get("/overzicht/"), "regio") == ["Zeeuws-Vlaanderen en Zeeland"]


def test_an_added_and_a_removed_assignment_show_on_the_next_overview(client, regions, factories, db_session):
    from plans.accounts import administration
    from plans.models import Assignment

    reviewer = regions["nhn_reviewer"]
    login(client, reviewer)
    assert names(client.get("/overzicht/")) == ["Zorggroep Alfa", "Zorggroep Beta"]
    added = administration.add_assignment(reviewer, "beoordelaar", region_id=factories.region("Zeeland").id,
                                          organisation_id=None)
    db_session.flush()
    assert names(client.get("/overzicht/")) == ["Zorggroep Alfa", "Zorggroep Beta", "Zorggroep Gamma"]
    administration.remove_assignment(db_session.get(Assignment, added.id))
    db_session.flush()
    assert names(client.get("/overzicht/")) == ["Zorggroep Alfa", "Zorggroep Beta"]
    nhn = db_session.scalar(sa.select(Assignment).where(Assignment.user_id == reviewer.id))
    administration.remove_assignment(nhn)
    db_session.flush()
    assert "0 plannen gevonden" in _count_text(client.get("/overzicht/"))


def test_a_bulk_statement_on_plans_renews_every_token(client, regions, db_session):
    from plans.models import Plan

    login(client, regions["coach"])
    assert names(client.get("/overzicht/?status=concept")) == ["Zorggroep Alfa", "Zorggroep Beta", "Zorggroep Gamma"]
    db_session.execute(sa.update(Plan).where(Plan.id == regions["plans"]["Beta"].id).values(status="ingediend"))
    assert names(client.get("/overzicht/?status=concept")) == ["Zorggroep Alfa", "Zorggroep Gamma"]
