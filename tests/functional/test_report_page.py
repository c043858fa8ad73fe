"""The post-event report on screen: officials and organisers read its
headlines and download the files; nobody else."""

import pytest

from tests.conftest import login


def test_an_official_reads_the_headlines_and_finds_the_downloads(client, make_event, make_user, make_participant):
    event = make_event()
    make_participant(event)
    login(client, make_user("official", event))
    page = client.get(f"/manage/events/{event.id}/report")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Báo cáo tổng kết" in text and "report-headlines" in text
    for link in ("report.pdf?lang=vi", "report.pdf?lang=en", "report.xlsx"):
        assert f"/api/v1/events/{event.id}/{link}" in text
    # The links work for the same signed-in official.
    assert client.get(f"/api/v1/events/{event.id}/report.pdf?lang=vi").mimetype == "application/pdf"


def test_the_report_tab_speaks_english_too(client, make_event, make_user):
    event = make_event()
    login(client, make_user("organiser", event))
    text = client.get(f"/manage/events/{event.id}/report?lang=en").get_data(as_text=True)
    assert "Post-event report" in text and "Report (PDF, Vietnamese)" in text


@pytest.mark.parametrize("role", ["checkin", None])
def test_others_may_not_read_it(client, make_event, make_user, role):
    event = make_event()
    if role:
        login(client, make_user(role, event))
    answer = client.get(f"/manage/events/{event.id}/report")
    assert answer.status_code in ((403,) if role else (302,))
