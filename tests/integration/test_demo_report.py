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
