"""An online session's meetings each get their own video room, shown to the two
sides (page, calendar, e-mail) and to the organisers (API), to nobody else."""

import sqlalchemy as sa

from eventapp.models import Meeting, MeetingSession
from eventapp.services import publishing
from tests.meeting_helpers import ask, build_scenario, scheduled_meetings


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


def test_an_online_table_gives_its_meetings_a_room_and_the_hall_keeps_none(
    db, client, app, api_headers, make_event, make_user, make_participant
):
    from eventapp.models import MeetingTable
    from tests.conftest import csrf_token, login

    app.config["ONLINE_MEETING_BASE_URL"] = "https://hop.example.vn/"
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=2)
    ask(db, scenario.exhibitors[1], scenario.buyers[1])
    scheduled_meetings(db, scenario)  # and every exhibitor asks the first buyer
    remote = db.scalars(
        sa.select(MeetingTable).where(MeetingTable.host_organisation_id == scenario.buyers[1].organisation_id)
    ).one()
    login(client, scenario.organiser)
    setup = f"/manage/events/{scenario.event.id}/matchmaking/online-tables"

    refused = client.post(
        setup, data={"csrf_token": csrf_token(client), "numbers": f"{remote.number}, 99"}, follow_redirects=True
    )
    assert "99" in refused.get_data(as_text=True)
    db.expire_all()
    assert not any(db.scalars(sa.select(MeetingTable.online)))

    client.post(setup, data={"csrf_token": csrf_token(client), "numbers": str(remote.number)})
    listing = client.get(f"/api/v1/events/{scenario.event.id}/meetings", headers=api_headers(scenario.organiser)).get_json()
    rooms = {item["table_id"]: item["online_url"] for item in listing["items"]}
    assert rooms[remote.id].startswith("https://hop.example.vn/ocop-")
    assert [url for table_id, url in rooms.items() if table_id != remote.id] == [None] * (len(rooms) - 1)
    page = client.get(f"/manage/events/{scenario.event.id}/matchmaking/").get_data(as_text=True)
    assert f'value="{remote.number}"' in page
