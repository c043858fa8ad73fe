"""The session key: generated whole once, long enough when given, and apart
from the badge key when a site rotates it."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from eventapp import _instance_secret_key, create_app
from eventapp.domain.badge_token import BadgeClaim, read_badge, sign_badge


def test_workers_starting_together_all_read_one_whole_key(tmp_path):
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _: _instance_secret_key(tmp_path), range(32)))

    assert len(keys) == 1
    [key] = keys
    assert len(key) >= 64
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]  # no draft left behind
    assert _instance_secret_key(tmp_path) == key


@pytest.mark.parametrize("variable", ["SECRET_KEY", "BADGE_SECRET_KEY"])
def test_a_short_key_from_the_environment_stops_the_start(monkeypatch, tmp_path, variable):
    monkeypatch.setenv("EVENTAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv(variable, "x" * 31)
    with pytest.raises(RuntimeError, match=f"{variable} from the environment must be at least 32 characters"):
        create_app()


def test_the_badge_key_outlives_a_rotated_session_key(monkeypatch, tmp_path):
    from eventapp.services import badges

    monkeypatch.setenv("EVENTAPP_INSTANCE_PATH", str(tmp_path))
    badge_key = "b" * 40
    claim = BadgeClaim(event_id=3, participant_id=14, version=1)
    printed = None
    for session_key in ("s" * 40, "t" * 40):
        app = create_app({"SECRET_KEY": session_key, "BADGE_SECRET_KEY": badge_key, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
        with app.app_context():
            assert badges.secret_key() == badge_key
            printed = printed or sign_badge(badges.secret_key(), claim)
            assert read_badge(badges.secret_key(), printed) == claim


def test_without_a_badge_key_badges_use_the_session_key(app):
    from eventapp.services import badges

    with app.app_context():
        assert badges.secret_key() == app.config["SECRET_KEY"]
