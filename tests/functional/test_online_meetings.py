"""An online session's meetings each get their own video room, shown to the two
sides (page, calendar, e-mail) and to the organisers (API), to nobody else."""

import sqlalchemy as sa

from eventapp.models import Meeting, MeetingSession
from eventapp.services import publishing
from tests.meeting_helpers import build_scenario, scheduled_meetings


def online_meeting(db, make_event, make_user, make_participant, app):
    app.config["ONLINE_MEETING_BASE_URL"] = "https://hop.example.vn/"
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=1, exhibitors=2)
    for row in db.scalars(sa.select(MeetingSession)):
        row.online = True
    db.commit()
    meeting = scheduled_meetings(db, scenario)[0]
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    return scenario, meeting


def test_each_side_sees_the_room_on_their_page_calendar_and_email(
    db, client, app, outbox, make_event, make_user, make_participant
):
    scenario, meeting = online_meeting(db, make_event, make_user, make_participant, app)
    rooms = {m.id: f"https://hop.example.vn/ocop-{scenario.event.id}-{m.id}-" for m in db.scalars(sa.select(Meeting))}
    side = meeting.counterpart_of(scenario.buyers[0].id)  # an exhibitor: this meeting alone
    room = rooms[meeting.id]

    page = client.get(f"/p/{side.access_key}/meetings").get_data(as_text=True)
    assert room in page
    ics = client.get(f"/p/{side.access_key}/agenda.ics").get_data(as_text=True).replace("\r\n ", "")
    assert f"URL:{room}" in ics and f"LOCATION:{room}" in ics
    mails = [m.get_body(("plain",)).get_content() for m in outbox() if side.email in m["To"]]
    assert any(room in text for text in mails)
    others = [r for m_id, r in rooms.items() if m_id != meeting.id]
    assert not any(r in page for r in others)


def test_the_organisers_get_the_room_in_the_api(db, client, app, api_headers, make_event, make_user, make_participant):
    scenario, meeting = online_meeting(db, make_event, make_user, make_participant, app)

    listing = client.get(f"/api/v1/events/{scenario.event.id}/meetings", headers=api_headers(scenario.organiser)).get_json()

    urls = {item["id"]: item["online_url"] for item in listing["items"]}
    assert urls[meeting.id].startswith(f"https://hop.example.vn/ocop-{scenario.event.id}-{meeting.id}-")


def test_meetings_at_tables_have_no_room(db, client, api_headers, make_event, make_user, make_participant):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=1, exhibitors=1)
    scheduled_meetings(db, scenario)

    listing = client.get(f"/api/v1/events/{scenario.event.id}/meetings", headers=api_headers(scenario.organiser)).get_json()

    assert [item["online_url"] for item in listing["items"]] == [None]


def test_check_in_staff_confirming_an_online_meeting_do_not_get_its_room(
    db, client, app, api_headers, make_event, make_user, make_participant
):
    from eventapp.services import badges

    scenario, meeting = online_meeting(db, make_event, make_user, make_participant, app)
    door = api_headers(make_user("checkin", scenario.event))
    url = f"/api/v1/events/{scenario.event.id}/meetings/{meeting.id}/attendance"

    staff = client.post(url, headers=door, json={"code": badges.badge_code(meeting.participant_a)}).get_json()
    organiser = client.post(url, headers=api_headers(scenario.organiser), json={"code": badges.badge_code(meeting.participant_b)})

    assert staff["attendance"] == {"a": True, "b": False} and staff["online_url"] is None
    assert organiser.get_json()["online_url"].startswith("https://hop.example.vn/")
