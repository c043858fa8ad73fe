from tests.conftest import csrf_token, login


def test_wrong_password_is_refused_in_vietnamese(client, make_user):
    user = make_user("admin")
    response = client.post(
        "/auth/login", data={"email": user.email, "password": "sai-mat-khau", "csrf_token": csrf_token(client, "/auth/login")}
    )
    assert response.status_code == 200
    assert "Sai địa chỉ thư điện tử hoặc mật khẩu." in response.get_data(as_text=True)


def test_login_returns_to_the_page_asked_for_but_never_elsewhere(client, make_user):
    user = make_user("admin")
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login?next=/manage/events/new", data={"email": user.email, "password": user.test_password, "csrf_token": token}
    )
    assert response.headers["Location"] == "/manage/events/new"
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login?next=https://evil.example/", data={"email": user.email, "password": user.test_password, "csrf_token": token}
    )
    assert response.headers["Location"] == "/manage/"


def test_logout_needs_a_post_with_csrf(client, make_user):
    login(client, make_user("admin"))
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 400
    assert client.post("/auth/logout", data={"csrf_token": csrf_token(client)}).status_code == 302
    assert client.get("/manage/").status_code == 302


def test_password_change(client, make_user):
    user = make_user("admin")
    login(client, user)
    url = "/auth/password"
    wrong = client.post(
        url, data={"csrf_token": csrf_token(client, url), "current_password": "x", "new_password": "mat-khau-moi-2026"}
    )
    assert "Mật khẩu hiện tại không đúng." in wrong.get_data(as_text=True)
    short = client.post(
        url, data={"csrf_token": csrf_token(client, url), "current_password": user.test_password, "new_password": "ngan"}
    )
    assert "Ít nhất 10 ký tự." in short.get_data(as_text=True)
    done = client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "current_password": user.test_password, "new_password": "mat-khau-moi-2026"},
    )
    assert done.status_code == 302
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    login(client, user, "mat-khau-moi-2026")


def test_forms_never_redirect_to_another_site(client, make_event, make_user, make_participant):
    event = make_event()
    login(client, make_user("organiser", event))
    participant = make_participant(event, status="pending")
    for target in ["https://evil.example/x", "//evil.example/x", "/\\evil.example"]:
        response = client.post(
            f"/manage/events/{event.id}/participants/decide",
            data={"csrf_token": csrf_token(client), "decision": "approved", "participant_ids": participant.id, "next": target},
        )
        assert response.headers["Location"] == f"/manage/events/{event.id}/participants", target
