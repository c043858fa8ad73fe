"""MoU pages in a real browser, under the content security policy: the
official's chart draws from the vendored Chart.js, and deleting an MoU asks
first (the question comes from a static script, not an inline handler)."""

import pytest
import sqlalchemy as sa

from eventapp.domain.mous import MouInput, PartyInput
from eventapp.models import Mou
from eventapp.services import mous

pytestmark = pytest.mark.browser


def record(db, organiser, event, category: str) -> Mou:
    mou = mous.record_mou(
        db,
        organiser,
        event.id,
        MouInput(
            title="Biên bản ghi nhớ hợp tác tiêu thụ sản phẩm OCOP",
            category=category,
            signed_on="2020-11-20",
            parties=(
                PartyInput("Sở Công Thương tỉnh Sóc Trăng", "government", "soc-trang"),
                PartyInput("Công ty TNHH Bán lẻ BRG", "distributor", "ha-noi"),
            ),
        ),
    )
    db.commit()
    return mou


def test_the_official_sees_the_chart(live_server, sign_in, page, db, make_event, make_user):
    event = make_event()
    organiser = make_user("organiser", event)
    record(db, organiser, event, "gov-business")
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)

    official = make_user("official", event)
    sign_in(page, official.email, official.test_password)
    page.goto(f"{live_server}/manage/events/{event.id}/mous/summary")

    page.wait_for_function("window.Chart && Chart.getChart(document.getElementById('mou-chart'))")
    counts = page.evaluate("Chart.getChart(document.getElementById('mou-chart')).data.datasets[0].data")
    assert counts == [0, 1, 0]
    assert page.get_by_role("link", name="Tải báo cáo tổng hợp (PDF, tiếng Việt)").is_visible()
    assert blocked == []


def test_deleting_asks_first(live_server, sign_in, page, db, make_event, make_user):
    event = make_event()
    organiser = make_user("organiser", event)
    mou = record(db, organiser, event, "gov-gov")
    sign_in(page, organiser.email, organiser.test_password)
    page.goto(f"{live_server}/manage/events/{event.id}/mous/{mou.id}")

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Xóa").click()
    assert db.scalar(sa.select(sa.func.count(Mou.id))) == 1

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Xóa").click()
    page.wait_for_url(f"**/manage/events/{event.id}/mous/")
    db.expire_all()
    assert db.scalar(sa.select(sa.func.count(Mou.id))) == 0
