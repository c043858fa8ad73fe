"""The import page in a real browser: a refused file's report gets the
focus, a good file lands on the list, whose export link downloads the list."""

import pytest
import sqlalchemy as sa

from eventapp.models import Participant

pytestmark = pytest.mark.browser

HEADER = "Họ và tên,Thư điện tử,Tư cách tham dự,Tên đơn vị,Loại hình đơn vị,Tỉnh/thành phố,Sản phẩm OCOP\n"


def test_import_report_then_success_then_export(live_server, sign_in, page, db, make_event, make_user, tmp_path):
    event = make_event()
    organiser = make_user("organiser", event)
    sign_in(page, organiser.email, organiser.test_password)
    bad = tmp_path / "dai-bieu.csv"
    bad.write_text(
        HEADER + "Lê Văn Bình,binh@example.vn,khách mời,Sở Công Thương tỉnh Sóc Trăng,government,Sóc Trăng,\n",
        encoding="utf-8-sig",
    )
    page.goto(f"{live_server}/manage/events/{event.id}/participants/import")
    page.get_by_label("Tệp CSV hoặc XLSX").set_input_files(bad)
    page.get_by_role("button", name="Nhập dữ liệu").click()
    report = page.locator("#import-failure")
    assert "Chưa nhập dữ liệu nào" in report.inner_text()
    # The page moves the focus to the report once loaded; wait for it rather than race it.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'import-failure'")
    assert "“khách mời” không phải giá trị hợp lệ" in page.locator("table").first.inner_text()

    good = tmp_path / "dai-bieu-sua.csv"
    good.write_text(
        HEADER + "Lê Văn Bình,binh@example.vn,Đại biểu,Sở Công Thương tỉnh Sóc Trăng,government,Sóc Trăng,\n",
        encoding="utf-8-sig",
    )
    page.get_by_label("Tệp CSV hoặc XLSX").set_input_files(good)
    page.get_by_role("button", name="Nhập dữ liệu").click()
    page.wait_for_url(f"**/manage/events/{event.id}/participants")
    assert "Đã nhập 1 người tham dự." in page.content()
    assert db.scalars(sa.select(Participant.full_name)).all() == ["Lê Văn Bình"]

    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất CSV").click()
    path = download.value.path()
    assert "Lê Văn Bình" in open(path, encoding="utf-8-sig").read()
