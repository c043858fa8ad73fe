"""The scan page in Debian's Chromium: a keyboard-wedge scanner at the door,
then the Wi-Fi drops, scans queue on the phone, and upload when it returns."""
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from eventapp.models import Scan
from eventapp.services import badges

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture()
def live_server(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture()
def browser_page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(locale="vi-VN")
        yield context, context.new_page()
        context.close()
        browser.close()


def scans(db) -> list[tuple[str, int]]:
    """What the server recorded; the test's session holds no lock meanwhile."""
    rows = [(scan.result, scan.participant_id) for scan in db.scalars(sa.select(Scan).order_by(Scan.id))]
    db.rollback()
    return rows


def test_wedge_scans_and_an_offline_queue_that_uploads_on_reconnect(db, live_server, browser_page, make_event,
                                                                    make_user, make_participant):
    event = make_event()
    staff = make_user("checkin", event)
    first = make_participant(event, full_name="Nguyễn Văn An", role="delegate")
    second = make_participant(event, full_name="Trần Thị Ngọc Hân", role="buyer")
    first_code, second_code = badges.badge_code(first), badges.badge_code(second)
    first_id, second_id, event_id = first.id, second.id, event.id
    email, password = staff.email, staff.test_password
    db.rollback()
    context, page = browser_page

    page.goto(f"{live_server}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("#submit")
    page.goto(f"{live_server}/manage/events/{event_id}/checkin")
    page.wait_for_function("document.getElementById('roster-state').textContent.startsWith('2 ')")

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
    context.set_offline(True)
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
    context.set_offline(False)
    page.wait_for_selector("#queue-state[data-count='0']", timeout=20000)
    recorded = scans(db)
    assert recorded[2:] == [("checked_in", second_id), ("invalid", None)]
    assert page.evaluate("""() => new Promise(resolve => {
        const request = indexedDB.open('eventapp-checkin');
        request.onsuccess = () => {
          const all = request.result.transaction('queue').objectStore('queue').getAll();
          all.onsuccess = () => resolve(all.result.length);
        };
    })""") == 0
