"""The small things every visitor sees: a favicon, a menu named after what
the account does, icons that need no emoji font, no inline styles."""

import re
from pathlib import Path

import pytest

from tests.conftest import login

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
EMOJI = re.compile("[\U0001f300-\U0001faff]")


def test_every_page_has_a_favicon(client):
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200 and answer.mimetype == "image/vnd.microsoft.icon"
    assert answer.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in page
    assert client.get("/static/favicon.svg").status_code == 200


@pytest.mark.parametrize(
    "role, label",
    [("admin", "Quản trị"), ("organiser", "Ban tổ chức"), ("official", "Số liệu, báo cáo"), ("checkin", "Check-in")],
)
def test_the_staff_menu_is_named_after_the_accounts_role(client, make_event, make_user, role, label):
    event = make_event()
    login(client, make_user(role, None if role == "admin" else event))
    page = client.get("/").get_data(as_text=True)
    menu = re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>', page, re.S).group(1)
    assert f">{label}</a>" in menu


def test_templates_carry_no_inline_style_and_no_emoji():
    # E-mails are the exception: mail programs ignore style sheets.
    pages = [path for path in TEMPLATES.rglob("*.html") if "emails" not in path.parts]
    assert [str(path) for path in pages if 'style="' in path.read_text()] == []
    assert [str(path) for path in pages if EMOJI.search(path.read_text())] == []


def test_style_sheets_are_well_formed():
    # One unclosed brace silently drops every rule after it.
    for sheet in (TEMPLATES.parent / "static" / "css").glob("*.css"):
        depth = 0
        for character in re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.S):
            depth += {"{": 1, "}": -1}.get(character, 0)
            assert depth in (0, 1, 2), sheet
        assert depth == 0, sheet
