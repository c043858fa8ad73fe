"""What a staff password must be: long, not a common one, not the address.

zxcvbn (Dropbox's estimator, with its lists of common passwords, names and
keyboard patterns) scores how many guesses a password takes; 3 means about
10^8 guesses, enough against online guessing once sign-ins are throttled and
an offline attack on a slow hash.
"""

from zxcvbn import zxcvbn

from eventapp.domain.errors import Text, ValidationError

MIN_LENGTH = 10
MIN_STRENGTH = 3
# zxcvbn's time grows with length; nobody types a longer password.
MAX_LENGTH = 200


def password_problem(password: str, email: str) -> Text | None:
    """Why ``password`` is refused for the account ``email``, or None."""
    if len(password) < MIN_LENGTH:
        return Text("At least %(limit)s characters.", {"limit": MIN_LENGTH})
    if len(password) > MAX_LENGTH:
        return Text("At most %(limit)s characters.", {"limit": MAX_LENGTH})
    local_part = email.partition("@")[0].lower()
    if len(local_part) >= 3 and local_part in password.lower():
        return Text("The password must not contain your e-mail address.")
    if zxcvbn(password, user_inputs=[email, local_part])["score"] < MIN_STRENGTH:
        return Text("This password is too common or too easy to guess. Use a few unrelated words.")
    return None


def check_password(password: str, email: str, field: str = "password") -> None:
    """Raise ``ValidationError`` on ``field`` when the password is refused."""
    problem = password_problem(password, email)
    if problem is not None:
        raise ValidationError(Text("Please correct the highlighted fields."), {field: problem})
