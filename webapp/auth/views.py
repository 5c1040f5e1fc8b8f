from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from plans.accounts import people
from plans.models import TokenPurpose
from webapp.auth import bp, reset
from webapp.auth.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    LoginForm,
    RequestResetForm,
    SetPasswordForm,
)
from webapp.auth.sessions import log_in
from webapp.extensions import db, limiter


def _safe_next(target: str | None) -> str:
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.index")


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_rate_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    """The account a login tries, normalised as accounts are found (ASVS 2.2.1: limit per account too)."""
    return "login-account:" + people.normalise_email(request.form.get("email") or "")[:320]


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_account_rate_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = people.authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            log_in(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Het e-mailadres of het wachtwoord klopt niet"))
    return render_template("auth/login.html", form=form)


@bp.route("/uitloggen", methods=["POST"])
@login_required
def logout():
    people.end_all_sessions(current_user)
    db.session.commit()
    logout_user()
    flash(_("U bent uitgelogd."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def request_reset():
    form = RequestResetForm()
    if form.validate_on_submit():
        # The account is looked up by a job: the same answer, in the same time, whether or not the
        # account exists, so addresses cannot be probed.
        reset.password_reset(form.email.data, request.url_root)
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/request_reset.html", form=form)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    record = people.find_valid_token(token, TokenPurpose.PASSWORD_RESET)
    if record is None:
        return render_template("auth/token_invalid.html", reset=True), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = people.redeem_token(record, form.password.data)
        db.session.commit()
        log_in(user)
        flash(_("Uw wachtwoord is gewijzigd."), "success")
        return redirect(url_for("main.index"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    record = people.find_valid_token(token, TokenPurpose.INVITATION)
    if record is None:
        return render_template("auth/token_invalid.html", reset=False), 410
    form = AcceptInvitationForm(data={"name": record.user.name} if request.method == "GET" else None)
    if form.validate_on_submit():
        user = people.redeem_token(record, form.password.data, form.name.data)
        db.session.commit()
        log_in(user)
        flash(_("Welkom bij Regioplan. Uw account is klaar voor gebruik."), "success")
        return redirect(url_for("main.index"))
    return render_template("auth/accept_invitation.html", form=form, invited=record.user)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    user = current_user._get_current_object()
    form = ChangePasswordForm(user)
    if form.validate_on_submit():
        people.set_password(user, form.password.data)
        db.session.commit()
        # The token rotated: log this browser in again; every other session has ended.
        log_in(user)
        flash(_("Uw wachtwoord is gewijzigd. U bent op andere apparaten uitgelogd."), "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)
