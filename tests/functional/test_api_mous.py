"""API v1: MoUs, their summary and scanned copies, with the exact shapes
officials' tools and the press office rely on."""

import io
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from eventapp.models import AuditEntry, Mou, MouCategory, MouParty, Organisation

SO_CT = {"name": "Sở Công Thương tỉnh Sóc Trăng", "kind": "government", "province": "Sóc Trăng"}


def mou_body(**overrides) -> dict:
    body = {
        "title": "Biên bản ghi nhớ hợp tác tiêu thụ sản phẩm OCOP",
        "category": "gov-business",
        "parties": [
            SO_CT,
            {"name": "Liên hiệp HTX Thương mại TP. Hồ Chí Minh (Saigon Co.op)", "kind": "distributor", "province": "ho-chi-minh"},
        ],
        "signed_on": "2020-11-21",
        "value_vnd": 1_500_000_000,
        "product_groups": ["food", "beverage"],
        "notes": "Đưa gạo ST25 và bánh pía vào hệ thống Co.opmart",
    }
    body.update(overrides)
    return body


# Accounts and tokens the fixtures make are audited too; these tests are about the MoUs' trail.
MOU_AUDIT = sa.select(AuditEntry.id).where(AuditEntry.target_type == "mou").subquery()


def count(db, model) -> int:
    return db.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture()
def event(make_event):
    return make_event()


@pytest.fixture()
def organiser_headers(event, make_user, api_headers):
    return api_headers(make_user("organiser", event))


def test_an_organiser_records_an_mou_and_reads_it_back(client, db, event, organiser_headers):
    response = client.post(f"/api/v1/events/{event.id}/mous", headers=organiser_headers, json=mou_body())

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["category"] == "gov-business"
    assert [party["name"] for party in body["parties"]] == [
        "Sở Công Thương tỉnh Sóc Trăng",
        "Liên hiệp HTX Thương mại TP. Hồ Chí Minh (Saigon Co.op)",
    ]
    assert [party["province"] for party in body["parties"]] == ["soc-trang", "ho-chi-minh"]
    assert body["value_vnd"] == 1_500_000_000 and body["signed_on"] == "2020-11-21"
    assert body["product_groups"] == ["beverage", "food"]
    assert body["recorded_by"].startswith("organiser") and body["document"] is None
    assert client.get(f"/api/v1/events/{event.id}/mous/{body['id']}", headers=organiser_headers).get_json() == body
    listed = client.get(f"/api/v1/events/{event.id}/mous", headers=organiser_headers).get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == body["id"]
    # The first MoU saved the event's default categories.
    assert db.scalars(
        sa.select(MouCategory.code).where(MouCategory.event_id == event.id).order_by(MouCategory.position)
    ).all() == ["gov-gov", "gov-business", "business-business"]
    [audit] = db.scalars(sa.select(AuditEntry).where(AuditEntry.target_type == "mou")).all()
    assert audit.action == "mou.created" and audit.changes["title"] == body["title"]


def test_a_party_named_like_an_organisation_of_the_event_is_that_organisation(
    client, db, event, organiser_headers, make_participant
):
    exhibitor = make_participant(event, province="soc-trang")
    response = client.post(
        f"/api/v1/events/{event.id}/mous",
        headers=organiser_headers,
        json=mou_body(
            category="business-business",
            parties=[
                {"name": exhibitor.organisation.name.upper()},
                {"name": "Công ty CP Thương mại Bách Hóa Xanh", "kind": "distributor", "province": "TP. Hồ Chí Minh"},
            ],
        ),
    )

    assert response.status_code == 201, response.get_json()
    first = response.get_json()["parties"][0]
    assert first["organisation_id"] == exhibitor.organisation.id and first["province"] == "soc-trang"
    assert count(db, Organisation) == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "gov-retail"}, "category"),
        ({"parties": [SO_CT]}, "parties"),
        ({"value_vnd": -1}, "value_vnd"),
        ({"signed_on": "2021-02-29"}, "signed_on"),
        ({"signed_on": "21/11/2020"}, "signed_on"),
        ({"title": "  "}, "title"),
        ({"product_groups": ["seafood"]}, "product_groups[0]"),
        ({"parties": [SO_CT, {"name": "Công ty mới chưa có tỉnh"}]}, "parties[1].province"),
        ({"parties": [SO_CT, {"name": "Công ty mới", "province": "Sóc Trăng"}]}, "parties[1].kind"),
        (
            {"parties": [SO_CT, {"name": "Sở Công Thương Cần Thơ", "kind": "government", "province": "Atlantis"}]},
            "parties[1].province",
        ),
        ({"parties": [SO_CT, SO_CT | {"name": "sở công thương tỉnh  Sóc Trăng"}]}, "parties[1].name"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(client, db, event, organiser_headers, change, field):
    response = client.post(f"/api/v1/events/{event.id}/mous", headers=organiser_headers, json=mou_body(**change))

    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    for model in (Mou, MouParty, MouCategory, MOU_AUDIT, Organisation):
        assert count(db, model) == 0, model


def test_messages_follow_the_language_asked_for(client, event, organiser_headers):
    url = f"/api/v1/events/{event.id}/mous"
    vietnamese = client.post(url, headers=organiser_headers, json=mou_body(value_vnd=-5)).get_json()
    english = client.post(url, headers=organiser_headers | {"Accept-Language": "en"}, json=mou_body(value_vnd=-5)).get_json()
    assert vietnamese["error"]["fields"]["value_vnd"] == "Giá trị không được là số âm."
    assert english["error"]["fields"]["value_vnd"] == "The value cannot be negative."


def test_a_body_that_is_not_an_object_is_malformed(client, event, organiser_headers):
    response = client.post(
        f"/api/v1/events/{event.id}/mous", headers=organiser_headers, data="[1, 2]", content_type="application/json"
    )
    assert response.status_code == 400


def test_a_new_party_needs_a_province_of_the_event_date(client, db, make_event, make_user, api_headers):
    """An event after the July 2025 merger lists 34 provinces: Sóc Trăng is part of Cần Thơ."""
    event = make_event(
        name="Hội nghị kết nối cung cầu Cần Thơ 2025", province="can-tho", starts_on=date(2025, 9, 10), ends_on=date(2025, 9, 11)
    )
    headers = api_headers(make_user("organiser", event))
    url = f"/api/v1/events/{event.id}/mous"
    parties = [
        {"name": "Sở Công Thương thành phố Cần Thơ", "kind": "government", "province": "Cần Thơ"},
        {"name": "HTX Nông nghiệp Mỹ Xuyên", "kind": "cooperative", "province": "Sóc Trăng"},
    ]
    refused = client.post(url, headers=headers, json=mou_body(parties=parties, signed_on="2025-09-10"))
    assert refused.status_code == 422 and "parties[1].province" in refused.get_json()["error"]["fields"]

    parties[1]["province"] = "can-tho"
    assert client.post(url, headers=headers, json=mou_body(parties=parties, signed_on="2025-09-10")).status_code == 201


def test_patch_changes_only_what_is_sent_and_is_audited(client, db, event, organiser_headers):
    created = client.post(f"/api/v1/events/{event.id}/mous", headers=organiser_headers, json=mou_body()).get_json()
    url = f"/api/v1/events/{event.id}/mous/{created['id']}"

    response = client.patch(
        url,
        headers=organiser_headers,
        json={
            "value_vnd": 2_000_000_000,
            "parties": [
                SO_CT,
                {"name": "Công ty TNHH MM Mega Market Việt Nam", "kind": "distributor", "province": "ho-chi-minh"},
            ],
        },
    )

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["value_vnd"] == 2_000_000_000 and body["title"] == created["title"]
    assert body["parties"][1]["name"] == "Công ty TNHH MM Mega Market Việt Nam"
    assert body["parties"][0]["organisation_id"] == created["parties"][0]["organisation_id"]
    update = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "mou.updated")).one()
    assert update.changes["value_vnd"] == [1_500_000_000, 2_000_000_000]
    assert set(update.changes) == {"value_vnd", "parties"}

    refused = client.patch(url, headers=organiser_headers, json={"value_vnd": -1})
    assert refused.status_code == 422
    assert client.get(url, headers=organiser_headers).get_json()["value_vnd"] == 2_000_000_000


def test_delete_removes_the_mou_and_keeps_its_audit_trail(client, db, event, organiser_headers):
    created = client.post(f"/api/v1/events/{event.id}/mous", headers=organiser_headers, json=mou_body()).get_json()
    url = f"/api/v1/events/{event.id}/mous/{created['id']}"

    assert client.delete(url, headers=organiser_headers).status_code == 204

    assert client.get(url, headers=organiser_headers).status_code == 404
    assert count(db, Mou) == 0 and count(db, MouParty) == 0
    actions = db.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "mou").order_by(AuditEntry.id)).all()
    assert actions == ["mou.created", "mou.deleted"]
    deleted = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "mou.deleted")).one()
    assert deleted.target_id == created["id"] and deleted.changes["value_vnd"] == 1_500_000_000


# Summary ---------------------------------------------------------------------


def record_soc_trang(client, event, headers) -> None:
    """Sóc Trăng 2020 in small: 3 gov-gov, 2 gov-business, 4 business-business."""
    url = f"/api/v1/events/{event.id}/mous"
    departments = [
        ("Sở Công Thương thành phố Cần Thơ", "can-tho"),
        ("Sở Công Thương tỉnh Bạc Liêu", "bac-lieu"),
        ("Sở Công Thương tỉnh Hậu Giang", "hau-giang"),
    ]
    for name, province in departments:
        assert (
            client.post(
                url,
                headers=headers,
                json=mou_body(
                    category="gov-gov",
                    value_vnd=None,
                    parties=[SO_CT, {"name": name, "kind": "government", "province": province}],
                ),
            ).status_code
            == 201
        )
    for chain in ("Saigon Co.op", "Công ty TNHH Bán lẻ BRG"):
        assert (
            client.post(
                url,
                headers=headers,
                json=mou_body(
                    category="gov-business",
                    value_vnd=1_000_000_000,
                    parties=[SO_CT, {"name": chain, "kind": "distributor", "province": "ho-chi-minh"}],
                ),
            ).status_code
            == 201
        )
    for number in range(4):
        assert (
            client.post(
                url,
                headers=headers,
                json=mou_body(
                    category="business-business",
                    value_vnd=250_000_000,
                    parties=[
                        {"name": f"DNTN Đặc sản Sóc Trăng số {number}", "kind": "enterprise", "province": "soc-trang"},
                        {"name": "Công ty CP Thương mại Bách Hóa Xanh", "kind": "distributor", "province": "ho-chi-minh"},
                    ],
                ),
            ).status_code
            == 201
        )


def test_summary_counts_per_category_and_province(client, event, organiser_headers):
    record_soc_trang(client, event, organiser_headers)

    response = client.get(f"/api/v1/events/{event.id}/mous/summary", headers=organiser_headers)

    assert response.status_code == 200
    assert response.get_json() == {
        "total": 9,
        "by_category": {"gov-gov": 3, "gov-business": 2, "business-business": 4},
        "by_province": {"soc-trang": 9, "ho-chi-minh": 6, "bac-lieu": 1, "hau-giang": 1, "can-tho": 1},
        "value_vnd_total": 3_000_000_000,
    }


def test_summary_of_an_event_without_mous_lists_the_default_categories(client, event, organiser_headers):
    response = client.get(f"/api/v1/events/{event.id}/mous/summary", headers=organiser_headers)
    assert response.get_json() == {
        "total": 0,
        "by_category": {"gov-gov": 0, "gov-business": 0, "business-business": 0},
        "by_province": {},
        "value_vnd_total": 0,
    }


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_summary_pdf_in_vietnamese_reads_back_with_every_figure(client, event, organiser_headers):
    record_soc_trang(client, event, organiser_headers)

    response = client.get(f"/api/v1/events/{event.id}/mous/summary.pdf", headers=organiser_headers)

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4
    text = pdf_text(response.data)
    assert "BÁO CÁO TỔNG HỢP KẾT QUẢ KÝ KẾT BIÊN BẢN GHI NHỚ" in text
    assert "Hội nghị kết nối cung cầu sản phẩm OCOP tỉnh Sóc Trăng 2020" in " ".join(text.split())
    assert "Cơ quan nhà nước với cơ quan nhà nước" in text
    assert "Tổng cộng" in text and "3.000.000.000 đ" in text
    for figure in ("Cơ quan nhà nước với cơ quan nhà nước 3", "Tổng cộng 9"):
        assert figure in " ".join(text.split())
    assert "Sở Công Thương tỉnh Bạc Liêu" in text and "21/11/2020" in text
    assert "Trang 1/" in text


def test_summary_pdf_in_english_on_request(client, event, organiser_headers):
    record_soc_trang(client, event, organiser_headers)
    response = client.get(f"/api/v1/events/{event.id}/mous/summary.pdf?lang=en", headers=organiser_headers)
    text = " ".join(pdf_text(response.data).split())
    assert "SUMMARY REPORT ON THE SIGNED MEMORANDA OF UNDERSTANDING" in text
    assert "State agency with state agency 3" in text and "Total 9" in text and "Page 1 of" in text
    assert client.get(f"/api/v1/events/{event.id}/mous/summary.pdf?lang=fr", headers=organiser_headers).status_code == 422


# Roles -------------------------------------------------------------------------


def test_an_official_reads_everything_and_cannot_write(client, db, event, make_user, organiser_headers, api_headers):
    created = client.post(f"/api/v1/events/{event.id}/mous", headers=organiser_headers, json=mou_body()).get_json()
    headers = api_headers(make_user("official", event))
    base = f"/api/v1/events/{event.id}/mous"

    for path in ("", f"/{created['id']}", "/summary", "/summary.pdf", "/categories"):
        assert client.get(base + path, headers=headers).status_code == 200, path
    assert client.post(base, headers=headers, json=mou_body()).status_code == 403
    assert client.patch(f"{base}/{created['id']}", headers=headers, json={"title": "X"}).status_code == 403
    assert client.delete(f"{base}/{created['id']}", headers=headers).status_code == 403
    assert (
        client.put(
            f"{base}/{created['id']}/document", headers=headers, data={"file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "mou.pdf")}
        ).status_code
        == 403
    )
    assert count(db, Mou) == 1 and count(db, MOU_AUDIT) == 1


@pytest.mark.parametrize("who", ["anonymous", "other_organiser", "checkin"])
def test_no_one_else_reads_or_writes(client, db, event, make_event, make_user, api_headers, organiser_headers, who):
    created = client.post(f"/api/v1/events/{event.id}/mous", headers=organiser_headers, json=mou_body()).get_json()
    headers = {
        "anonymous": {},
        "other_organiser": api_headers(make_user("organiser", make_event(name="Hội chợ OCOP Lạng Sơn"))),
        "checkin": api_headers(make_user("checkin", event)),
    }[who]
    expected = 401 if who == "anonymous" else 403
    base = f"/api/v1/events/{event.id}/mous"
    for path in ("", f"/{created['id']}", "/summary", "/summary.pdf", f"/{created['id']}/document"):
        assert client.get(base + path, headers=headers).status_code in (
            expected,
            404 if "document" in path and expected == 403 else expected,
        )
    assert client.post(base, headers=headers, json=mou_body()).status_code == expected
    assert client.delete(f"{base}/{created['id']}", headers=headers).status_code == expected
    assert count(db, Mou) == 1


def test_an_admin_may_do_everything(client, event, make_user, api_headers):
    headers = api_headers(make_user("admin"))
    assert client.post(f"/api/v1/events/{event.id}/mous", headers=headers, json=mou_body()).status_code == 201


def test_an_mou_of_another_event_is_not_found(client, event, make_event, make_user, api_headers, organiser_headers):
    created = client.post(f"/api/v1/events/{event.id}/mous", headers=organiser_headers, json=mou_body()).get_json()
    other = make_event(name="Hội chợ OCOP Lạng Sơn")
    headers = api_headers(make_user("organiser", other))
    assert client.get(f"/api/v1/events/{other.id}/mous/{created['id']}", headers=headers).status_code == 404


# Scanned copies --------------------------------------------------------------------

SCANNED_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_scanned_copy_is_kept_and_downloaded_only_by_staff_of_the_event(
    client, app, event, make_user, api_headers, organiser_headers
):
    created = client.post(f"/api/v1/events/{event.id}/mous", headers=organiser_headers, json=mou_body()).get_json()
    url = f"/api/v1/events/{event.id}/mous/{created['id']}/document"
    folder = Path(app.instance_path) / "mou_documents"
    earlier = set(folder.glob("*"))

    def stored_files() -> list[Path]:
        return sorted(set(folder.iterdir()) - earlier)

    response = client.put(url, headers=organiser_headers, data={"file": (io.BytesIO(SCANNED_PDF), "Biên bản Saigon Co.op.pdf")})

    assert response.status_code == 200, response.get_json()
    document = response.get_json()["document"]
    assert document["filename"] == "Biên bản Saigon Co.op.pdf" and document["content_type"] == "application/pdf"
    stored = stored_files()
    assert len(stored) == 1 and "Saigon" not in stored[0].name and stored[0].suffix == ".pdf"
    download = client.get(url, headers=organiser_headers)
    assert download.status_code == 200 and download.data == SCANNED_PDF
    assert "attachment" in download.headers["Content-Disposition"]
    official = api_headers(make_user("official", event))
    assert client.get(url, headers=official).status_code == 200
    assert client.get(url).status_code == 401

    # A new scan replaces the old file once committed.
    assert client.put(url, headers=organiser_headers, data={"file": (io.BytesIO(png_bytes()), "scan.png")}).status_code == 200
    stored = stored_files()
    assert len(stored) == 1 and stored[0].suffix == ".png"
    assert client.delete(f"/api/v1/events/{event.id}/mous/{created['id']}", headers=organiser_headers).status_code == 204
    assert stored_files() == []


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "bien-ban.pdf"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "scan.jpg"),
        (b"<html><body>not a scan</body></html>", "scan.png"),
        (b"%PDF-1.4\n truncated in the middle", "cut.pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "broken.png"),
        (b"", "empty.pdf"),
    ],
)
def test_a_file_that_is_not_a_scan_is_refused(client, app, db, event, organiser_headers, content, name):
    folder = Path(app.instance_path) / "mou_documents"
    earlier = set(folder.glob("*"))
    created = client.post(f"/api/v1/events/{event.id}/mous", headers=organiser_headers, json=mou_body()).get_json()
    response = client.put(
        f"/api/v1/events/{event.id}/mous/{created['id']}/document",
        headers=organiser_headers,
        data={"file": (io.BytesIO(content), name)},
    )
    assert response.status_code == 422
    assert "document" in response.get_json()["error"]["fields"]
    assert db.scalar(sa.select(Mou.document_file)) is None
    assert set(folder.glob("*")) == earlier


def test_a_scan_over_the_size_limit_is_refused(client, app, event, organiser_headers):
    created = client.post(f"/api/v1/events/{event.id}/mous", headers=organiser_headers, json=mou_body()).get_json()
    limit = app.config["MOU_DOCUMENT_MAX_BYTES"]
    big = b"%PDF-1.4\n" + b"0" * limit + b"\n%%EOF\n"
    response = client.put(
        f"/api/v1/events/{event.id}/mous/{created['id']}/document",
        headers=organiser_headers,
        data={"file": (io.BytesIO(big), "big.pdf")},
    )
    assert response.status_code == 422


def test_openapi_describes_the_mou_paths(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert {
        "/events/{event_id}/mous",
        "/events/{event_id}/mous/{mou_id}",
        "/events/{event_id}/mous/summary",
        "/events/{event_id}/mous/summary.pdf",
    } <= set(document["paths"])
    assert document["components"]["schemas"]["MouSummary"]["required"] == [
        "total",
        "by_category",
        "by_province",
        "value_vnd_total",
    ]
