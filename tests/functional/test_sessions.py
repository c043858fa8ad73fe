"""Sessions that can be ended: a sign-out or a password change ends every
other session and remember-me cookie of the account; the command line lists
and revokes tokens, removes roles and disables accounts at once."""

import pytest

from tests.conftest import csrf_token, login


def signed_in(client) -> bool:
    return client.get("/manage/").status_code == 200


def copy_cookies(source, target) -> None:
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


def remember_login(client, user) -> None:
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login", data={"email": user.email, "password": user.test_password, "remember": "y", "csrf_token": token}
    )
    assert response.status_code == 302


def test_signing_out_ends_a_copied_session_cookie(app, client, make_user):
    user = make_user("admin")
    login(client, user)
    thief = app.test_client()
    copy_cookies(client, thief)
    assert signed_in(thief)

    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})

    assert not signed_in(thief)


def test_a_copied_remember_me_cookie_dies_with_the_sign_out(app, client, make_user):
    user = make_user("admin")
    remember_login(client, user)
    remember = client.get_cookie("remember_token")
    assert remember is not None
    thief = app.test_client()
    thief.set_cookie("remember_token", remember.value)
    assert signed_in(thief)  # the cookie alone signs in, as it should

    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})

    other = app.test_client()
    other.set_cookie("remember_token", remember.value)
    assert not signed_in(other)


def test_a_password_change_ends_every_other_session_but_this_one(app, client, make_user):
    user = make_user("admin")
    login(client, user)
    elsewhere = app.test_client()
    remember_login(elsewhere, user)
    remembered = elsewhere.get_cookie("remember_token").value

    response = client.post(
        "/auth/password",
        data={
            "csrf_token": csrf_token(client, "/auth/password"),
            "current_password": user.test_password,
            "new_password": "banh-pia-moi-2026",
        },
    )

    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(elsewhere)
    again = app.test_client()
    again.set_cookie("remember_token", remembered)
    assert not signed_in(again)


def test_remember_cookie_settings(app):
    assert app.config["REMEMBER_COOKIE_DURATION"].days == 14
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_https_turns_on_secure_cookies_and_hsts(monkeypatch, tmp_path, database_url):
    from eventapp import create_app

    monkeypatch.setenv("EVENTAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://hoinghi.example.vn")
    secure = create_app({"SECRET_KEY": "s" * 40, "SQLALCHEMY_DATABASE_URI": database_url})
    assert secure.config["SESSION_COOKIE_SECURE"] and secure.config["REMEMBER_COOKIE_SECURE"]
    response = secure.test_client().get("/", base_url="https://hoinghi.example.vn")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")

    monkeypatch.setenv("SESSION_COOKIE_SECURE", "false")
    overridden = create_app({"SECRET_KEY": "s" * 40, "SQLALCHEMY_DATABASE_URI": database_url})
    assert overridden.config["SESSION_COOKIE_SECURE"] is False


def test_plain_http_has_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


def test_tokens_are_listed_and_revoked(runner, client, make_event, make_user):
    event = make_event()
    user = make_user("checkin", event, email="cua.chinh@staff.example.vn")
    token = runner.invoke(args=["users", "token", user.email, "--label", "máy quét cổng 1"]).output.strip().splitlines()[-1]
    runner.invoke(args=["users", "token", user.email, "--label", "cổng 2"])
    assert client.get(f"/api/v1/events/{event.id}", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    login(client, user)

    listed = runner.invoke(args=["users", "tokens", user.email])
    assert listed.exit_code == 0
    first, second = listed.output.strip().splitlines()
    assert first.startswith("máy quét cổng 1\tcreated ") and "last used 20" in first
    assert second.startswith("cổng 2\tcreated ") and second.endswith("last used never")

    revoked = runner.invoke(args=["users", "revoke-tokens", user.email])
    assert revoked.exit_code == 0 and "2 API tokens revoked" in revoked.output
    assert client.get(f"/api/v1/events/{event.id}", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert not signed_in(client)
    assert runner.invoke(args=["users", "tokens", user.email]).output.strip() == "No API tokens."


def test_a_disabled_account_loses_its_sessions_and_tokens_at_once(runner, client, make_event, make_user):
    event = make_event()
    user = make_user("checkin", event, email="dien.thoai.mat@staff.example.vn")
    token = runner.invoke(args=["users", "token", user.email]).output.strip().splitlines()[-1]
    login(client, user)

    result = runner.invoke(args=["users", "disable", user.email])

    assert result.exit_code == 0, result.output
    assert not signed_in(client)
    assert client.get(f"/api/v1/events/{event.id}", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    fresh = client.application.test_client()
    page = fresh.post(
        "/auth/login",
        data={"email": user.email, "password": user.test_password, "csrf_token": csrf_token(fresh, "/auth/login")},
    )
    assert page.status_code == 403 and "vô hiệu hoá" in page.get_data(as_text=True)


def test_remove_role_at_one_event_or_all(runner, db, make_event, make_user, api_headers, client):
    from eventapp.services.access import event_roles

    first, second = make_event(), make_event()
    user = make_user("official", first, email="quan.sat@staff.example.vn")
    make_user("official", second, email=user.email)
    headers = api_headers(user)

    one = runner.invoke(args=["users", "remove-role", user.email, "--role", "official", "--event", str(first.id)])
    assert one.exit_code == 0, one.output
    assert client.get(f"/api/v1/events/{first.id}/mous", headers=headers).status_code == 403
    assert client.get(f"/api/v1/events/{second.id}/mous", headers=headers).status_code == 200

    rest = runner.invoke(args=["users", "remove-role", user.email, "--role", "official"])
    assert rest.exit_code == 0 and "1 official role(s) removed" in rest.output
    assert not event_roles(db, user, second.id)
    none_left = runner.invoke(args=["users", "remove-role", user.email, "--role", "official"])
    assert none_left.exit_code != 0 and "had no such role" in none_left.output


def test_weak_passwords_are_refused_by_the_command_line(runner):
    result = runner.invoke(args=["users", "create", "moi@staff.example.vn", "--password", "12345678", "--role", "admin"])
    assert result.exit_code != 0
    assert "At least 10 characters" in result.output
    common = runner.invoke(args=["users", "create", "moi@staff.example.vn", "--password", "1234567890", "--role", "admin"])
    assert common.exit_code != 0 and "too common" in common.output
