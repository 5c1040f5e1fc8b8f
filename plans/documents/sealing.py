"""The signed regioplan: rendered once at the last signature, sealed (PAdES), stored with its SHA-256."""
from __future__ import annotations

import hashlib
import secrets
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import defer, joinedload

from plans.db import db
from plans.documents import pdf
from plans.documents.signing import SealConfig, load_signer, qr_svg, seal_pdf
from plans.documents.signoff import SignOff
from plans.models import Plan, SignedDocument
from plans.review.workflow import current_decisions, lock_plan, signatures_of

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and typed


def new_code() -> str:
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))


_SIGNERS: dict = {}


def signer():
    """One signer per process and configuration: loading the key is the slow part of sealing."""
    config = seal_config()
    key = (config.pkcs12_path, config.instance_dir)
    if key not in _SIGNERS:
        _SIGNERS[key] = load_signer(config)
    return _SIGNERS[key]


def seal_config() -> SealConfig:
    path = current_app.config.get("SEAL_PKCS12_PATH")
    passphrase = current_app.config.get("SEAL_PKCS12_PASSPHRASE")
    return SealConfig(pkcs12_path=Path(path) if path else None,
                      passphrase=passphrase.encode() if passphrase else None,
                      instance_dir=Path(current_app.instance_path),
                      secret_key=str(current_app.config["SECRET_KEY"]).encode())


def create_signed_document(plan: Plan, verification_url, *, before_layout=None,
                           timeout_seconds: float = 60.0, heartbeat=None) -> tuple[SignedDocument, bool]:
    """Render the signed PDF with its sign-off page, seal it and keep the exact bytes, once per plan.

    `verification_url` maps a code to the public address printed (and QR-encoded) in the PDF.
    `before_layout` is called when the HTML is built: a job ends its transaction there, so no lock is
    held during layout and sealing. The document is stored under the plan's row lock; when another
    run stored one first, that one is kept. Returns the document and whether this call stored it.
    """
    existing = signed_document_of(plan)
    if existing is not None:
        return existing, False
    plan_id, reason, location = plan.id, f"Regioplan {plan.title}, vastgesteld door het bestuur", plan.organisation.name
    code = new_code()
    url = verification_url(code)
    decisions = current_decisions(plan).values()
    reviewers = sorted({(d.reviewer.display_name, d.decided_at) for d in decisions}, key=lambda r: r[1])[-1:]
    signoff = SignOff(signatures_of(plan), reviewers, code, url, qr_svg(url))
    rendered = pdf.render_plan_pdf(plan, pdf.PdfOptions(timeout_seconds=timeout_seconds, signoff=signoff),
                                   before_layout=before_layout, heartbeat=heartbeat)
    sealed = seal_pdf(rendered, signer(), reason=reason, location=location)
    lock_plan(plan_id)
    existing = signed_document_of_id(plan_id)
    if existing is not None:
        return existing, False
    document = SignedDocument(plan_id=plan_id, verification_code=code, pdf=sealed,
                              sha256=hashlib.sha256(sealed).hexdigest())
    db.session.add(document)
    db.session.flush()
    return document, True


def signed_document_of_id(plan_id: int) -> SignedDocument | None:
    return db.session.scalar(sa.select(SignedDocument).where(SignedDocument.plan_id == plan_id))


def signed_document_of(plan: Plan) -> SignedDocument | None:
    return signed_document_of_id(plan.id)


def plan_with_signed_document(plan_id: int, *, with_pdf: bool = True) -> tuple[Plan | None, SignedDocument | None]:
    """The plan with its organisation and its signed document (None before it is made), in one query.

    Without `with_pdf` the bytes are left for a query of their own, made only when they are read.
    """
    row = db.session.execute(_plan_with_document(with_pdf), {"plan_id": plan_id}).first()
    return (row[0], row[1]) if row else (None, None)


@cache
def _plan_with_document(with_pdf: bool) -> sa.Select:
    """Built once per variant: a download runs it on every request, and building it was a third of its cost."""
    document_options = () if with_pdf else (defer(SignedDocument.pdf),)
    return (sa.select(Plan, SignedDocument).outerjoin(SignedDocument, SignedDocument.plan_id == Plan.id)
            .options(joinedload(Plan.organisation), *document_options).where(Plan.id == sa.bindparam("plan_id")))


def document_by_code(code: str) -> SignedDocument | None:
    return db.session.scalar(sa.select(SignedDocument).where(SignedDocument.verification_code == code.upper()))
