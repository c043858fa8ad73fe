"""Product photos on the web: organisers on the participant's edit page, the
exhibitor on their private page; checked, resized, served under a random key
without the uploader's file name, shown in the catalogue, deleted, audited."""

import io
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from eventapp.models import AuditEntry, ProductPhoto
from tests.conftest import csrf_token, login
from tests.unit.test_product_photos import image_bytes, png_declaring

UPLOADER_NAME = "IMG_2041 nhà bà Sáu.jpg"


@pytest.fixture()
def exhibitor(make_event, make_participant):
    return make_participant(make_event(), products=[("Bánh pía sầu riêng", "food", 4), ("Kẹo mè", "food", 3)])


def edit_url(participant) -> str:
    return f"/manage/events/{participant.event_id}/participants/{participant.id}/edit"


def upload_as_organiser(client, participant, content: bytes, product=None, filename=UPLOADER_NAME, token=None):
    product = product or participant.products[0]
    return client.post(
        f"/manage/events/{participant.event_id}/participants/{participant.id}/products/{product.id}/photos",
        data={"csrf_token": token or csrf_token(client, edit_url(participant)), "photo": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def upload_as_exhibitor(client, participant, content: bytes, product=None):
    product = product or participant.products[0]
    home = f"/p/{participant.access_key}"
    return client.post(
        f"{home}/products/{product.id}/photos",
        data={"csrf_token": csrf_token(client, home), "photo": (io.BytesIO(content), UPLOADER_NAME)},
        content_type="multipart/form-data",
    )


def photo_folder(app) -> Path:
    return Path(app.instance_path) / "product_photos"


def test_an_organiser_uploads_a_photo_the_catalogue_shows_it_and_it_is_served_without_a_name(
    app, client, db, exhibitor, make_user
):
    login(client, make_user("organiser", exhibitor.event))
    assert 'enctype="multipart/form-data"' in client.get(edit_url(exhibitor)).get_data(as_text=True)

    response = upload_as_organiser(client, exhibitor, image_bytes((4000, 3000)))

    assert response.status_code == 302 and response.headers["Location"].endswith("#photos")
    photo = db.scalars(sa.select(ProductPhoto)).one()
    assert (photo.width, photo.height) == (1200, 900) and len(photo.key) >= 32 and not photo.key.isdigit()
    assert sorted(path.name for path in photo_folder(app).iterdir() if photo.key in path.name) == [
        f"{photo.key}-thumbnail.jpg",
        f"{photo.key}.jpg",
    ]
    entry = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "product_photo.added")).one()
    assert entry.target_id == exhibitor.id and entry.changes["product"] == "Bánh pía sầu riêng"

    producer_page = client.get(f"/events/{exhibitor.event_id}/exhibitors/{exhibitor.id}").get_data(as_text=True)
    assert f'src="/product-photos/{photo.key}.jpg"' in producer_page and 'width="1200" height="900"' in producer_page
    listing = client.get(f"/events/{exhibitor.event_id}/exhibitors").get_data(as_text=True)
    assert f'src="/product-photos/{photo.key}/thumbnail.jpg"' in listing

    served = client.get(f"/product-photos/{photo.key}.jpg")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert "Content-Disposition" not in served.headers
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.cache_control.public and served.cache_control.max_age == 86400
    assert Image.open(io.BytesIO(served.data)).size == (1200, 900)
    thumbnail = client.get(f"/product-photos/{photo.key}/thumbnail.jpg")
    assert thumbnail.mimetype == "image/jpeg" and Image.open(io.BytesIO(thumbnail.data)).size == (360, 270)
    # The uploader's name is nowhere: not on disk, not in a page, not in the log.
    for text in (producer_page, listing, str(entry.changes), *(path.name for path in photo_folder(app).iterdir())):
        assert "IMG_2041" not in text
    assert client.get(f"/product-photos/{photo.id}.jpg").status_code == 404
    assert client.get("/product-photos/not-a-key.jpg").status_code == 404


def stored_files(app) -> int:
    return len(list(photo_folder(app).iterdir())) if photo_folder(app).exists() else 0


def test_wrong_content_a_bomb_and_a_photo_too_large_are_refused_with_a_message(app, client, db, exhibitor, make_user):
    login(client, make_user("organiser", exhibitor.event))
    files_before = stored_files(app)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    for content, message in (
        (svg, "Ông/Bà hãy tải ảnh lên dưới dạng JPEG, PNG hoặc WebP."),
        (b"just text, named like a photo", "Ông/Bà hãy tải ảnh lên dưới dạng JPEG, PNG hoặc WebP."),
        (png_declaring(100_000, 100_000), "Ảnh quá lớn"),
    ):
        response = upload_as_organiser(client, exhibitor, content)
        assert response.status_code == 302
        assert message in client.get(response.headers["Location"]).get_data(as_text=True)

    limit = app.config["PRODUCT_PHOTO_MAX_BYTES"]
    app.config["PRODUCT_PHOTO_MAX_BYTES"] = 64 * 1024
    try:
        # Far past the cap: refused from its Content-Length, before the body is read.
        response = upload_as_organiser(client, exhibitor, b"\xff\xd8\xff" + b"\0" * (512 * 1024))
    finally:
        app.config["PRODUCT_PHOTO_MAX_BYTES"] = limit
    assert response.status_code == 302
    assert "Ảnh lớn hơn 64 KB." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.scalar(sa.select(sa.func.count(ProductPhoto.id))) == 0
    assert stored_files(app) == files_before


def test_an_upload_without_the_form_s_token_is_refused(client, db, exhibitor, make_user):
    login(client, make_user("organiser", exhibitor.event))
    response = upload_as_organiser(client, exhibitor, image_bytes((800, 600)), token="forged")
    assert response.status_code == 400 and db.scalar(sa.select(sa.func.count(ProductPhoto.id))) == 0


@pytest.mark.parametrize("elsewhere", [False, True], ids=["check-in staff", "another event's organiser"])
def test_check_in_staff_and_strangers_may_not_add_photos(client, db, exhibitor, make_user, make_event, elsewhere):
    login(
        client, make_user("organiser", make_event(name="Lạng Sơn 2021")) if elsewhere else make_user("checkin", exhibitor.event)
    )
    assert upload_as_organiser(client, exhibitor, image_bytes((800, 600))).status_code == 403
    assert db.scalar(sa.select(sa.func.count(ProductPhoto.id))) == 0


def test_the_exhibitor_adds_and_deletes_photos_on_their_private_page(app, client, db, exhibitor, make_participant):
    home = f"/p/{exhibitor.access_key}"
    page = client.get(home).get_data(as_text=True)
    assert f'id="photo-{exhibitor.products[1].id}"' in page

    assert upload_as_exhibitor(client, exhibitor, image_bytes((1000, 800)), exhibitor.products[1]).status_code == 302
    photo = db.scalars(sa.select(ProductPhoto)).one()
    assert photo.product_id == exhibitor.products[1].id
    entry = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "product_photo.added")).one()
    assert entry.actor_id is None and entry.target_id == exhibitor.id

    # Another exhibitor's link neither deletes it nor adds to a product not theirs.
    other = make_participant(exhibitor.event)
    other_home = f"/p/{other.access_key}"
    stolen = client.post(f"{other_home}/photos/{photo.id}/delete", data={"csrf_token": csrf_token(client, other_home)})
    assert stolen.status_code == 404
    assert upload_as_exhibitor(client, other, image_bytes((100, 100)), exhibitor.products[0]).status_code == 404

    page = client.get(home).get_data(as_text=True)
    assert f'src="/product-photos/{photo.key}/thumbnail.jpg"' in page
    deleted = client.post(f"{home}/photos/{photo.id}/delete", data={"csrf_token": csrf_token(client, home)})
    assert deleted.status_code == 302
    assert db.scalar(sa.select(sa.func.count(ProductPhoto.id))) == 0
    assert not (photo_folder(app) / f"{photo.key}.jpg").exists()
    assert not (photo_folder(app) / f"{photo.key}-thumbnail.jpg").exists()
    assert client.get(f"/product-photos/{photo.key}.jpg").status_code == 404
    assert db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "product_photo.deleted")).one()


def test_an_organiser_deletes_a_photo_and_a_cancelled_exhibitor_adds_none(client, db, exhibitor, make_user):
    login(client, make_user("organiser", exhibitor.event))
    upload_as_organiser(client, exhibitor, image_bytes((800, 600)))
    photo = db.scalars(sa.select(ProductPhoto)).one()
    url = f"/manage/events/{exhibitor.event_id}/participants/{exhibitor.id}/photos/{photo.id}/delete"
    assert client.post(url, data={"csrf_token": csrf_token(client, edit_url(exhibitor))}).status_code == 302
    assert db.scalar(sa.select(sa.func.count(ProductPhoto.id))) == 0

    exhibitor.status = "cancelled"
    db.commit()
    assert upload_as_exhibitor(client, exhibitor, image_bytes((800, 600))).status_code == 403


def _edit_form(client, participant) -> tuple[str, dict]:
    url = edit_url(participant)
    form = client.get(url).get_data(as_text=True)
    data = {name: value for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)}
    data.pop("add_product")  # a button: sent, it would add a row instead of saving
    return url, data | {
        "csrf_token": csrf_token(client, url),
        "role": "exhibitor",
        "language": "vi",
        "status": "approved",
        "organisation-kind": "enterprise",
        "organisation-province": "soc-trang",
        "products-0-group": "food",
        "products-0-stars": "4",
        "products-1-group": "food",
        "products-1-stars": "3",
    }


def test_a_renamed_product_keeps_its_photos(app, client, db, exhibitor, make_user):
    login(client, make_user("organiser", exhibitor.event))
    upload_as_organiser(client, exhibitor, image_bytes((800, 600)))
    photo = db.scalars(sa.select(ProductPhoto)).one()
    url, data = _edit_form(client, exhibitor)
    assert data["products-0-product_id"] == str(exhibitor.products[0].id)

    response = client.post(url, data=data | {"products-0-name": "Bánh pía khoai môn"})

    assert response.status_code == 302
    db.expire_all()
    assert db.get(ProductPhoto, photo.id).product.name == "Bánh pía khoai môn"
    assert (photo_folder(app) / f"{photo.key}.jpg").exists()


def test_a_removed_product_takes_its_photos_and_their_files_with_it(app, client, db, exhibitor, make_user):
    login(client, make_user("organiser", exhibitor.event))
    upload_as_organiser(client, exhibitor, image_bytes((800, 600)))
    photo = db.scalars(sa.select(ProductPhoto)).one()
    url, data = _edit_form(client, exhibitor)
    # The row emptied (as the form's "empty rows are ignored" says), its id left as the page sent it.
    data |= {"products-0-name": "", "products-0-description": ""}

    response = client.post(url, data=data)

    assert response.status_code == 302
    assert db.scalar(sa.select(sa.func.count(ProductPhoto.id))) == 0
    assert not (photo_folder(app) / f"{photo.key}.jpg").exists()


def test_a_product_id_of_someone_else_is_ignored(client, db, exhibitor, make_user, make_participant):
    other = make_participant(exhibitor.event, products=[("Mắm ba khía", "food", 3)])
    login(client, make_user("organiser", exhibitor.event))
    url, data = _edit_form(client, exhibitor)

    response = client.post(url, data=data | {"products-0-product_id": str(other.products[0].id)})

    assert response.status_code == 302
    db.expire_all()
    assert [p.name for p in db.get(type(other), other.id).products] == ["Mắm ba khía"]


def test_the_catalogue_api_gives_each_product_s_photos_and_certificate(client, db, exhibitor, make_user):
    login(client, make_user("organiser", exhibitor.event))
    upload_as_organiser(client, exhibitor, image_bytes((800, 600)))
    photo = db.scalars(sa.select(ProductPhoto)).one()

    items = client.get(f"/api/v1/events/{exhibitor.event_id}/catalogue").get_json()["items"]

    first, second = items[0]["products"]
    assert first["photos"] == [
        {
            "url": f"http://localhost/product-photos/{photo.key}.jpg",
            "thumbnail_url": f"http://localhost/product-photos/{photo.key}/thumbnail.jpg",
            "width": 800,
            "height": 600,
        }
    ]
    assert first["certificate"] is None and second["photos"] == []
