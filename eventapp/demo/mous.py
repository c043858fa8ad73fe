"""Demo step: the MoUs signed at the conferences, as the press reported them,
and an official's account to read the summary.

Sóc Trăng 2020: 14 between the provincial Department of Industry and Trade
and other provinces' departments, 8 between the Department and supermarkets
and retail chains, 34 between Sóc Trăng enterprises and the 8 large
distributors. Buôn Ma Thuột 2019: one among the departments of the Central
and Central Highlands provinces, and one by Đại Hưng Phát with 13 businesses
and cooperatives. Sóc Trăng 2021 (invented): 17, 8 and 45 of the same kinds.

Parties are the organisations the people step registered, found by name
and province; one that is missing is created. MoUs are recorded through the service, as an organiser of the event, so
they carry an audit trail like any other. The counts come from the reports;
the values of the business MoUs are invented (the reports give none).
An event that has MoUs already is left as it is.

Where the meetings step scheduled a producer with the distributor it signs
with, that meeting is recorded as held and ending in a deal, and the MoU
names it as the meeting it came from (a few, in MoU order).
"""

import functools
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.demo import catalogue_2021
from eventapp.demo.catalogue import DEMO_DOMAIN
from eventapp.demo.result import DemoResult
from eventapp.domain import provinces
from eventapp.domain.mous import MAX_PARTIES, MouInput, PartyInput
from eventapp.domain.vocabulary import EventRole
from eventapp.models import Event, Meeting, MeetingSlot, Membership, Mou, Organisation, Participant, Product, User
from eventapp.services import meeting_outcomes, mous

OFFICIAL = (f"official@{DEMO_DOMAIN}", "demo-van-phong-2020", "Văn phòng UBND tỉnh Sóc Trăng")
EVENT_KEYS = ("soctrang", "buonmathuot", "soctrang2021")

SOC_TRANG_DEPARTMENT = ("Sở Công Thương tỉnh Sóc Trăng", "government", "soc-trang")
# The eight large distributors the Sóc Trăng report names, with their seats.
DISTRIBUTORS = (
    ("Liên hiệp HTX Thương mại TP. Hồ Chí Minh (Saigon Co.op)", "ho-chi-minh"),
    ("Tập đoàn Central Retail Việt Nam (Siêu thị Big C)", "ho-chi-minh"),
    ("Công ty TNHH MM Mega Market Việt Nam", "ho-chi-minh"),
    ("Công ty TNHH Bán lẻ BRG", "ha-noi"),
    ("Công ty CP Thương mại Bách Hóa Xanh", "ho-chi-minh"),
    ("Công ty CP VINAGREENCO (VGC)", "ha-noi"),
    ("Công ty TNHH XNK Trái cây Chánh Thu", "ben-tre"),
    ("Siêu thị Tứ Sơn", "soc-trang"),
)
# Departments that signed with Sóc Trăng when the people step registered fewer than 14.
NEIGHBOUR_PROVINCES = (
    "can-tho",
    "hau-giang",
    "bac-lieu",
    "ca-mau",
    "kien-giang",
    "an-giang",
    "dong-thap",
    "vinh-long",
    "tra-vinh",
    "ben-tre",
    "tien-giang",
    "long-an",
    "ho-chi-minh",
    "ha-noi",
    "lam-dong",
    "dak-lak",
)
CENTRAL_HIGHLANDS = (
    "dak-lak",
    "gia-lai",
    "kon-tum",
    "dak-nong",
    "lam-dong",
    "da-nang",
    "quang-nam",
    "quang-ngai",
    "binh-dinh",
    "phu-yen",
    "khanh-hoa",
)
DAI_HUNG_PHAT = ("Công ty TNHH Sản xuất thương mại dịch vụ xuất nhập khẩu Đại Hưng Phát", "ho-chi-minh")
PRODUCER_KINDS = ("enterprise", "cooperative", "household")
BUSINESS_VALUES = (350, 500, 650, 800, 1_200, 420, 900, 1_500, 280)  # millions of đồng, in turn
# Business MoUs linked to the meeting they came from: enough to see the link
# on the board, the MoU pages and the agendas, few enough to leave the rest of
# the draft schedule free to move.
LINKED_MEETINGS = 5
DEAL_NOTE = "Hai bên thống nhất ký biên bản ghi nhớ tại hội nghị."


@dataclass(frozen=True)
class _Party:
    name: str
    kind: str
    province: str

    def as_input(self) -> PartyInput:
        return PartyInput(name=self.name, kind=self.kind, province=self.province)


def seed(session: so.Session, result: DemoResult) -> None:
    email, password, full_name = OFFICIAL
    for key in EVENT_KEYS:
        if key in result.events:
            result.add_account(session, email, password, role=EventRole.OFFICIAL.value, event_key=key, full_name=full_name)
    recorders = {
        "soctrang": _soc_trang,
        "buonmathuot": _buon_ma_thuot,
        "soctrang2021": functools.partial(
            _soc_trang, departments=catalogue_2021.GOVERNMENT_MOUS, business_pairs=catalogue_2021.BUSINESS_MOUS
        ),
    }
    for key, record in recorders.items():
        event = result.events.get(key)
        if event is None or session.scalar(sa.select(Mou.id).where(Mou.event_id == event.id).limit(1)):
            continue
        recorded = record(session, event, _recorder(session, event))
        result.loaded.append(f"event {event.id}: {recorded} signed MoUs")


def _recorder(session: so.Session, event: Event) -> User:
    """An organiser of the event (or an administrator) records the MoUs."""
    user = session.scalar(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.event_id == event.id, Membership.role == EventRole.ORGANISER.value)
        .order_by(User.id)
        .limit(1)
    )
    user = user or session.scalar(sa.select(User).where(User.is_admin.is_(True)).order_by(User.id).limit(1))
    if user is None:
        raise RuntimeError("the demo's MoUs need an organiser of the event or an administrator")
    return user


def _record(
    session: so.Session,
    actor: User,
    event: Event,
    *,
    title: str,
    category: str,
    parties: list[_Party],
    signed_on: date,
    value_vnd: int | None = None,
    product_groups: tuple[str, ...] = (),
    notes: str = "",
    meeting_id: int | None = None,
) -> None:
    mous.record_mou(
        session,
        actor,
        event.id,
        MouInput(
            title=title,
            category=category,
            parties=tuple(party.as_input() for party in parties),
            signed_on=signed_on,
            value_vnd=value_vnd,
            product_groups=product_groups,
            notes=notes,
            meeting_id=meeting_id,
        ),
    )


def _meetings_by_pair(session: so.Session, event: Event) -> dict[frozenset[tuple[str, str]], Meeting]:
    """The event's meetings by the (name, province) of both organisations,
    the earliest when a pair met twice."""
    found: dict[frozenset[tuple[str, str]], Meeting] = {}
    for meeting in session.scalars(
        sa.select(Meeting).join(Meeting.slot).where(Meeting.event_id == event.id).order_by(MeetingSlot.starts_at, Meeting.id)
    ):
        pair = frozenset(
            (person.organisation.name, person.organisation.province) for person in (meeting.participant_a, meeting.participant_b)
        )
        found.setdefault(pair, meeting)
    return found


def _deal_meeting(session: so.Session, actor: User, event: Event, meeting: Meeting | None) -> int | None:
    """Record the meeting as held, ending in a deal; its id for the MoU."""
    if meeting is None:
        return None
    meeting_outcomes.record_outcome(
        session, actor, event.id, meeting.id, meeting_outcomes.OutcomeInput(attendance="held", interest="deal", note=DEAL_NOTE)
    )
    return meeting.id


def _organisations(session: so.Session, event: Event, *conditions: sa.ColumnElement[bool]) -> list[Organisation]:
    """Organisations with approved participants at the event, in name order."""
    return list(
        session.scalars(
            sa.select(Organisation)
            .where(
                Organisation.id.in_(
                    sa.select(Participant.organisation_id).where(
                        Participant.event_id == event.id, Participant.status == "approved"
                    )
                ),
                *conditions,
            )
            .order_by(Organisation.province, Organisation.name)
        )
    )


def _departments(
    session: so.Session, event: Event, wanted: int, fallback: tuple[str, ...], exclude: str | None = None
) -> list[_Party]:
    """Provincial Departments of Industry and Trade of the event, completed
    from ``fallback`` provinces when fewer registered."""
    found = [
        _Party(o.name, o.kind, o.province)
        for o in _organisations(session, event, Organisation.kind == "government", Organisation.name.startswith("Sở Công Thương"))
        if o.province != exclude
    ]
    # The nearest provinces (the order of ``fallback``) sign first.
    found.sort(key=lambda party: fallback.index(party.province) if party.province in fallback else len(fallback))
    provinces_taken = {party.province for party in found}
    for code in fallback:
        if len(found) >= wanted:
            break
        if code != exclude and code not in provinces_taken:
            found.append(_Party(_department_name(code), "government", code))
    return found[:wanted]


def _department_name(code: str) -> str:
    if code == "ho-chi-minh":
        return "Sở Công Thương TP. Hồ Chí Minh"
    where = "thành phố" if code in {"ha-noi", "can-tho", "da-nang", "hai-phong"} else "tỉnh"
    return f"Sở Công Thương {where} {provinces.BY_CODE[code].name_vi}"


def _producer_groups(session: so.Session, event: Event, organisation: Organisation) -> tuple[str, ...]:
    return tuple(
        session.scalars(
            sa.select(Product.group)
            .join(Participant, Participant.id == Product.participant_id)
            .where(Participant.event_id == event.id, Participant.organisation_id == organisation.id)
            .distinct()
        )
    )


def _first_product(session: so.Session, event: Event, organisation: Organisation) -> str | None:
    return session.scalar(
        sa.select(Product.name)
        .join(Participant, Participant.id == Product.participant_id)
        .where(Participant.event_id == event.id, Participant.organisation_id == organisation.id)
        .order_by(Product.id)
        .limit(1)
    )


def _soc_trang(session: so.Session, event: Event, actor: User, departments: int = 14, business_pairs: int = 34) -> int:
    host = _Party(*SOC_TRANG_DEPARTMENT)
    day, second_day = event.starts_on, event.ends_on
    signing = _departments(session, event, departments, NEIGHBOUR_PROVINCES, exclude="soc-trang")
    for department in signing:
        _record(
            session,
            actor,
            event,
            category="gov-gov",
            parties=[host, department],
            signed_on=day,
            title="Biên bản ghi nhớ hợp tác kết nối cung cầu, tiêu thụ sản phẩm OCOP và đặc sản vùng miền",
            notes="Trao đổi thông tin thị trường, hỗ trợ doanh nghiệp hai tỉnh tham gia hội chợ, "
            "đưa sản phẩm OCOP vào hệ thống phân phối của nhau.",
        )
    distributors = [_Party(name, "distributor", province) for name, province in DISTRIBUTORS]
    for distributor in distributors:
        _record(
            session,
            actor,
            event,
            category="gov-business",
            parties=[host, distributor],
            signed_on=day,
            title="Biên bản ghi nhớ hợp tác đưa sản phẩm OCOP, đặc sản tỉnh Sóc Trăng vào hệ thống phân phối",
            product_groups=("beverage", "food", "herbal"),
        )
    producers = _organisations(session, event, Organisation.province == "soc-trang", Organisation.kind.in_(PRODUCER_KINDS))
    meetings = _meetings_by_pair(session, event)
    linked = 0
    for number in range(business_pairs):
        distributor = distributors[number % len(distributors)]
        if number < len(producers):
            producer = producers[number]
            party = _Party(producer.name, producer.kind, producer.province)
            product = _first_product(session, event, producer) or "sản phẩm OCOP"
            groups = _producer_groups(session, event, producer) or ("food",)
        else:
            party = _Party(f"Cơ sở sản xuất đặc sản Sóc Trăng số {number + 1}", "household", "soc-trang")
            product, groups = "sản phẩm OCOP", ("food",)
        meeting = meetings.get(frozenset({(party.name, party.province), (distributor.name, distributor.province)}))
        meeting_id = _deal_meeting(session, actor, event, meeting) if linked < LINKED_MEETINGS else None
        linked += meeting_id is not None
        _record(
            session,
            actor,
            event,
            category="business-business",
            parties=[party, distributor],
            signed_on=day if number % 2 == 0 else second_day,
            title=f"Biên bản ghi nhớ hợp tác kinh doanh, tiêu thụ {product}",
            value_vnd=BUSINESS_VALUES[number % len(BUSINESS_VALUES)] * 1_000_000,
            product_groups=groups,
            meeting_id=meeting_id,
        )
    return len(signing) + len(distributors) + business_pairs


def _buon_ma_thuot(session: so.Session, event: Event, actor: User) -> int:
    # Every department of the region that came signs; the report names none.
    departments = _departments(session, event, MAX_PARTIES, CENTRAL_HIGHLANDS)
    _record(
        session,
        actor,
        event,
        category="gov-gov",
        parties=departments,
        signed_on=event.starts_on,
        title="Biên bản ghi nhớ hợp tác phát triển sản xuất và kết nối tiêu thụ sản phẩm OCOP khu vực miền Trung – Tây Nguyên",
        product_groups=("beverage", "food", "handicraft", "herbal"),
    )
    signer = _Party(DAI_HUNG_PHAT[0], "distributor", DAI_HUNG_PHAT[1])
    partners = [
        _Party(o.name, o.kind, o.province) for o in _organisations(session, event, Organisation.kind.in_(PRODUCER_KINDS))
    ][:13]
    for number in range(len(partners), 13):
        partners.append(_Party(f"HTX Nông nghiệp OCOP Tây Nguyên số {number + 1}", "cooperative", "dak-lak"))
    _record(
        session,
        actor,
        event,
        category="business-business",
        parties=[signer, *partners],
        signed_on=event.starts_on,
        title="Biên bản ghi nhớ phát triển sản xuất và kết nối tiêu thụ sản phẩm OCOP vào các điểm bán",
        product_groups=("beverage", "food"),
        notes="Đại Hưng Phát đưa sản phẩm OCOP của 13 doanh nghiệp, hợp tác xã vào các điểm giới thiệu và bán sản phẩm.",
    )
    return 2
