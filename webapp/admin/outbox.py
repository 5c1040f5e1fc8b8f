"""The outbox for administrators: every message with its delivery state and error; a failed one can be resent."""
import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from plans.models import MailStatus, OutboxMessage
from webapp import mail
from webapp.admin import bp
from webapp.auth.decorators import admin_required
from webapp.extensions import db
from webapp.forms.base import BaseForm

STATUS_NAMES = {
    MailStatus.QUEUED: _l("In de wachtrij"),
    MailStatus.SENDING: _l("Wordt verstuurd"),
    MailStatus.SENT: _l("Verstuurd"),
    MailStatus.FAILED: _l("Mislukt"),
    MailStatus.LOGGED: _l("Alleen bewaard (geen SMTP)"),
}
SHOWN = 200


@bp.route("/e-mail")
@admin_required
def outbox():
    status = request.args.get("status", "")
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(SHOWN)
    if status in {s.value for s in MailStatus}:
        query = query.where(OutboxMessage.status == status)
    failed = db.session.scalar(sa.select(sa.func.count()).where(OutboxMessage.status == MailStatus.FAILED))
    return render_template("admin/outbox.html", messages=db.session.scalars(query).all(), status=status,
                           failed=failed, names=STATUS_NAMES, S=MailStatus)


@bp.route("/e-mail/<int:message_id>/opnieuw", methods=["POST"])
@admin_required
def resend_mail(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is not None and BaseForm().validate_on_submit() and mail.resend(message):
        db.session.commit()
        flash(_("Het bericht aan %(recipient)s wordt opnieuw verstuurd.", recipient=message.recipient), "success")
    else:
        flash(_("Dit bericht kan niet opnieuw worden verstuurd: het is niet mislukt."), "error")
    return redirect(url_for("admin.outbox", status=request.args.get("status", "")))
