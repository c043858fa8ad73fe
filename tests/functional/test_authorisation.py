"""Authorisation on every route.

The first two tests walk the whole URL map, so routes added later are covered
without listing them: nobody anonymous gets into staff pages or the API, and
an organiser of one event can never touch another event. The matrix below
then pins who may do what on the foundation's routes.
"""

import re

import pytest

from tests.conftest import csrf_token, login

# The producers' catalogue is for visitors before the event: no person in it.
PUBLIC_API = {"api.openapi_document", "api.health", "api.ready", "api.get_catalogue"}
# Events themselves are public (their pages are); what happens at them is not.
READABLE_BY_ANY_ACCOUNT = {"api.get_event"}


def staff_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint in PUBLIC_API:
            continue
        if rule.rule.startswith(("/manage", "/api/")):
            yield rule


def concrete_url(rule, event_id: int) -> str:
    url = rule.rule.replace("<int:event_id>", str(event_id))
    return re.sub(r"<(?:int:)?\w+>", "1", url)


def methods_of(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def call(client, method: str, url: str, **kwargs):
    return client.open(url, method=method, **kwargs)


def test_anonymous_visitors_are_sent_to_sign_in_or_refused(app, client, make_event):
    event = make_event()
    for rule in staff_rules(app):
        url = concrete_url(rule, event.id)
        for method in methods_of(rule):
            response = call(client, method, url)
            if rule.rule.startswith("/api/"):
                assert response.status_code == 401, (method, url, response.status_code)
            elif method == "GET":
                assert response.status_code == 302 and "/auth/login" in response.headers["Location"], (method, url)
            else:
                assert response.status_code in (302, 400), (method, url, response.status_code)


def test_an_organiser_of_another_event_is_refused_everywhere(app, client, make_event, make_user, api_headers):
    event, other_event = make_event(), make_event(name="Hội nghị Buôn Ma Thuột 2019")
    outsider = make_user("organiser", other_event)
    headers = api_headers(outsider)
    login(client, outsider)
    token = csrf_token(client)
    checked = 0
    for rule in staff_rules(app):
        if "<int:event_id>" not in rule.rule or rule.endpoint in READABLE_BY_ANY_ACCOUNT:
            continue
        url = concrete_url(rule, event.id)
        for method in methods_of(rule):
            if rule.rule.startswith("/api/"):
                response = call(client.application.test_client(), method, url, headers=headers, json={})
            else:
                response = call(client, method, url, data={"csrf_token": token})
            assert response.status_code == 403, (method, url, response.status_code)
            checked += 1
    assert checked > 10


ORGANISER_ONLY_PAGES = [
    ("GET", "/manage/events/{event}/participants"),
    ("GET", "/manage/events/{event}/participants/{participant}"),
    ("GET", "/manage/events/{event}/participants/{participant}/edit"),
    ("POST", "/manage/events/{event}/participants/decide"),
    ("GET", "/manage/events/{event}/edit"),
]
ORGANISER_ONLY_API = [
    ("GET", "/api/v1/events/{event}/participants"),
    ("GET", "/api/v1/events/{event}/participants/{participant}"),
    ("PATCH", "/api/v1/events/{event}/participants/{participant}"),
]


@pytest.mark.parametrize("role, allowed", [("admin", True), ("organiser", True), ("checkin", False), ("official", False)])
def test_participant_data_is_for_organisers(client, make_event, make_user, make_participant, api_headers, role, allowed):
    event = make_event()
    participant = make_participant(event)
    user = make_user(role, None if role == "admin" else event)
    login(client, user)
    token = csrf_token(client)
    for method, template in ORGANISER_ONLY_PAGES:
        url = template.format(event=event.id, participant=participant.id)
        response = call(
            client, method, url, data={"csrf_token": token, "participant_ids": participant.id, "decision": "approved"}
        )
        assert (response.status_code in (200, 302)) == allowed, (role, method, url, response.status_code)
        if not allowed:
            assert response.status_code == 403
    api = client.application.test_client()
    for method, template in ORGANISER_ONLY_API:
        url = template.format(event=event.id, participant=participant.id)
        response = call(api, method, url, headers=api_headers(user), json={})
        assert (response.status_code == 200) == allowed, (role, method, url, response.status_code)


@pytest.mark.parametrize("role", ["organiser", "checkin", "official"])
def test_every_staff_role_sees_the_event_overview(client, make_event, make_user, role):
    event = make_event()
    login(client, make_user(role, event))
    assert client.get(f"/manage/events/{event.id}/").status_code == 200
    assert event.name in client.get("/manage/").get_data(as_text=True)


def test_only_administrators_create_events(client, make_event, make_user):
    login(client, make_user("organiser", make_event()))
    assert client.get("/manage/events/new").status_code == 403
