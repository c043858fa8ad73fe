"""Video-room names of online meetings: stable, one per meeting, unguessable without the secret."""

from datetime import UTC, datetime

from eventapp.domain.icalendar import CalendarEntry, calendar
from eventapp.domain.online_meetings import room_name, room_url


def test_a_room_is_the_same_for_its_meeting_and_differs_for_another_or_another_secret() -> None:
    room = room_name("bí mật", 1, 17)

    assert room == room_name("bí mật", 1, 17)
    assert room.startswith("ocop-1-17-") and len(room.rsplit("-", 1)[1]) == 24
    assert room not in {room_name("bí mật", 1, 18), room_name("bí mật", 2, 17), room_name("khác", 1, 17)}


def test_the_url_joins_the_base_and_the_room() -> None:
    assert room_url("https://meet.example.vn/", "ocop-1-2-ab") == "https://meet.example.vn/ocop-1-2-ab"


def test_the_calendar_carries_the_rooms_url() -> None:
    moment = datetime(2020, 11, 20, 2, 0, tzinfo=UTC)
    text = calendar(
        [CalendarEntry("m-1@x", moment, moment, "Gặp", location="https://meet.example.vn/r", url="https://meet.example.vn/r")],
        name="Lịch",
        timezone="Asia/Ho_Chi_Minh",
        stamp=moment,
    )

    assert "\r\nURL:https://meet.example.vn/r\r\n" in text and "LOCATION:https://meet.example.vn/r" in text
