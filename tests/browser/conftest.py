"""The app served on a real port and Debian's Chromium driven by Playwright.

Never a downloaded browser: the venue laptop and CI have the system one.
"""

import shutil
import threading
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach
# Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture()
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture()
def sign_in(live_server: str) -> Callable[..., None]:
    """Signs a browser page in through the login form, as staff do."""

    def sign_in(page, email: str, password: str) -> None:
        page.goto(f"{live_server}/auth/login")
        page.get_by_label("Thư điện tử").fill(email)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()

    return sign_in


@pytest.fixture(scope="session")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def browser_context(chromium):
    context = chromium.new_context(locale="vi-VN")
    yield context
    context.close()


@pytest.fixture()
def page(browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(10_000)
    return page
