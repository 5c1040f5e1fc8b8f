"""Plan export and import: a plan survives a trip through JSON into an empty database byte for byte."""
from __future__ import annotations

import base64
import copy
import functools
import json
from contextlib import contextmanager
from datetime import date

import pytest
import sqlalchemy as sa
import yaml

from building_blocks import get_content
from demo import seed as demo
from plans.db import db
from plans.documents import sealing
from plans.exchange.export import export_plan
from plans.exchange.importer import import_plan
from plans.exchange.jsonformat import ExchangeError, from_json, to_json
from plans.models import Answer, AnswerRevision, Organisation, Plan, PlanStatus, SignedDocument, User
from plans.planning.figures import question_ids as planning_ids
from plans.review import adoption, comments, workflow
from plans.writing import consensus, editing
from tests.conftest import make_test_app, rolled_back
from tests.factories import Factories, adopt

PASSWORD = Factories.PASSWORD
URL = "https://regioplan.test/verificatie/{}".format


@functools.cache
def tiny_pdf() -> bytes:
    from plans.documents.pdf_safety import run_render  # not pdf.html_to_pdf: the tests replace that

    return run_render("<html lang='nl'><body><p>x</p></body></html>", timeout_seconds=60)


@contextmanager
def fast_signing(app, instance_path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(app, "instance_path", str(instance_path))
        patch.setattr(sealing.pdf, "html_to_pdf", lambda html, **kw: tiny_pdf())
        yield


@pytest.fixture(scope="module")
def other_app():
    """A second, empty database (regions only): the place every import in this module goes."""
    app = make_test_app("exchange")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def empty_db(other_app):
    with rolled_back(other_app) as session:
        yield session


def section_values(section_id: str, section: dict) -> dict:
    values = {**section.get("answers", {}), **section.get("checklist", {})}
    if "levels" in section:
        values[f"{section_id}.niveau"] = dict(section["levels"])
    values[f"{section_id}.klaar"] = "ja"
    return values


def build_rich_plan(session) -> Plan:
    """Answers of every kind by several editors, two review rounds with a withdrawal, comments, signed."""
    f = Factories(session)
    org = f.organisation("Zorggroep Uitwisseling Zuidoost (ëxport)")
    anna = f.member(org, "bestuurder", email="anna@uitwisseling.test", name="Anna Ëlzinga")
    piet = f.member(org, "bestuurder", email="piet@uitwisseling.test", name="Piet Bakker")
    sanne = f.member(org, "redacteur", email="sanne@uitwisseling.test", name="Sanne Visser")
    kring = f.assigned("beoordelaar", region=org.region, email="kring@uitwisseling.test", name="Jeroen Smit")
    # The answers come from the complete demo plan, which is written on content version 2026.1.
    plan = editing.create_plan(org, "Regioplan Zuidoost 2026–2029", 2026, 2029, anna, content_version="2026.1")
    data = yaml.safe_load((demo.DEMO_PLANS / "nhn_complete.yaml").read_text(encoding="utf-8"))
    for section_id, section in data["sections"].items():
        editing.save_values(plan, section_id, section_values(section_id, section), None, sanne)
    editing.save_values(plan, "b1", {"b1_visie": "Samen sterk in de regio — “zorg dichtbij”."}, None, anna)
    editing.save_values(plan, "b1", {"b1_inwoners": 650000, "b1_uitstroom": None}, None, piet)
    editing.save_values(plan, "b2", {"b2_budget": 1000000.5}, None, None)
    org.legal_form, org.editors_give_levels = "vereniging", True
    consensus.give_view(plan, anna, "b1", 2, 4)
    consensus.give_view(plan, piet, "b1", 4, 5)
    consensus.give_view(plan, sanne, "b2", 3, 3)
    consensus.settle(plan, anna, "b1", current=3, target=4, motivation="Midden tussen beide oordelen — besproken.",
                     base_version=editing.versions_of(plan, ["b1.niveau"])["b1.niveau"])

    workflow.submit(plan, anna)
    workflow.decide(plan, "b1", "akkoord", None, kring)
    workflow.withdraw(plan, anna)
    workflow.submit(plan, anna)
    for section in get_content("2026.1").sections:
        changes = section.id == "b2"
        workflow.decide(plan, section.id, "wijzigingen" if changes else "akkoord",
                        "Onderbouw de begroting." if changes else None, kring)
    thread = comments.start_thread(plan, "b2", kring, "Welke posten vallen onder het budget?")
    comments.reply(plan, thread, sanne, "Licenties, inkoop en de projectleider; zie de toelichting.")
    comments.resolve(plan, thread, kring)
    comments.start_thread(plan, "b3", sanne, "Nog een open vraag aan de kring.")
    editing.save_values(plan, "b2", {"b2_budget": 985000}, None, sanne)
    workflow.submit(plan, anna)
    workflow.decide(plan, "b2", "akkoord", None, kring)
    adopt(plan, anna, body="alv")
    adoption.add_consultation(plan, piet, party_kind="zorgverzekeraar", party_name="Zorgverzekeraar Ëén",
                              consulted_on=date(2026, 2, 1), outcome="akkoord", note=None)
    adoption.add_consultation(plan, sanne, party_kind="gemeente", party_name="Gemeente Zuidoost",
                              consulted_on=date(2026, 2, 1), outcome="in_gesprek", note="Vervolg in april.")
    for user, function in ((anna, "Voorzitter"), (piet, "Bestuurder zorg")):
        workflow.sign(plan, user, password=PASSWORD, name=user.name, function=function, confirmed=True)
    sealing.create_signed_document(plan, URL)
    editing.save_draft(plan, "b3", "vragen", {"b3_visie": ["half getypt"], "shown": ["b3_visie"]}, sanne)
    return plan


@pytest.fixture(scope="module")
def rich(app, tmp_path_factory) -> dict:
    """The export of the rich plan and the secrets of its database, built once in a rolled-back transaction."""
    with rolled_back(app) as session, fast_signing(app, tmp_path_factory.mktemp("instance")):
        plan = build_rich_plan(session)
        assert plan.status == PlanStatus.ONDERTEKEND
        users = session.scalars(sa.select(User)).all()
        secrets = [u.session_token for u in users] + [u.password_hash for u in users if u.password_hash]
        return {"export": to_json(export_plan(plan)), "secrets": secrets}


@pytest.fixture
def rich_export(rich) -> str:
    return rich["export"]


def round_trip(text: str) -> tuple[Plan, str]:
    plan = import_plan(from_json(text))
    return plan, to_json(export_plan(plan))


# Round trips ------------------------------------------------------------------------------------

def test_rich_plan_round_trips_byte_for_byte_into_an_empty_database(rich_export, empty_db):
    plan, again = round_trip(rich_export)

    assert again == rich_export
    assert plan.status == PlanStatus.ONDERTEKEND and plan.signed_at is not None
    original = json.loads(rich_export)
    document = empty_db.scalar(sa.select(SignedDocument).where(SignedDocument.plan_id == plan.id))
    assert document.pdf == base64.b64decode(original["signed_document"]["pdf"]) and document.pdf.startswith(b"%PDF")
    assert document.verification_code == original["signed_document"]["verification_code"]
    versions = dict(empty_db.execute(sa.select(Answer.key, Answer.version).where(Answer.plan_id == plan.id)).all())
    assert versions == {a["key"]: a["version"] for a in original["answers"]}
    anna = empty_db.scalar(sa.select(User).where(User.email == "anna@uitwisseling.test"))
    assert anna.name == "Anna Ëlzinga" and anna.password_hash is None and anna.memberships == []


def test_rich_export_holds_the_boards_adoption_and_levels(rich_export, empty_db):
    data = json.loads(rich_export)
    assert data["adoption"]["body"] == "alv" and data["adoption"]["adopted_on"] == "2026-03-12"
    assert [c["party_name"] for c in data["consultations"]] == ["Gemeente Zuidoost", "Zorgverzekeraar Ëén"]
    assert [(v["section"], v["user"], v["current"]) for v in data["maturity_views"]] == [
        ("b1", "anna@uitwisseling.test", 2), ("b1", "piet@uitwisseling.test", 4), ("b2", "sanne@uitwisseling.test", 3)]
    assert data["maturity_settlements"][0]["motivation"].startswith("Midden tussen")
    assert data["organisation"]["legal_form"] == "vereniging" and data["organisation"]["editors_give_levels"]
    plan = import_plan(data)
    assert adoption.adoption_of(plan).minutes_reference.startswith("Notulen")
    assert [s.to_discuss for s in consensus.plan_spread(plan)][:2] == [True, False]


def test_an_export_without_the_board_keys_still_imports(rich_export, empty_db):
    data = json.loads(rich_export)
    for key in ("adoption", "consultations", "maturity_views", "maturity_settlements"):
        del data[key]
    plan = import_plan(data)
    assert adoption.adoption_of(plan) is None and consensus.views_of(plan) == []


def test_rich_export_holds_every_part_of_the_plan(rich_export):
    data = json.loads(rich_export)
    assert rich_export.endswith("}\n") and "Ëlzinga" in rich_export  # not \u-escaped
    assert data["format"] == "regioplan-plan" and data["format_version"] == 1
    assert data["organisation"]["region"] == {"code": "5512", "name": "Noord-Holland Noord"}
    assert (data["plan"]["review_round"], data["plan"]["decisions_since"]) == (3, 2)
    answers = {a["key"]: a for a in data["answers"]}
    assert answers["b1_inwoners"]["version"] == 2 and answers["b1_inwoners"]["updated_by"] == "piet@uitwisseling.test"
    assert answers["b1_uitstroom"]["value"] is None
    assert isinstance(answers["b1_huisartsen"]["value"], list) and "b1.niveau" in answers
    assert {r["changed_by"] for r in data["answer_history"]} == {
        "anna@uitwisseling.test", "piet@uitwisseling.test", "sanne@uitwisseling.test", None}
    budget = [r for r in data["answer_history"] if r["key"] == "b2_budget"]
    assert [(r["version"], r["new_value"]) for r in budget] == [(1, 970000.0), (2, 1000000.5), (3, 985000)]
    assert [d["step"] for d in data["page_drafts"]] == ["vragen"]
    assert [(d["round"], d["section"], d["decision"]) for d in data["section_decisions"]][:2] == [
        (1, "b1", "akkoord"), (2, "b1", "akkoord")]
    resolved, open_thread = data["comment_threads"]
    assert resolved["resolved_by"] == "kring@uitwisseling.test" and len(resolved["comments"]) == 2
    assert open_thread["resolved_at"] is None
    assert [s["function"] for s in data["signatures"]] == ["Voorzitter", "Bestuurder zorg"]
    comment_events = [e for e in data["audit_events"] if e["action"].startswith("comment")]
    assert [e["detail"]["thread"] for e in comment_events] == ["thread-1", "thread-1", "thread-1", "thread-2"]
    times = [e["at"] for e in data["audit_events"]]
    assert times == sorted(times) and all(t.endswith("Z") for t in times)


def test_signed_demo_plan_and_its_next_version_round_trip(db_session, app, other_app, tmp_path):
    with fast_signing(app, tmp_path):
        demo.seed(verification_url=URL)
    nhn = db_session.scalars(sa.select(Plan).join(Plan.organisation).where(Organisation.name == demo.NHN_ORG)
                             .order_by(Plan.version_number)).all()
    exports = [to_json(export_plan(plan)) for plan in nhn]
    assert json.loads(exports[1])["plan"]["previous_version"] == {"title": nhn[0].title, "version_number": 1}
    assert json.loads(exports[1])["retired_answers"], "version 2 moved to 2026.2 and kept the answers that did not fit"
    # Version 2 is the complete example of the chain: every table of it travels in the export.
    answers = {a["key"]: a["value"] for a in json.loads(exports[1])["answers"]}
    assert set(planning_ids(get_content("2026.2"))) <= answers.keys()
    assert {"D1", "D2"} <= {code for row in answers["b4_acties"] for code in row.get("doelen", [])}
    assert any(row.get("mijlpalen") and row.get("partnerlijst") for row in answers["b4_acties"])
    assert answers["r3_dekking"][0]["bedrag"] == 105000.5

    with rolled_back(other_app) as session:
        signed, again = round_trip(exports[0])
        assert again == exports[0]
        second, again = round_trip(exports[1])
        assert again == exports[1]
        assert second.previous_id == signed.id and second.status == PlanStatus.CONCEPT
        # The ORM continues from the restored version instead of resetting it.
        key = "b1_inwoners"
        before = session.scalar(sa.select(Answer).filter_by(plan_id=second.id, key=key)).version
        result = editing.save_values(second, "b1", {key: 1}, {key: before}, None)
        assert result.saved == [key]
        assert session.scalar(sa.select(Answer.version).filter_by(plan_id=second.id, key=key)) == before + 1
        assert session.scalar(sa.select(sa.func.max(AnswerRevision.version))
                              .filter_by(plan_id=second.id, key=key)) == before + 1


def test_a_later_version_alone_is_imported_without_a_previous_version(empty_db, rich_export):
    data = from_json(rich_export)
    data["plan"]["previous_version"] = {"title": "Bestaat hier niet", "version_number": 1}
    plan = import_plan(data)
    assert plan.previous_id is None and json.loads(to_json(export_plan(plan)))["plan"]["previous_version"] is None


# Refusals ---------------------------------------------------------------------------------------

def refused(data) -> str:
    with pytest.raises(ExchangeError) as info:
        import_plan(data)
    return str(info.value)


def test_wrong_format_or_version_is_refused(rich_export, empty_db):
    data = from_json(rich_export)
    assert "geen plan-export van Regioplan" in refused({**data, "format": "iets-anders"})
    assert "formaatversie 2" in refused({**data, "format_version": 2})
    with pytest.raises(ExchangeError, match="geen geldige JSON"):
        from_json('{"format": ')
    with pytest.raises(ExchangeError, match="één JSON-object"):
        from_json("[]")
    with pytest.raises(ExchangeError, match="geen UTF-8"):
        from_json("{}".encode("utf-16"))


def test_unknown_region_content_version_or_a_namesake_elsewhere_is_refused(rich_export, empty_db):
    data = from_json(rich_export)
    data["organisation"]["region"]["code"] = "9999"
    assert "regio met code 9999" in refused(data)
    data = from_json(rich_export)
    data["plan"]["content_version"] = "1999.1"
    assert "inhoudsversie 1999.1" in refused(data)
    Factories(empty_db).organisation(data["organisation"]["name"], region="Zeeland")
    assert "bestaat hier al, maar in regio Zeeland" in refused(from_json(rich_export))


def test_an_unknown_audit_action_or_decision_is_refused(rich_export, empty_db):
    """Only words of the vocabulary reach the log: an unlabelled action would show raw."""
    data = from_json(rich_export)
    data["audit_events"][0]["action"] = "signd"
    assert "audit_events[0].action’ heeft een onbekende waarde (signd)" in refused(data)
    data = from_json(rich_export)
    data["section_decisions"][0]["decision"] = "misschien"
    assert "onbekende waarde (misschien)" in refused(data)


def test_duplicate_verification_code_is_refused(rich_export, empty_db):
    import_plan(from_json(rich_export))
    code = json.loads(rich_export)["signed_document"]["verification_code"]
    assert f"verificatiecode {code}" in refused(from_json(rich_export))
    assert empty_db.scalar(sa.select(sa.func.count(Plan.id))) == 1


def test_tampered_pdf_and_broken_fields_are_refused_and_leave_nothing_behind(rich_export, empty_db):
    data = from_json(rich_export)
    data["signed_document"]["pdf"] = base64.b64encode(b"%PDF-1.7 anders").decode()
    assert "past niet bij de SHA-256" in refused(data)

    data = from_json(rich_export)
    data["comment_threads"][1]["comments"][0]["author"] = "onbekend@example.nl"
    assert "onbekend@example.nl" in refused(data)
    data = from_json(rich_export)
    del data["audit_events"][-1]["at"]
    assert "audit_events[" in refused(data) and "ontbreekt" in refused(data)
    data = from_json(rich_export)
    data["answers"].append(copy.deepcopy(data["answers"][0]))
    assert "weigert" in refused(data)

    assert empty_db.scalar(sa.select(sa.func.count(Plan.id))) == 0
    assert empty_db.scalar(sa.select(sa.func.count(Organisation.id))) == 0
    assert empty_db.scalar(sa.select(sa.func.count(User.id))) == 0


# Command line -----------------------------------------------------------------------------------

def test_cli_export_and_import(app, other_app, db_session, rich_export, tmp_path):
    plan = import_plan(from_json(rich_export))  # the rich plan, now in the test database too
    runner = app.test_cli_runner()
    assert runner.invoke(args=["plans", "export", str(plan.id)]).output == rich_export
    path = tmp_path / "plan.json"
    result = runner.invoke(args=["plans", "export", str(plan.id), "-o", str(path)])
    assert result.exit_code == 0 and path.read_text(encoding="utf-8") == rich_export
    result = runner.invoke(args=["plans", "export", "999999"])
    assert result.exit_code == 1 and "Plan 999999 bestaat niet" in result.output

    with rolled_back(other_app) as session:
        other = other_app.test_cli_runner()
        result = other.invoke(args=["plans", "import", str(path)])
        assert result.exit_code == 0, result.output
        imported = session.get(Plan, int(result.output))
        assert to_json(export_plan(imported)) == rich_export
        again = other.invoke(args=["plans", "import", str(path)])
        assert again.exit_code == 1 and "verificatiecode" in again.output
        broken = tmp_path / "kapot.json"
        broken.write_text("{niet json", encoding="utf-8")
        result = other.invoke(args=["plans", "import", str(broken)])
        assert result.exit_code == 1 and "geen geldige JSON" in result.output


# What never leaves the database -----------------------------------------------------------------

CONTENT_FIELDS = {"value", "old_value", "new_value", "form_data"}


def keys_in(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for key, value in data.items() if key not in CONTENT_FIELDS for k in keys_in(value)}
    if isinstance(data, list):
        return {k for item in data for k in keys_in(item)}
    return set()


def test_export_holds_no_secrets_and_no_row_ids(rich):
    text = rich["export"]
    assert len(rich["secrets"]) == 8  # four people: a session token and a password hash each
    assert not [secret for secret in rich["secrets"] if secret in text]
    keys = keys_in(json.loads(text))
    assert not {k for k in keys if k == "id" or k.endswith("_id")}
    assert not keys & {"password", "password_hash", "session_token", "new_plan", "previous_plan", "outbox"}
    assert "argon2" not in text


def test_a_table_answer_the_pages_cannot_show_is_refused(rich_export, empty_db):
    """A table's rows are named cells, at most MAX_TABLE_ROWS of them, in answers and in their history: a
    forged or broken file would otherwise make the plan's pages and PDF fail later."""
    from plans.writing.tables import MAX_TABLE_ROWS

    def with_actions(rows, where="answers", field="value"):
        data = from_json(rich_export)
        entry = next(a for a in data[where] if a["key"].endswith("_acties"))
        entry[field] = rows
        return data

    assert "rij 1 is geen rij met benoemde kolommen" in refused(with_actions(["Actie zonder kolommen"]))
    assert "lijst van rijen" in refused(with_actions({"actie": "Eén rij"}))
    assert "cel die geen tekst" in refused(with_actions([{"actie": {"genest": True}}, {"actie": [[1]]}]))
    too_many = [{"actie": f"Actie {n}"} for n in range(MAX_TABLE_ROWS + 1)]
    assert f"hoogstens {MAX_TABLE_ROWS} rijen" in refused(with_actions(too_many))
    assert "new_value" in refused(with_actions(["kapot"], where="answer_history", field="new_value"))
    assert empty_db.scalar(sa.select(sa.func.count(Plan.id))) == 0
    import_plan(with_actions([{"actie": "Actie", "eigenaar": "Bureau", "doelen": ["D1"],
                                "mijlpalen": [{"datum": "2026-06-30", "oplevering": "Eerste 60 praktijken"}]}]))
