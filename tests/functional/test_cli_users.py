from eventapp.models import User


def test_create_accounts_roles_and_tokens(app, db, make_event, client):
    event = make_event()
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "to.chuc@soctrang.gov.vn",
            "--password",
            "mat-khau-123",
            "--role",
            "organiser",
            "--event",
            str(event.id),
        ]
    )
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        args=[
            "users",
            "create",
            "to.chuc@soctrang.gov.vn",
            "--password",
            "ignored-12",
            "--role",
            "official",
            "--event",
            str(event.id),
        ]
    )
    assert again.exit_code == 0
    user = db.query(User).filter_by(email="to.chuc@soctrang.gov.vn").one()
    assert sorted(m.role for m in user.memberships) == ["official", "organiser"]
    assert user.check_password("mat-khau-123")

    token_output = runner.invoke(args=["users", "token", "to.chuc@soctrang.gov.vn"])
    assert token_output.exit_code == 0
    token = token_output.output.strip().splitlines()[-1]
    response = client.get(f"/api/v1/events/{event.id}/participants", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_bad_input_is_a_clear_error(app, make_event):
    runner = app.test_cli_runner()
    no_event = runner.invoke(args=["users", "create", "a@example.vn", "--password", "mat-khau-123", "--role", "checkin"])
    assert no_event.exit_code != 0 and "An event role needs an event." in no_event.output
    unknown_event = runner.invoke(
        args=["users", "create", "a@example.vn", "--password", "mat-khau-123", "--role", "checkin", "--event", "999"]
    )
    assert unknown_event.exit_code != 0 and "This event does not exist." in unknown_event.output
    short = runner.invoke(args=["users", "create", "a@example.vn", "--password", "x", "--role", "admin"])
    assert short.exit_code != 0 and "At least 10 characters." in short.output
    nobody = runner.invoke(args=["users", "token", "nobody@example.vn"])
    assert nobody.exit_code != 0 and "No account" in nobody.output
