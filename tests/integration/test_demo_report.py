"""The demo's Sóc Trăng report gives the figures of the province's press release."""

import io

import sqlalchemy as sa
from pypdf import PdfReader

from eventapp.demo import seed_demo
from eventapp.models import User
from eventapp.services import event_report, event_report_files


def test_the_soc_trang_report_gives_the_press_release_figures(app, db):
    result = seed_demo(db)
    db.commit()
    event = result.events["soctrang"]
    official = db.scalar(sa.select(User).where(User.email == "official@demo.eventapp.vn"))

    figures = event_report.event_report(db, official, event.id).figures

    host = figures.host_products
    assert (host.total, host.by_stars["4"], host.by_stars["3"], host.producers) == (99, 24, 75, 52)
    assert figures.provinces.total > 20
    assert figures.mous.by_category == {"gov-gov": 14, "gov-business": 8, "business-business": 34}

    with app.test_request_context():
        pdf = event_report_files.report_pdf(db, official, event.id, "vi")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Sóc Trăng: 99 sản phẩm OCOP của 52 doanh nghiệp, HTX và hộ kinh doanh (24 sản phẩm 4 sao, 75 sản phẩm 3 sao)." in text
    assert f"của {figures.provinces.total} tỉnh, thành phố tham dự" in text
    assert "Ký kết 56 biên bản ghi nhớ hợp tác: 14 " in text


def test_the_soc_trang_2021_report_compares_with_2020(app, db):
    result = seed_demo(db)
    db.commit()
    soc_trang_2020, soc_trang_2021 = result.events["soctrang"], result.events["soctrang2021"]
    official = db.scalar(sa.select(User).where(User.email == "official@demo.eventapp.vn"))
    assert soc_trang_2021.series_id == soc_trang_2020.series_id is not None

    report = event_report.event_report(db, official, soc_trang_2021.id)

    now, before = report.figures, report.previous
    assert report.previous_event is not None and report.previous_event.id == soc_trang_2020.id
    assert before is not None and (before.host_products.total, before.host_products.by_stars["4"]) == (99, 24)
    assert (now.host_products.total, now.host_products.by_stars["4"], now.host_products.by_stars["3"]) == (123, 33, 90)
    assert now.host_products.producers == 61 and now.provinces.total > before.provinces.total
    assert now.mous.by_category == {"gov-gov": 17, "gov-business": 8, "business-business": 45}
    assert now.attendance.checked_in > before.attendance.checked_in and now.meetings.requested > before.meetings.requested
    assert "minh họa" in soc_trang_2021.description and "invented" in soc_trang_2021.description_en
    # The 2020 report stands first in the series: nothing before it.
    assert event_report.event_report(db, official, soc_trang_2020.id).previous is None

    with app.test_request_context():
        pdf = event_report_files.report_pdf(db, official, soc_trang_2021.id, "vi")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Kỳ trước: Sóc Trăng: 99 sản phẩm OCOP của 52 doanh nghiệp" in text
    assert (
        "Sóc Trăng: 123 sản phẩm OCOP của 61 doanh nghiệp, HTX và hộ kinh doanh (33 sản phẩm 4 sao, 90 sản phẩm 3 sao)." in text
    )
