"""Review, comments, sign-off, verification and versions through the web routes."""
import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from building_blocks import get_content
from plans.documents import pdf as pdf_module
from plans.documents import sealing
from plans.documents.signing import seal_certificate_pem, validate_seal
from plans.models import OutboxMessage, PlanStatus
from plans.review import workflow
from plans.writing import editing
from tests.completed import completed_values
from tests.conftest import page, text_of
from tests.factories import Factories, adopt

CONTENT = get_content()
B1, B2 = CONTENT.section("b1"), CONTENT.section("b2")
LONG = next(q for q in B1.questions if q.type == "long_text")
STEP = next(p for p in B1.pages if LONG in p.questions)


@pytest.fixture
def world(factories, app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    monkeypatch.setattr(pdf_module, "render_html", lambda plan, options=None: (
        f"<html lang='nl'><body><p>{plan.title}</p><p>{'Ondertekend' if options.signoff else 'Concept'}</p></body></html>"))
    org = factories.organisation("Zorggroep Beoordeling")
    plan = editing.create_plan(org, "Regioplan Beoordeling", 2026, 2029, None)
    for section in CONTENT.sections:
        editing.save_values(plan, section.id, completed_values(section.id), None, None)
    return {
        "plan": plan,
        "bestuurder": factories.member(org, "bestuurder", name="Anna Bestuur"),
        "bestuurder2": factories.member(org, "bestuurder", name="Piet Bestuur"),
        "redacteur": factories.member(org, "redacteur", name="Rita Redactie"),
        "beoordelaar": factories.assigned("beoordelaar", region=org.region, name="Kees Kring"),
        "coach": factories.assigned("coach", region=org.region, name="Cora Coach"),
    }


def as_(client, user):
    client.post("/uitloggen")
    assert client.post("/inloggen", data={"email": user.email, "password": Factories.PASSWORD}).status_code == 302


def mails_to(db_session, user):
    return list(db_session.scalars(sa.select(OutboxMessage.subject).where(OutboxMessage.recipient == user.email)))


def test_only_the_board_submits_and_the_kring_is_told(client, world, db_session):
    plan = world["plan"]
    as_(client, world["redacteur"])
    assert client.post(f"/plannen/{plan.id}/indienen").status_code == 403
    as_(client, world["bestuurder"])
    response = client.post(f"/plannen/{plan.id}/indienen", follow_redirects=True)
    assert "Het plan is ingediend bij de kring" in text_of(response)
    assert mails_to(db_session, world["beoordelaar"]) == ["Regioplan ingediend: Regioplan Beoordeling"]
    assert "Bij de kring" in text_of(client.get(f"/plannen/{plan.id}"))


def test_review_send_back_fix_resubmit_approve_sign(client, world, db_session):
    plan = world["plan"]
    as_(client, world["bestuurder"])
    client.post(f"/plannen/{plan.id}/indienen")

    as_(client, world["beoordelaar"])
    missing_reason = client.post(f"/plannen/{plan.id}/{B1.slug}/beoordelen", data={"decision": "wijzigingen"})
    assert "Geef een reden" in text_of(missing_reason)
    client.post(f"/plannen/{plan.id}/{B1.slug}/beoordelen",
                data={"decision": "wijzigingen", "reason": "Vul de visie aan met de ouderenzorg."})
    for section in CONTENT.sections[1:]:
        client.post(f"/plannen/{plan.id}/{section.slug}/beoordelen", data={"decision": "akkoord"})
    db_session.expire_all()
    assert plan.status == PlanStatus.WIJZIGINGEN
    assert "Wijzigingen gevraagd in uw regioplan: Regioplan Beoordeling" in mails_to(db_session, world["redacteur"])

    as_(client, world["redacteur"])
    task_list = text_of(client.get(f"/plannen/{plan.id}"))
    assert "Wijzigingen gevraagd" in task_list and "Akkoord kring" in task_list
    assert "Vul de visie aan met de ouderenzorg." in text_of(client.get(f"/plannen/{plan.id}/{B1.slug}/controleren"))
    assert client.get(f"/plannen/{plan.id}/{B2.slug}/{B2.pages[0].id}").status_code == 302, "approved: read only"
    client.post(f"/plannen/{plan.id}/{B1.slug}/{STEP.id}",
                data={f"q_{LONG.id}": "Met ouderenzorg.", f"base__{LONG.id}": "1", "action": "later"})
    assert editing.values_of(plan)[LONG.id] == "Met ouderenzorg."

    as_(client, world["bestuurder"])
    client.post(f"/plannen/{plan.id}/indienen")
    as_(client, world["beoordelaar"])
    client.post(f"/plannen/{plan.id}/{B1.slug}/beoordelen", data={"decision": "akkoord"})
    db_session.expire_all()
    assert plan.status == PlanStatus.BEOORDEELD

    as_(client, world["bestuurder"])
    sign = {"password": Factories.PASSWORD, "name": "Anna Bestuur", "function": "Voorzitter", "confirm": "y"}
    refused = client.post(f"/plannen/{plan.id}/ondertekenen", data=sign)
    assert "Leg eerst vast hoe het plan formeel is vastgesteld" in text_of(refused)
    client.post(f"/plannen/{plan.id}/vaststelling", data={
        "body": "bestuur", "adopted_on": "12-03-2026", "minutes_reference": "Notulen bestuur 12 maart 2026"})
    wrong = client.post(f"/plannen/{plan.id}/ondertekenen", data={"password": "fout", "name": "Anna", "function": "Voorzitter", "confirm": "y"})
    assert "Het wachtwoord klopt niet" in text_of(wrong)
    client.post(f"/plannen/{plan.id}/ondertekenen", data=sign)
    as_(client, world["bestuurder2"])
    client.post(f"/plannen/{plan.id}/ondertekenen", data={**sign, "name": "Piet Bestuur", "function": "Penningmeester"})
    db_session.expire_all()
    assert plan.status == PlanStatus.ONDERTEKEND
    assert "Regioplan ondertekend: Regioplan Beoordeling" in mails_to(db_session, world["coach"])

    as_(client, world["coach"])
    download = client.get(f"/plannen/{plan.id}/ondertekend.pdf")
    document = sealing.signed_document_of(plan)
    assert download.data == document.pdf
    assert validate_seal(download.data, seal_certificate_pem(sealing.signer())).intact

    # The public verification page accepts the file and rejects it with one byte changed.
    client.post("/uitloggen")
    verify = f"/verificatie/{document.verification_code}"
    assert "Anna Bestuur" in text_of(client.get(verify))
    ok = client.post(verify, data={"document": (__import__("io").BytesIO(download.data), "plan.pdf")},
                     content_type="multipart/form-data")
    assert "Dit bestand is precies het ondertekende regioplan" in text_of(ok)
    changed = bytearray(download.data)
    changed[len(changed) // 2] ^= 0x01
    bad = client.post(verify, data={"document": (__import__("io").BytesIO(bytes(changed)), "plan.pdf")},
                      content_type="multipart/form-data")
    assert "Dit bestand is niet het ondertekende regioplan" in text_of(bad)
    assert client.get("/verificatie/BESTAAT-NIET-XX").status_code == 404


@pytest.fixture
def signed(world, db_session):
    plan = world["plan"]
    workflow.submit(plan, world["bestuurder"])
    for section in CONTENT.sections:
        workflow.decide(plan, section.id, "akkoord", None, world["beoordelaar"])
    adopt(plan, world["bestuurder"])
    for who in ("bestuurder", "bestuurder2"):
        workflow.sign(plan, world[who], password=Factories.PASSWORD, name="N", function="F", confirmed=True)
    return plan


def test_every_edit_route_and_the_background_save_refuse_a_signed_plan(client, world, signed):
    plan = signed
    before = editing.values_of(plan)
    as_(client, world["bestuurder"])
    attempts = [
        (f"/plannen/{plan.id}/{B1.slug}/{STEP.id}", {f"q_{LONG.id}": "Gewijzigd", "action": "continue"}),
        (f"/plannen/{plan.id}/{B1.slug}/{STEP.id}", {f"q_{LONG.id}": "Gewijzigd", "action": "later"}),
        (f"/plannen/{plan.id}/{B1.slug}/checklist", {f"status_{B1.checklist[0].id}": "nee", "action": "later"}),
        (f"/plannen/{plan.id}/{B1.slug}/volwassenheid", {"current": "1", "target": "2", "action": "later"}),
        (f"/plannen/{plan.id}/{B1.slug}/controleren", {"done": "nee"}),
        (f"/plannen/{plan.id}/{B1.slug}/volgende-stap", {"item": B1.checklist[0].id, "base": "0"}),
        (f"/plannen/{plan.id}/autosave", {"key": LONG.id, "value": "Gewijzigd", "base": "0"}),
    ]
    for url, data in attempts:
        response = client.post(url, data=data)
        assert response.status_code in (403, 409), (url, response.status_code)
    assert client.post(f"/plannen/{plan.id}/autosave", data=attempts[-1][1]).json["message"].startswith("Dit plan is ondertekend")
    assert client.get(f"/plannen/{plan.id}/{B1.slug}/{STEP.id}").status_code == 302
    assert editing.values_of(plan) == before


def test_new_version_is_a_concept_copy_and_versions_compare(client, world, signed, db_session):
    plan = signed
    as_(client, world["redacteur"])
    response = client.post(f"/plannen/{plan.id}/nieuwe-versie")
    new_id = int(re.search(r"/plannen/(\d+)", response.headers["Location"]).group(1))
    new = db_session.get(type(plan), new_id)
    assert new.status == PlanStatus.CONCEPT and new.version_number == 2 and new.previous_id == plan.id
    client.post(f"/plannen/{new.id}/{B1.slug}/{STEP.id}", data={f"q_{LONG.id}": "Nieuwe visie.", "action": "later"})
    comparison = text_of(client.get(f"/plannen/{new.id}/vergelijken"))
    assert "Versie 1 en versie 2 vergeleken" in comparison
    assert "Nieuwe visie." in comparison and "Rita Redactie" in comparison
    again = client.post(f"/plannen/{plan.id}/nieuwe-versie", follow_redirects=True)
    assert "Van deze versie bestaat al een nieuwe versie" in text_of(again)


def test_comments_between_kring_and_editors(client, world):
    plan = world["plan"]
    as_(client, world["beoordelaar"])
    client.post(f"/plannen/{plan.id}/{B1.slug}/opmerkingen", data={"body": "Hoe betrekt u de gemeenten?"})
    as_(client, world["redacteur"])
    step = text_of(client.get(f"/plannen/{plan.id}/{B1.slug}/{STEP.id}"))
    assert "1 open opmerking bij dit onderdeel" in step and "Hoe betrekt u de gemeenten?" in step
    check = page(client.get(f"/plannen/{plan.id}/{B1.slug}/controleren"))
    reply = check.find("form", action=re.compile(r"/reactie$"))["action"]
    client.post(reply, data={"body": "Via de regiotafel <b>sociaal domein</b>."})
    client.post(reply.replace("/reactie", "/afsluiten"))
    text = text_of(client.get(f"/plannen/{plan.id}/{B1.slug}/controleren"))
    assert "Via de regiotafel <b>sociaal domein</b>." in text, "escaped, shown literally"
    assert "Afgesloten door Rita Redactie" in text
    assert "open opmerking" not in text_of(client.get(f"/plannen/{plan.id}/{B1.slug}/{STEP.id}"))
    as_(client, world["coach"])
    assert client.post(f"/plannen/{plan.id}/{B1.slug}/opmerkingen", data={"body": "Mag niet"}).status_code == 403
    assert "Logboek" in text_of(client.get(f"/plannen/{plan.id}/logboek"))


def test_outsiders_reach_no_review_route(client, world, factories, signed):
    plan = signed
    outsider = factories.member(factories.organisation(region="Zeeland"), "bestuurder")
    as_(client, outsider)
    for method, url in [("POST", f"/plannen/{plan.id}/indienen"), ("POST", f"/plannen/{plan.id}/intrekken"),
                        ("GET", f"/plannen/{plan.id}/{B1.slug}/beoordelen"), ("GET", f"/plannen/{plan.id}/ondertekenen"),
                        ("GET", f"/plannen/{plan.id}/ondertekend.pdf"), ("POST", f"/plannen/{plan.id}/nieuwe-versie"),
                        ("GET", f"/plannen/{plan.id}/vergelijken"), ("GET", f"/plannen/{plan.id}/logboek")]:
        assert client.open(url, method=method).status_code == 404, url


@contextmanager
def commits():
    """Counts the commits of the requests made inside the block."""
    counted = []

    def count(session):
        counted.append(session)

    sa.event.listen(Session, "after_commit", count)
    try:
        yield counted
    finally:
        sa.event.remove(Session, "after_commit", count)


def test_submitting_and_completing_a_review_commit_once_with_their_mails(client, world, db_session):
    plan = world["plan"]
    as_(client, world["bestuurder"])
    with commits() as submitted:
        assert client.post(f"/plannen/{plan.id}/indienen").status_code == 302
    assert len(submitted) == 1 and mails_to(db_session, world["beoordelaar"])
    as_(client, world["beoordelaar"])
    for section in CONTENT.sections[:-1]:
        client.post(f"/plannen/{plan.id}/{section.slug}/beoordelen", data={"decision": "akkoord"})
    with commits() as completed:
        client.post(f"/plannen/{plan.id}/{CONTENT.sections[-1].slug}/beoordelen", data={"decision": "akkoord"})
    db_session.expire_all()
    assert len(completed) == 1 and plan.status == PlanStatus.BEOORDEELD
    assert "Regioplan goedgekeurd door de kring: Regioplan Beoordeling" in mails_to(db_session, world["redacteur"])
