"""Every text a user can read has a Vietnamese translation."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from eventapp.i18n import TRANSLATIONS_ROOT

PROJECT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "Text": None}
METHODS = [("eventapp/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]


def source_messages() -> dict[str, str]:
    """msgid -> where it is used, from the code and templates."""
    found: dict[str, str] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(PROJECT), METHODS, keywords=KEYWORDS, options_map={"**.html": {"encoding": "utf-8"}}
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, filename)
    return found


def vietnamese_messages() -> dict[str, object]:
    translated: dict[str, object] = {}
    for po_path in TRANSLATIONS_ROOT.glob("*/vi/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as handle:
            for message in read_po(handle):
                msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                text = message.string[0] if isinstance(message.string, tuple) else message.string
                if msgid and text and not message.fuzzy:
                    translated[msgid] = text
    return translated


def test_every_ui_text_has_a_vietnamese_translation():
    translated = vietnamese_messages()
    missing = {msgid: where for msgid, where in source_messages().items() if msgid not in translated}
    assert not missing, "untranslated:\n" + "\n".join(
        f"  {where}: {msgid!r}" for msgid, where in sorted(missing.items(), key=lambda item: item[1])
    )


def test_placeholders_survive_translation():
    import re

    placeholder = re.compile(r"%\((\w+)\)[sd]")
    for msgid, text in vietnamese_messages().items():
        assert set(placeholder.findall(msgid)) == set(placeholder.findall(str(text))), msgid
