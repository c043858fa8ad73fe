"""Every e-mail header decodes to exactly the text written (issue #10 item 1),
and a rolled-back savepoint drops only the e-mails queued inside it (#10 item 13)."""

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.headerregistry import Address
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import render_template
from flask_babel import force_locale

from eventapp.services import mail, mail_delivery

SUBJECT_KINDS = sorted(path.name.removesuffix(".subject.txt") for path in Path("templates/emails").glob("*.subject.txt"))
NAMES = {
    "vi": "Hội nghị kết nối cung cầu sản phẩm OCOP vùng miền năm 2020 tại tỉnh Sóc Trăng, "
    "Hợp tác xã Nông nghiệp Mỹ Xuyên và Công ty TNHH Thương mại Dịch vụ Bách Hóa Xanh",
    "en": "Supply and demand connection conference for OCOP products of the Mekong Delta provinces, "
    "Soc Trang 2020, with the Saigon Co.op and Central Retail buyers' delegation",
}
# 60 lengths, from a one-word name to one that folds over three lines.
LENGTHS = range(3, 183, 3)
SENDER = "eventapp <no-reply@eventapp.local>"


def _subject(kind: str, language: str, name: str, flag: bool) -> str:
    event = SimpleNamespace(name_in=lambda _language: name, timezone="Asia/Ho_Chi_Minh")
    other = SimpleNamespace(organisation=SimpleNamespace(name=name))
    starts = datetime(2020, 11, 20, 2, 0, tzinfo=UTC)
    meeting = SimpleNamespace(slot=SimpleNamespace(starts_at=starts, ends_at=starts + timedelta(minutes=20)))
    with force_locale(language):
        text = render_template(f"emails/{kind}.subject.txt", event=event, other=other, meeting=meeting, changed=flag, mutual=flag)
    return text.strip()


def _decoded(message) -> object:
    return message_from_bytes(bytes(message), policy=policy.default)


def test_every_kind_of_subject_decodes_to_the_text_written(app) -> None:
    assert "registration_approved" in SUBJECT_KINDS  # the templates were found from the tests' working directory
    checked = 0
    with app.test_request_context():
        for kind in SUBJECT_KINDS:
            for language, base in NAMES.items():
                for length in LENGTHS:
                    subject = _subject(kind, language, base[:length].strip(), flag=length % 2 == 0)
                    message = mail_delivery.build_message(
                        to="nguyen.van.a@example.vn", subject=subject, text="x", html="<p>x</p>", sender=SENDER
                    )
                    raw = bytes(message)
                    headers = raw.split(b"\n\n", 1)[0].replace(b"\r", b"").split(b"\n")
                    assert all(len(line) <= 78 for line in headers), raw
                    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject, raw
                    checked += 1
    assert checked == len(SUBJECT_KINDS) * 2 * 60


@pytest.mark.parametrize("length", LENGTHS)
def test_sender_display_names_keep_their_spaces(app, length: int) -> None:
    for base in NAMES.values():
        name = base[:length].strip()
        to, sender = str(Address("Nguyễn Văn A", "a", "example.vn")), str(Address(name, "no-reply", "eventapp.vn"))
        decoded = _decoded(mail_delivery.build_message(to=to, subject=name, text="x", html=None, sender=sender))
        assert decoded["From"].addresses[0].display_name == name
        assert decoded["To"].addresses[0].display_name == "Nguyễn Văn A"
        assert decoded["Subject"] == name


def test_a_delivered_message_reads_back_exactly(app, db, outbox, make_event) -> None:
    subject = "Đăng ký đã được duyệt: " + NAMES["vi"]
    email = mail.Email(to="a@example.vn", subject=subject, text="Kính gửi Ông/Bà", html="<p>Kính gửi</p>")
    mail.queue(db, email, event_id=make_event().id)
    db.commit()
    (message,) = outbox()
    assert message["Subject"] == subject
    assert message.get_body(("plain",)).get_content().strip() == "Kính gửi Ông/Bà"


def test_a_rolled_back_savepoint_drops_only_what_was_queued_inside_it(app, db, outbox, make_event) -> None:
    event_id = make_event().id

    def email(to: str) -> None:
        mail.queue(db, mail.Email(to=to, subject="x", text="x"), event_id=event_id)

    email("before@example.vn")
    savepoint = db.begin_nested()
    email("inside@example.vn")
    inner = db.begin_nested()
    email("deeper@example.vn")
    inner.commit()
    savepoint.rollback()
    kept = db.begin_nested()
    email("released@example.vn")
    kept.commit()
    assert outbox() == [], "a released savepoint is not the transaction's commit"
    email("after@example.vn")
    db.commit()
    assert sorted(message["To"] for message in outbox()) == ["after@example.vn", "before@example.vn", "released@example.vn"]


def test_a_rolled_back_transaction_sends_nothing(app, db, outbox, make_event) -> None:
    event_id = make_event().id
    mail.queue(db, mail.Email(to="a@example.vn", subject="x", text="x"), event_id=event_id)
    with db.begin_nested():
        mail.queue(db, mail.Email(to="b@example.vn", subject="x", text="x"), event_id=event_id)
    db.rollback()
    db.commit()
    assert outbox() == []
