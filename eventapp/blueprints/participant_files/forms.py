from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SubmitField

from eventapp.blueprints.formtools import options
from eventapp.domain import spreadsheets


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV or XLSX file"),
        validators=[FileRequired(_l("Choose a file to import."))],
        render_kw={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    )
    encoding = RadioField(
        _l("Text encoding of a CSV file"),
        default=spreadsheets.AUTO,
        choices=options(
            [
                (spreadsheets.AUTO, _l('UTF-8 (Excel: "CSV UTF-8"), or XLSX')),
                (spreadsheets.WINDOWS_VIETNAMESE, _l('Windows-1258 (Excel "CSV" on Vietnamese Windows)')),
            ]
        ),
    )
    send_emails = BooleanField(_l("Send each imported person the confirmation e-mail"), default=False)
    submit = SubmitField(_l("Import"))
