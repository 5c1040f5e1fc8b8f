"""Public verification of a signed regioplan: what was signed, and is this file exactly that file?"""
from __future__ import annotations

import hashlib
import re

from flask import abort, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import ValidationError

from plans.documents import sealing
from plans.models import Plan
from plans.review import workflow
from webapp.extensions import db, limiter
from webapp.forms.base import BaseForm
from webapp.forms.validators import Required
from webapp.review import bp


class VerifyForm(BaseForm):
    document = FileField(_l("PDF-bestand"), validators=[FileRequired(_l("Kies het PDF-bestand dat u wilt controleren"))],
                         description=_l("Het bestand wordt alleen vergeleken, niet bewaard."))


class CodeForm(BaseForm):
    code = StringField(_l("Verificatiecode"), validators=[Required(_l("de verificatiecode"))],
                       description=_l("Staat op de ondertekeningspagina van het regioplan, bijvoorbeeld ABCD-1234-EFGH."),
                       render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})

    def validate_code(self, field):
        field.data = normalised_code(field.data)
        if sealing.document_by_code(field.data) is None:
            raise ValidationError(_l("Er is geen ondertekend regioplan met deze verificatiecode. Controleer de code "
                                     "op de ondertekeningspagina"))


def normalised_code(typed: str | None) -> str:
    """What people type from paper: lower case, spaces or no dashes; stored codes are XXXX-XXXX-XXXX."""
    letters = re.sub(r"[^0-9A-Za-z]", "", typed or "").upper()
    return "-".join(letters[i:i + 4] for i in range(0, len(letters), 4))


@bp.route("/verificatie", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def verify_code():
    """Type a printed verification code; a known one goes to what was signed."""
    form = CodeForm()
    if form.validate_on_submit():
        return redirect(url_for("review.verify", code=form.code.data))
    return render_template("review/verify_code.html", form=form)


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
