"""Download of the PDF, the maturity profile and next steps, and the plans command line."""
import pytest

from building_blocks import get_content
from plans.documents import pdf as pdf_module
from plans.writing import editing
from tests.conftest import page, text_of
from tests.factories import Factories

B1 = get_content().section("b1")


@pytest.fixture
def plan(factories):
    org = factories.organisation("Zorggroep Document")
    plan = editing.create_plan(org, "Regioplan Document", 2026, 2029, None)
    plan.bestuurder = factories.member(org, "bestuurder")
    return plan


@pytest.fixture
def fake_render(monkeypatch, app, tmp_path):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    calls = []
    monkeypatch.setattr(pdf_module, "render_html", lambda plan, options=None: f"<p>{plan.id}</p>")
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda html, **kw: calls.append(html) or b"%PDF-1.7 x")
    return calls


def _login(client, user):
    client.post("/inloggen", data={"email": user.email, "password": Factories.PASSWORD})


@pytest.mark.parametrize("role", ["bestuurder", "redacteur", "beoordelaar", "coach"])
def test_people_in_scope_download_the_pdf(client, factories, plan, fake_render, role):
    if role in ("bestuurder", "redacteur"):
        user = factories.member(plan.organisation, role)
    else:
        user = factories.assigned(role, region=plan.organisation.region)
    _login(client, user)
    asked = client.get(f"/plannen/{plan.id}/regioplan.pdf")
    assert asked.status_code == 302 and asked.location.endswith(f"/plannen/{plan.id}/pdf-maken")
    progress = client.get(asked.location)  # the job ran at once (immediate mode): the link is there
    assert "Download het regioplan als PDF" in text_of(progress)
    assert page(progress).select_one("noscript") is None, "no more refreshing once it is done"
    response = client.get(f"/plannen/{plan.id}/regioplan.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert 'filename="Zorggroep-Document-Regioplan-Document-versie-1-revisie-0.pdf"' in response.headers["Content-Disposition"]
    assert response.data.startswith(b"%PDF")


def test_nobody_outside_scope_downloads_the_pdf(client, factories, plan, fake_render):
    _login(client, factories.member(factories.organisation(region="Zeeland"), "bestuurder"))
    assert client.get(f"/plannen/{plan.id}/regioplan.pdf").status_code == 404
    _login(client, factories.assigned("coach", region=factories.region("Zeeland")))
    assert client.get(f"/plannen/{plan.id}/regioplan.pdf").status_code == 404
    assert fake_render == []


def test_a_stopped_render_gives_a_clear_message_and_can_be_retried(client, plan, fake_render, monkeypatch):
    def runaway(html, **kw):
        raise pdf_module.RenderTimeout("render stopped after 60 s")

    monkeypatch.setattr(pdf_module, "html_to_pdf", runaway)
    _login(client, plan.bestuurder)
    response = client.get(client.get(f"/plannen/{plan.id}/regioplan.pdf").location)
    assert response.status_code == 200
    assert "Het document kon niet worden gemaakt" in text_of(response)
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda html, **kw: b"%PDF-1.7 retried")
    retried = client.post(f"/plannen/{plan.id}/pdf-maken")
    assert retried.status_code == 302
    assert "Download het regioplan als PDF" in text_of(client.get(retried.location))
    assert client.get(f"/plannen/{plan.id}/regioplan.pdf").data == b"%PDF-1.7 retried"


def test_progress_page_refreshes_without_javascript_and_answers_json(client, plan, monkeypatch, app):
    """While a worker renders, the page refreshes itself (noscript) and static/js/progress.js polls JSON."""
    from webapp.jobs import documents

    monkeypatch.setattr(documents, "render_concept_task", lambda job_id: None)  # queued, no worker yet
    _login(client, plan.bestuurder)
    progress = client.get(client.get(f"/plannen/{plan.id}/regioplan.pdf").location)
    assert "Het regioplan wordt opgemaakt" in text_of(progress)
    refresh = page(progress).select_one("noscript meta[http-equiv=refresh]")
    assert refresh is not None and refresh["content"] == "3"
    assert page(progress).select_one("script[src$='js/progress.js']") is not None
    status = client.get(f"/plannen/{plan.id}/pdf-maken?formaat=json").get_json()
    assert status == {"status": "queued", "done": 0, "total": 1, "text": "In de wachtrij …", "download_url": None}
    assert client.get(f"/plannen/{plan.id}/regioplan.pdf").status_code == 302, "still being made"


def test_maturity_profile_shows_radar_and_table(client, plan):
    editing.save_values(plan, "b1", {"b1.niveau": {"current": 2, "target": 4},
                                     **{i.id: {"status": "ja"} for i in B1.checklist}}, None, None)
    _login(client, plan.bestuurder)
    response = client.get(f"/plannen/{plan.id}/volwassenheid")
    html = page(response)
    assert html.select_one("svg[role=img] title").text.startswith("Volwassenheid per onderdeel")
    row = html.find("th", string=f"{B1.label}: {B1.title}").parent
    assert [td.get_text(strip=True) for td in row.find_all("td")][:3] == ["2", "4", "5 (100%)"]
    assert "Onderbouwing vraagt aandacht" in row.get_text()


def test_unmet_checklist_item_becomes_an_action_in_one_click(client, plan):
    item = B1.checklist[0]
    editing.save_values(plan, "b1", {item.id: {"status": "nee"}}, None, None)
    _login(client, plan.bestuurder)
    check = client.get(f"/plannen/{plan.id}/{B1.slug}/controleren")
    form = page(check).find("input", attrs={"name": "item", "value": item.id}).parent
    response = client.post(form["action"], data={"item": item.id, "base": form.find("input", attrs={"name": "base"})["value"]})
    assert response.status_code == 302
    assert editing.values_of(plan)["b1_acties"] == [
        {"actie": item.statement, "eigenaar": "Nog te bepalen", "status": "gepland"}]


def test_readers_cannot_add_next_steps(client, factories, plan):
    _login(client, factories.assigned("beoordelaar", region=plan.organisation.region))
    response = client.post(f"/plannen/{plan.id}/{B1.slug}/volgende-stap", data={"item": B1.checklist[0].id, "base": "0"})
    assert response.status_code == 403
    assert "Toevoegen aan actieplan" not in text_of(client.get(f"/plannen/{plan.id}/{B1.slug}/controleren"))


def test_plans_cli_lists_and_renders(app, plan, monkeypatch, tmp_path, db_session):
    db_session.commit()  # the CLI runs in its own app context (a savepoint here; rolled back afterwards)
    monkeypatch.setattr("webapp.cli.render_plan_pdf", lambda plan: b"%PDF-1.7 cli")
    runner = app.test_cli_runner()
    listing = runner.invoke(args=["plans", "list"])
    assert "Regioplan Document" in listing.output and "Zorggroep Document" in listing.output
    target = tmp_path / "plan.pdf"
    result = runner.invoke(args=["plans", "render", str(plan.id), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == b"%PDF-1.7 cli"
    missing = runner.invoke(args=["plans", "render", "999999", "-o", str(target)])
    assert missing.exit_code != 0 and "bestaat niet" in missing.output


SIGNED_BYTES = b"%PDF-1.7 sealed " + bytes(range(256)) * 40


@pytest.fixture
def signed_plan(plan, db_session):
    import hashlib

    from plans.models import PlanStatus, SignedDocument

    plan.status = PlanStatus.ONDERTEKEND.value
    db_session.add(SignedDocument(plan_id=plan.id, verification_code="ABCD1234EFGH5678", pdf=SIGNED_BYTES,
                                  sha256=hashlib.sha256(SIGNED_BYTES).hexdigest()))
    db_session.flush()
    return plan


def test_signed_pdf_is_served_as_stored_with_etag_and_ranges(client, signed_plan, db_session):
    from bench.queries import counting_queries
    from plans.db import db

    _login(client, signed_plan.bestuurder)
    url = f"/plannen/{signed_plan.id}/ondertekend.pdf"
    with counting_queries(db.engine) as queries:
        whole = client.get(url)
    assert whole.status_code == 200 and whole.data == SIGNED_BYTES
    # The test's savepoint and its rollback, then only what the access check needs: the user with its
    # memberships and assignments, and the plan with its organisation (and the stored document).
    assert queries[0] == 2 + 2
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert whole.headers["Cache-Control"] == "private, no-cache"
    assert "attachment" in whole.headers["Content-Disposition"]
    etag = whole.headers["ETag"]

    with counting_queries(db.engine) as queries:
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert queries[0] == 2 + 2  # the bytes stay in the database
    with counting_queries(db.engine) as queries:
        changed = client.get(url, headers={"If-None-Match": '"another"'})
    assert changed.status_code == 200 and changed.data == SIGNED_BYTES
    assert queries[0] == 2 + 3  # the bytes, read when they are sent
    matched_range = client.get(url, headers={"If-None-Match": etag, "Range": "bytes=0-7"})
    assert matched_range.status_code == 304  # If-None-Match before Range (RFC 9110, 13.2.2)
    part = client.get(url, headers={"Range": "bytes=0-7"})
    assert part.status_code == 206 and part.data == b"%PDF-1.7"
    assert part.headers["Content-Range"] == f"bytes 0-7/{len(SIGNED_BYTES)}"
    resumed = client.get(url, headers={"Range": "bytes=100-", "If-Range": etag})
    assert resumed.status_code == 206 and resumed.data == SIGNED_BYTES[100:]
    stale = client.get(url, headers={"Range": "bytes=100-", "If-Range": '"another"'})
    assert stale.status_code == 200 and stale.data == SIGNED_BYTES


def test_signed_pdf_needs_download_rights(client, factories, signed_plan):
    outsider = factories.member(factories.organisation("Zorggroep Elders"), "bestuurder")
    _login(client, outsider)
    assert client.get(f"/plannen/{signed_plan.id}/ondertekend.pdf").status_code == 404
