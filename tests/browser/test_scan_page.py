"""The scan page in Debian's Chromium: a keyboard-wedge scanner at the door,
then the Wi-Fi drops, scans queue on the phone, and upload when it returns."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from eventapp.models import Scan
from eventapp.services import badges

pytestmark = pytest.mark.browser


def scans(db) -> list[tuple[str, int]]:
    """What the server recorded; the test's session holds no lock meanwhile."""
    rows = [(scan.result, scan.participant_id) for scan in db.scalars(sa.select(Scan).order_by(Scan.id))]
    db.rollback()
    return rows


@dataclass(frozen=True)
class Door:
    """An event's door: its check-in staff's sign-in and its guests (id and
    badge code), read before the test's session lets go of the database."""

    event_id: int
    email: str
    password: str
    guests: list[tuple[int, str]]


@pytest.fixture()
def door(db, make_event, make_user, make_participant) -> Callable[..., Door]:
    """An event with check-in staff and a participant for each of ``guests``
    (``make_participant``'s keywords)."""

    def open_door(*guests: dict) -> Door:
        event = make_event()
        staff = make_user("checkin", event)
        people = [make_participant(event, **guest) for guest in guests]
        opened = Door(event.id, staff.email, staff.test_password, [(person.id, badges.badge_code(person)) for person in people])
        db.rollback()
        return opened

    return open_door


def open_scan_page(page, live_server: str, sign_in, door: Door) -> None:
    sign_in(page, door.email, door.password)
    page.goto(f"{live_server}/manage/events/{door.event_id}/checkin")


def test_wedge_scans_and_an_offline_queue_that_uploads_on_reconnect(db, live_server, sign_in, browser_context, page, door):
    entrance = door({"full_name": "Nguyễn Văn An", "role": "delegate"}, {"full_name": "Trần Thị Ngọc Hân", "role": "buyer"})
    (first_id, first_code), (second_id, second_code) = entrance.guests

    open_scan_page(page, live_server, sign_in, entrance)
    page.wait_for_selector("#roster-state[data-count='2']")

    # A handheld scanner types the code into the focused field and presses Enter.
    page.focus("#wedge")
    page.keyboard.type(first_code)
    page.keyboard.press("Enter")
    page.wait_for_selector("#result[data-result=green]")
    assert "Nguyễn Văn An" in page.inner_text("#result")
    assert page.evaluate("document.activeElement.id") == "wedge"
    page.keyboard.type(first_code.lower())
    page.keyboard.press("Enter")
    page.wait_for_selector("#result[data-result=amber]")
    assert scans(db) == [("checked_in", first_id), ("already_checked_in", first_id)]

    # The Wi-Fi drops: the page keeps accepting scans, checks them against its list, and queues them.
    browser_context.set_offline(True)
    page.keyboard.type(second_code)
    page.keyboard.press("Enter")
    page.wait_for_selector("#queue-state[data-count='1']")
    assert page.get_attribute("#result", "data-result") == "green"
    assert "Trần Thị Ngọc Hân" in page.inner_text("#result")
    page.keyboard.type("7-999-1-AAAAAAAAAAAAAAAA")
    page.keyboard.press("Enter")
    page.wait_for_selector("#queue-state[data-count='2']")
    assert page.get_attribute("#result", "data-result") == "red"
    assert len(scans(db)) == 2

    # Back online: the queue uploads by itself, with the times of the scans.
    browser_context.set_offline(False)
    page.wait_for_selector("#queue-state[data-count='0']", timeout=20000)
    recorded = scans(db)
    assert recorded[2:] == [("checked_in", second_id), ("invalid", None)]
    assert (
        page.evaluate("""() => new Promise(resolve => {
        const request = indexedDB.open('eventapp-checkin');
        request.onsuccess = () => {
          const all = request.result.transaction('queue').objectStore('queue').getAll();
          all.onsuccess = () => resolve(all.result.length);
        };
    })""")
        == 0
    )


def fake_camera_video(path, code: str) -> None:
    """A Y4M clip of a badge's QR, for Chromium's fake camera."""
    from PIL import Image

    from eventapp.domain.badge_pdf import qr_modules

    modules = qr_modules(code)
    width, height, scale = 640, 480, 8
    frame = Image.new("L", (width, height), 255)
    size = len(modules) * scale
    left, top = (width - size) // 2, (height - size) // 2
    for row, line in enumerate(modules):
        for column, dark in enumerate(line):
            if dark:
                frame.paste(0, (left + column * scale, top + row * scale, left + (column + 1) * scale, top + (row + 1) * scale))
    chroma = bytes([128]) * (width * height // 4)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            video.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)


def test_the_camera_reads_a_badge(db, live_server, sign_in, chromium, door, tmp_path):
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    entrance = door({"full_name": "Lâm Thị Mỹ Duyên"})
    [(guest_id, code)] = entrance.guests
    video = tmp_path / "badge.y4m"
    fake_camera_video(video, code)
    browser = chromium.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = browser.new_context(locale="vi-VN", permissions=["camera"])
        page = context.new_page()
        open_scan_page(page, live_server, sign_in, entrance)
        page.click("#camera-start")
        page.wait_for_selector("#result[data-result=green]", timeout=20000)
        assert "Lâm Thị Mỹ Duyên" in page.inner_text("#result")
        page.click("#camera-stop")
    finally:
        browser.close()
    assert scans(db) == [("checked_in", guest_id)]


def test_a_reload_while_offline_keeps_the_door_open(db, live_server, sign_in, browser_context, page, door):
    entrance = door({"full_name": "Thạch Thị Sà Quênh"})
    [(guest_id, code)] = entrance.guests

    open_scan_page(page, live_server, sign_in, entrance)
    page.wait_for_selector("#roster-state[data-count='1']")
    assert page.evaluate("""() => Promise.race([navigator.serviceWorker.ready.then(() => true),
                                                 new Promise(resolve => setTimeout(() => resolve(false), 10000))])""")
    page.reload()  # now under the service worker
    page.wait_for_selector("#roster-state[data-count='1']")

    browser_context.set_offline(True)
    page.reload()
    page.wait_for_selector("#roster-state[data-count='1']")  # the page and its list, from this device
    page.focus("#wedge")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_selector("#queue-state[data-count='1']")
    assert page.get_attribute("#result", "data-result") == "green"

    browser_context.set_offline(False)
    page.wait_for_selector("#queue-state[data-count='0']", timeout=20000)
    assert scans(db) == [("checked_in", guest_id)]


def test_search_tells_who_is_in_since_when_and_who_is_pending(
    db, live_server, sign_in, browser_context, page, door, client, api_headers
):
    from datetime import UTC, datetime, timedelta

    from eventapp.models import User

    entrance = door(
        {"full_name": "Lê Văn Bình", "role": "delegate"},
        {"full_name": "Lê Thị Cúc", "role": "delegate", "status": "pending"},
        {"full_name": "Lê Minh Đức", "role": "delegate"},
    )
    (came_id, came_code), _pending, _waiting = entrance.guests
    # Bình came in a moment ago (an upload from a phone that was offline
    # then); Đức came yesterday, which does not let him in today.
    staff = db.scalars(sa.select(User).where(User.email == entrance.email)).one()
    a_moment_ago = (datetime.now(UTC) - timedelta(seconds=5)).replace(microsecond=0)
    yesterday = a_moment_ago - timedelta(days=1)
    for code, when in ((came_code, a_moment_ago), (entrance.guests[2][1], yesterday)):
        answer = client.post(
            f"/api/v1/events/{entrance.event_id}/checkins",
            headers=api_headers(staff),
            json={"code": code, "scanned_at": when.isoformat()},
        )
        assert answer.status_code == 201, answer.get_data(as_text=True)
    db.rollback()

    open_scan_page(page, live_server, sign_in, entrance)
    page.wait_for_selector("#roster-state[data-count='2']")
    page.fill("#search", "Lê")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#search-results li >> nth=2")
    rows = {row.query_selector(".fw-bold").inner_text(): row for row in page.query_selector_all("#search-results li")}
    came, pending, waiting = rows["Lê Văn Bình"], rows["Lê Thị Cúc"], rows["Lê Minh Đức"]
    time = a_moment_ago.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M")
    assert came.query_selector("[data-state=in]") and time in came.inner_text()
    assert came.query_selector("button") is None
    assert pending.query_selector("[data-state=pending]") and pending.query_selector("button") is None
    assert waiting.query_selector("button.btn-success") and waiting.query_selector("a[href*='badge']")

    # The badge scanned again today: "already in", since when.
    page.focus("#wedge")
    page.keyboard.type(came_code)
    page.keyboard.press("Enter")
    page.wait_for_selector("#result[data-result=amber]")
    assert time in page.inner_text("#result-headline")

    # Offline, a badge cannot be printed: the page says so instead of a dead link.
    browser_context.set_offline(True)
    page.fill("#search", "Minh")
    page.click("#search-form button[type=submit]")
    # The online results stay on screen until the offline ones replace them.
    page.wait_for_selector("#search-results li:has-text('In thẻ cần có mạng.')")
    rows = page.query_selector_all("#search-results li")
    assert len(rows) == 1 and "Lê Minh Đức" in rows[0].inner_text()
    assert rows[0].query_selector("a[href*='badge']") is None
    browser_context.set_offline(False)


def test_the_chosen_list_is_remembered_shown_and_carried_by_queued_scans(
    db, live_server, sign_in, browser_context, page, make_event, make_user, make_participant
):
    from eventapp.services import checkin_lists

    event = make_event()
    staff = make_user("checkin", event)
    hall = checkin_lists.create_list(db, make_user("organiser", event), event.id, {"name": "Khu B2B", "roles": ["buyer"]})
    buyer, delegate = make_participant(event, role="buyer"), make_participant(event, role="delegate")
    db.commit()
    event_id, hall_id, email, password = event.id, hall.id, staff.email, staff.test_password
    codes = {person.role: (person.id, badges.badge_code(person)) for person in (buyer, delegate)}
    db.rollback()

    sign_in(page, email, password)
    page.goto(f"{live_server}/manage/events/{event_id}/checkin")
    page.wait_for_selector("#roster-state[data-count='2']")
    assert page.inner_text("#list-banner-name") == "Cổng chính"
    page.select_option("#checkin-list", str(hall_id))
    assert page.inner_text("#list-banner-name") == "Khu B2B"
    page.reload()
    page.wait_for_selector("#roster-state[data-count='2']")
    assert page.inner_text("#list-banner-name") == "Khu B2B"  # remembered on the phone

    # Offline, the phone knows the hall admits buyers only; both scans queue with the hall's id.
    browser_context.set_offline(True)
    for role, expected in (("buyer", "green"), ("delegate", "red")):
        page.focus("#wedge")
        page.keyboard.type(codes[role][1])
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#result[data-result={expected}]")
    page.wait_for_selector("#queue-state[data-count='2']")
    browser_context.set_offline(False)
    page.wait_for_selector("#queue-state[data-count='0']", timeout=20000)
    recorded = [(scan.list_id, scan.result, scan.problem) for scan in db.scalars(sa.select(Scan).order_by(Scan.id))]
    db.rollback()
    assert recorded == [(hall_id, "checked_in", None), (hall_id, "invalid", "not_admitted")]
