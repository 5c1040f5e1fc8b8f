"""`flask backup create` and `flask backup restore`: a restore into an empty database gives the same plans,
the same hashes of the sealed PDFs, and the same verification results."""
import hashlib
import io

import pytest
import sqlalchemy as sa

from demo import seed as demo
from plans.db import db
from plans.documents import sealing
from plans.documents.signing import seal_certificate_pem, validate_seal
from plans.exchange.export import export_plan
from plans.exchange.jsonformat import to_json
from plans.models import Plan, SignedDocument
from tests.conftest import make_test_app


def _tiny_pdf() -> bytes:
    from plans.documents.pdf_safety import run_render

    return run_render("<html lang='nl'><body><p>Regioplan</p></body></html>", timeout_seconds=60)


def _state(app):
    """Every plan as its export, every sealed PDF's hash, how the seal and the verification page judge it."""
    with app.app_context():
        plans = {p.id: to_json(export_plan(p)) for p in db.session.scalars(sa.select(Plan).order_by(Plan.id))}
        trust = seal_certificate_pem(sealing.signer())
        stored = [(d.verification_code, d.sha256, d.pdf)
                  for d in db.session.scalars(sa.select(SignedDocument).order_by(SignedDocument.id))]
        db.session.rollback()  # SQLite: let the requests below have the database
        documents = {}
        client = app.test_client()
        for code, sha256, data in stored:
            status = validate_seal(data, trust)
            page = client.post(f"/verificatie/{code}", data={"document": (io.BytesIO(data), "plan.pdf")})
            documents[code] = (sha256, hashlib.sha256(data).hexdigest(), status.intact, status.trusted, page.status_code,
                                                      "Dit bestand is precies het ondertekende regioplan" in page.get_data(as_text=True))
        return plans, documents


@pytest.fixture
def seeded(monkeypatch):
    monkeypatch.setattr(sealing.pdf, "html_to_pdf", lambda html, **kw: _tiny_pdf())
    app = make_test_app("backup_from")
    with app.app_context():
        demo.seed(verification_url=lambda code: f"https://regioplan.test/verificatie/{code}")
        db.session.commit()
    return app


def test_a_restore_gives_the_same_plans_hashes_and_verification_results(seeded, tmp_path):
    before = _state(seeded)
    assert len(before[0]) >= 4 and len(before[1]) == 1
    assert all(d[2] and d[3] and d[4] == 200 and d[5] for d in before[1].values()), "sealed, trusted, verified"
    backup = tmp_path / "regioplan-backup.tar.gz"
    result = seeded.test_cli_runner().invoke(args=["backup", "create", str(backup)])
    assert result.exit_code == 0, result.output
    assert oct(backup.stat().st_mode & 0o777) == "0o600"

    target = make_test_app("backup_to")
    result = target.test_cli_runner().invoke(args=["backup", "restore", str(backup)])
    assert result.exit_code == 0, result.output
    assert "1 ondertekende PDF" in result.output
    assert _state(target) == before

    again = target.test_cli_runner().invoke(args=["backup", "restore", str(backup)])
    assert again.exit_code != 0 and "bevat al gebruikers of plannen" in again.output
