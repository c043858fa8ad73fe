"""Vietnamese by default, English on the switch; dates in the locale's format."""


def test_public_pages_speak_vietnamese_by_default(client, make_event):
    event = make_event()
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Đăng ký" in page and "20 tháng 11, 2020" in page
    assert "Sóc Trăng" in page


def test_the_switch_turns_the_site_to_english_and_back(client, make_event):
    event = make_event()
    page = client.get(f"/events/{event.id}?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Register" in page and "November 20, 2020" in page
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    assert '<html lang="vi">' in client.get("/?lang=vi").get_data(as_text=True)


def test_error_pages_are_translated(client):
    assert "Trang này không tồn tại." in client.get("/khong-co").get_data(as_text=True)
    assert "This page does not exist." in client.get("/nothing?lang=en").get_data(as_text=True)


def test_registration_form_lists_the_provinces_of_the_event_date(client, make_event):
    old = make_event()
    new = make_event(
        name="Hội nghị 2026",
        province="can-tho",
        starts_on=old.starts_on.replace(year=2026),
        ends_on=old.ends_on.replace(year=2026),
    )
    old_form = client.get(f"/events/{old.id}/register").get_data(as_text=True)
    new_form = client.get(f"/events/{new.id}/register").get_data(as_text=True)
    assert ">Sóc Trăng<" in old_form and ">Sóc Trăng<" not in new_form
    assert ">Cần Thơ<" in new_form


def test_pages_forbid_foreign_scripts_and_keep_private_links_out_of_referers(client, make_event):
    response = client.get(f"/events/{make_event().id}")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.get_data(as_text=True)
