"""The signed PDF is made by a job at the last signature: a failed render leaves a signed plan whose PDF can be
tried again; running the job twice stores one sealed PDF and tells people once."""
import sqlalchemy as sa

from plans.documents import pdf as pdf_module
from plans.models import Job, OutboxMessage, PlanStatus, SignedDocument
from plans.writing import editing
from tests.conftest import text_of
from tests.factories import Factories, adopt
from webapp.jobs import documents

SIGN = {"name": "Anna", "function": "Voorzitter", "confirm": "y", "password": Factories.PASSWORD}


def _approved(factories, app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    monkeypatch.setattr(pdf_module, "render_html", lambda plan, options=None: "<html lang='nl'><p>Ondertekend</p></html>")
    org = factories.organisation()
    org.required_signatures = 1
    plan = editing.create_plan(org, "Regioplan Zegel", 2026, 2029, None)
    plan.status = PlanStatus.BEOORDEELD.value
    bestuurder = factories.member(org, "bestuurder")
    adopt(plan, bestuurder)
    factories.assigned("coach", region=org.region)
    return plan, bestuurder


def test_a_failed_final_render_leaves_a_signed_plan_whose_pdf_can_be_retried(client, factories, app, tmp_path,
                                                                              monkeypatch, db_session):
    plan, bestuurder = _approved(factories, app, tmp_path, monkeypatch)
    real = pdf_module.html_to_pdf

    def broken(html, **kw):
        raise pdf_module.RenderFailed("layout failed")

    monkeypatch.setattr(pdf_module, "html_to_pdf", broken)
    client.post("/inloggen", data={"email": bestuurder.email, "password": Factories.PASSWORD})
    signed = client.post(f"/plannen/{plan.id}/ondertekenen", data=SIGN)
    assert signed.status_code == 302 and signed.location.endswith(f"/plannen/{plan.id}/pdf-maken")
    page = text_of(client.get(signed.location))
    assert "Het plan is ondertekend en vastgesteld" in page and "Het document kon niet worden gemaakt" in page
    db_session.refresh(plan)
    assert plan.status == PlanStatus.ONDERTEKEND, "the signatures are complete: the plan is signed"
    assert db_session.scalar(sa.select(SignedDocument).where(SignedDocument.plan_id == plan.id)) is None
    assert client.get(f"/plannen/{plan.id}/ondertekend.pdf").location.endswith("/pdf-maken")

    monkeypatch.setattr(pdf_module, "html_to_pdf", real)
    retried = client.post(f"/plannen/{plan.id}/pdf-maken")
    assert "Klaar om te downloaden" in text_of(client.get(retried.location))
    download = client.get(f"/plannen/{plan.id}/ondertekend.pdf")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    mails = db_session.scalars(sa.select(OutboxMessage.subject).where(OutboxMessage.subject.like("%ondertekend%"))).all()
    assert len(mails) == 2, "the bestuurder and the coach hear it, once each"


def test_running_the_signing_job_twice_stores_one_sealed_pdf(client, factories, app, tmp_path, monkeypatch,
                                                              db_session):
    plan, bestuurder = _approved(factories, app, tmp_path, monkeypatch)
    client.post("/inloggen", data={"email": bestuurder.email, "password": Factories.PASSWORD})
    client.post(f"/plannen/{plan.id}/ondertekenen", data=SIGN)
    job = db_session.scalar(sa.select(Job).where(Job.plan_id == plan.id, Job.kind == "signed_pdf"))
    assert job.status == "done" and job.attempts == 1
    with app.test_request_context():
        documents.render_signed(job.id)  # the work itself once more, as a second worker would
    documents.render_signed_task(job.id)  # and the queued task: a done job is not run again
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(SignedDocument)
                             .where(SignedDocument.plan_id == plan.id)) == 1
    assert db_session.get(Job, job.id).attempts == 1
    assert len(db_session.scalars(sa.select(OutboxMessage).where(OutboxMessage.subject.like("%ondertekend%"))).all()) == 2
