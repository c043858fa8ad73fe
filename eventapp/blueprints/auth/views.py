from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from eventapp.blueprints.auth.forms import LoginForm, PasswordChangeForm
from eventapp.blueprints.formtools import apply_errors
from eventapp.blueprints.navigation import safe_next
from eventapp.domain.errors import ValidationError
from eventapp.extensions import db
from eventapp.services import accounts

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _after_login(target: str | None) -> str:
    return safe_next(target, url_for("organiser.home"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_after_login(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(db.session, form.email.data or "", form.password.data or "")
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_after_login(request.args.get("next")))
        form.password.errors = [_("Wrong e-mail address or password.")]
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    errors: list[str] = []
    if form.validate_on_submit():
        try:
            accounts.change_password(db.session, current_user, form.current_password.data or "", form.new_password.data or "")
        except ValidationError as error:
            db.session.rollback()
            errors = apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Your password is changed."), "success")
            return redirect(url_for("organiser.home"))
    return render_template("auth/password.html", form=form, errors=errors)
