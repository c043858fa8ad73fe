from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from eventapp import i18n
from eventapp.blueprints.auth.forms import LoginForm, PasswordChangeForm
from eventapp.blueprints.formtools import submit_form
from eventapp.blueprints.navigation import safe_next
from eventapp.domain.errors import PermissionDenied, TooManyAttempts
from eventapp.errors import status_of
from eventapp.extensions import db
from eventapp.services import accounts, sign_in

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _after_login(target: str | None) -> str:
    return safe_next(target, url_for("organiser.home"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_after_login(request.args.get("next")))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = sign_in.authenticate(db.session, form.email.data or "", form.password.data or "")
        except (TooManyAttempts, PermissionDenied) as error:
            status = status_of(error)
            form.password.errors = [i18n.render(error.message)]
        else:
            db.session.commit()  # a failure is counted even though nobody signs in
            if user is not None:
                login_user(user, remember=form.remember.data)
                return redirect(_after_login(request.args.get("next")))
            form.password.errors = [_("Wrong e-mail address or password.")]
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    # Signing out here signs out everywhere: a copied cookie dies with this one.
    accounts.end_all_sessions(db.session, current_user)
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()

    def page(errors: list[str]) -> str:
        return render_template("auth/password.html", form=form, errors=errors)

    def change() -> None:
        accounts.change_password(db.session, current_user, form.current_password.data or "", form.new_password.data or "")
        login_user(current_user._get_current_object())  # this session goes on with the new token; others end

    if form.validate_on_submit():
        return submit_form(
            form,
            change,
            render=page,
            success=_("Your password is changed."),
            next_url=url_for("organiser.home"),
            refused_status=200,
        )
    return page([])
