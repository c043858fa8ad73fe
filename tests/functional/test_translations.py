"""One Vietnamese catalogue: every text a user can read is in it, once, translated."""

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from eventapp.i18n import COMPILED_CATALOGUE, TRANSLATIONS_ROOT

PROJECT = Path(__file__).resolve().parents[2]
CATALOGUE = TRANSLATIONS_ROOT / "vi" / "LC_MESSAGES" / "messages.po"
# The same keywords as EXTRACT_KEYWORDS in the Makefile's `translations` target.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "Text": None}


def source_messages() -> dict[str, str]:
    """msgid -> where it is used, found as `make translations` finds them (babel.cfg)."""
    with (PROJECT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, str] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(PROJECT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, filename)
    return found


def catalogue_messages(catalogue) -> dict[str, object]:
    translated: dict[str, object] = {}
    for message in catalogue:
        # Plural entries come as a tuple from a .po and as a list from a .mo.
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        text = tuple(message.string) if isinstance(message.string, tuple | list) else message.string
        if msgid and any(text) and not message.fuzzy:
            translated[msgid] = text
    return translated


def vietnamese_messages() -> dict[str, object]:
    with CATALOGUE.open("rb") as handle:
        return catalogue_messages(read_po(handle))


def test_there_is_one_catalogue():
    assert sorted(TRANSLATIONS_ROOT.rglob("*.po")) == [CATALOGUE]


def test_every_ui_text_has_a_vietnamese_translation():
    translated = vietnamese_messages()
    missing = {msgid: where for msgid, where in source_messages().items() if msgid not in translated}
    assert not missing, "untranslated (run make translations, then write their Vietnamese):\n" + "\n".join(
        f"  {where}: {msgid!r}" for msgid, where in sorted(missing.items(), key=lambda item: item[1])
    )


def msgid_keys(po_text: str) -> list[tuple[str, str]]:
    """(context, msgid) of every entry as written, duplicates included: reading
    the file with Babel would keep only the last of two entries."""
    keys = []
    for entry in re.split(r"\n\s*\n", po_text):
        fields: dict[str, list[str]] = {}
        current = None
        for line in entry.splitlines():
            keyword = re.match(r"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line)
            if keyword:
                current = keyword.group(1)
                fields[current] = [keyword.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line)
        if fields.get("msgid", ['""']) != ['""']:
            keys.append(("".join(fields.get("msgctxt", [])), "".join(fields["msgid"])))
    return keys


def test_no_message_is_translated_two_ways():
    keys = msgid_keys(CATALOGUE.read_text(encoding="utf-8"))
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    assert not repeated, f"msgids with more than one entry (keep one translation): {repeated}"


def test_msgid_keys_sees_a_repeated_entry():
    text = 'msgid ""\nmsgstr ""\n\nmsgid "Nobody matches."\nmsgstr "A"\n\nmsgid "Nobody matches."\nmsgstr "B"\n'
    assert msgid_keys(text) == [("", '"Nobody matches."'), ("", '"Nobody matches."')]


def test_the_compiled_catalogue_is_the_catalogue():
    """The app reads the .mo that `make install` compiles; a stale one shows old texts."""
    assert COMPILED_CATALOGUE.exists(), "run make install"
    with COMPILED_CATALOGUE.open("rb") as handle:
        compiled = catalogue_messages(read_mo(handle))
    assert compiled == vietnamese_messages(), "the .mo is older than the .po: run make install"


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%\((\w+)\)[sd]")
    for msgid, text in vietnamese_messages().items():
        assert set(placeholder.findall(msgid)) == set(placeholder.findall(str(text))), msgid


def test_people_are_addressed_as_ong_ba_throughout():
    """Formal Vietnamese addresses a reader as "Ông/Bà" (as the e-mails'
    "Kính gửi Ông/Bà" does), never as "bạn" half-way through."""
    informal = re.compile(r"\bbạn\b", re.IGNORECASE)
    for msgid, translation in vietnamese_messages().items():
        texts = translation if isinstance(translation, tuple | list) else (translation,)
        assert not any(informal.search(text) for text in texts), msgid
