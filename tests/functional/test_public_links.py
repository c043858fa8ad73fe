"""Links in e-mails come from PUBLIC_BASE_URL, whatever Host a request claims;
with TRUSTED_HOSTS set, any other Host is refused."""

import pytest

from tests.conftest import CSRF_META
from tests.functional.test_registration_web import registration_form


def test_a_forged_host_does_not_reach_the_confirmation_link(client, db, make_event, outbox):
    event = make_event()
    forged = {"Host": "evil.example"}
    page = client.get(f"/events/{event.id}/register", headers=forged).get_data(as_text=True)
    token = CSRF_META.search(page).group(1)

    response = client.post(f"/events/{event.id}/register", data=registration_form(token), headers=forged)

    assert response.status_code == 302
    [message] = outbox()
    for part in ("plain", "html"):
        body = message.get_body((part,)).get_content()
        assert "evil.example" not in body
        assert "http://eventapp.test/p/" in body


@pytest.fixture()
def trusted_hosts(app):
    app.config["TRUSTED_HOSTS"] = ["eventapp.test", "localhost"]
    yield
    app.config["TRUSTED_HOSTS"] = None


@pytest.mark.usefixtures("trusted_hosts")
@pytest.mark.parametrize("path", ["/", "/auth/login", "/api/v1/openapi.json", "/no-such-page"])
def test_an_untrusted_host_is_answered_400(client, path):
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.get_data(as_text=True)


@pytest.mark.usefixtures("trusted_hosts")
def test_a_trusted_host_is_served(client):
    assert client.get("/", headers={"Host": "eventapp.test"}).status_code == 200
    assert client.get("/").status_code == 200
