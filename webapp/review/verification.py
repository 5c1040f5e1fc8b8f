"""Public verification of a signed regioplan: what was signed, and is this file exactly that file?"""
from __future__ import annotations

import hashlib

from flask import abort, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from plans.documents import sealing
from plans.models import Plan
from plans.review import workflow
from webapp.extensions import db, limiter
from webapp.forms.base import BaseForm
from webapp.review import bp


class VerifyForm(BaseForm):
    document = FileField(_l("PDF-bestand"), validators=[FileRequired(_l("Kies het PDF-bestand dat u wilt controleren"))],
                         description=_l("Het bestand wordt alleen vergeleken, niet bewaard."))


@bp.route("/verificatie/<code>", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def verify(code: str):
    document = sealing.document_by_code(code)
    if document is None:
        abort(404)
    plan = db.session.get(Plan, document.plan_id)
    form = VerifyForm()
    outcome = None
    if form.validate_on_submit():
        outcome = hashlib.sha256(form.document.data.read()).hexdigest() == document.sha256
    return render_template("review/verify.html", document=document, plan=plan, form=form, outcome=outcome,
                           signatures=workflow.signatures_of(plan))
