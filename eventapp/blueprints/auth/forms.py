from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField(_l("Password"), render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Sign in"))


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Change password"))
