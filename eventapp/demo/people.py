"""The first demo step: the events, the staff accounts, and everyone who
registered (distributors, producers with their OCOP products, delegates of
the provincial Departments of Industry and Trade, central agencies, press),
and the series of the two Sóc Trăng conferences (2020 and 2021).

An event that exists already is left as it is, participants and all.
"""

import functools
import random
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.demo import catalogue, catalogue_2021
from eventapp.demo.catalogue import DEMO_DOMAIN, EventSpec, ProvinceProducers
from eventapp.demo.result import DemoResult
from eventapp.domain import provinces
from eventapp.domain.registration import OrganisationInput
from eventapp.domain.text import fold, name_key
from eventapp.domain.vocabulary import ParticipantStatus
from eventapp.models import Event, EventSeries, Organisation, Participant, Product
from eventapp.services.registration import organisation_for, search_text_for

ADMIN = (f"admin@{DEMO_DOMAIN}", "demo-quantri-2020", "Quản trị eventapp")
ORGANISERS = {
    "soctrang": (f"bantochuc.soctrang@{DEMO_DOMAIN}", "demo-soctrang-2020", "Ban tổ chức Hội nghị Sóc Trăng 2020"),
    "buonmathuot": (f"bantochuc.buonmathuot@{DEMO_DOMAIN}", "demo-buonmathuot-2019", "Ban tổ chức Hội nghị Buôn Ma Thuột 2019"),
    # The same organisers ran both Sóc Trăng conferences.
    "soctrang2021": (f"bantochuc.soctrang@{DEMO_DOMAIN}", "demo-soctrang-2020", "Ban tổ chức Hội nghị Sóc Trăng 2020"),
}
SOC_TRANG_SERIES = ("soctrang", "soctrang2021")

APPROVED = ParticipantStatus.APPROVED.value
PENDING = ParticipantStatus.PENDING.value
REJECTED = ParticipantStatus.REJECTED.value
CANCELLED = ParticipantStatus.CANCELLED.value


def seed(session: so.Session, result: DemoResult) -> None:
    email, password, full_name = ADMIN
    result.add_account(session, email, password, role="admin", full_name=full_name)
    for spec, populate in (
        (catalogue.SOC_TRANG, _soc_trang),
        (catalogue.BUON_MA_THUOT, _buon_ma_thuot),
        (catalogue_2021.SOC_TRANG_2021, _soc_trang_2021),
    ):
        event = session.scalar(sa.select(Event).where(Event.name == spec.name, Event.starts_on == spec.starts_on))
        if event is None:
            event = _create_event(session, spec)
            people = _People(session, event, random.Random(f"eventapp-demo-{spec.key}"))
            populate(people)
            session.add_all(people.participants)
            result.loaded.append(f"event {event.id}, {spec.name}: {len(people.participants)} participants")
        result.events[spec.key] = event
        email, password, full_name = ORGANISERS[spec.key]
        result.add_account(session, email, password, role="organiser", event_key=spec.key, full_name=full_name)
    _series(session, [result.events[key] for key in SOC_TRANG_SERIES])


def _series(session: so.Session, events: list[Event]) -> None:
    """Both Sóc Trăng conferences in one series (an event already in one stays there)."""
    series = session.scalar(sa.select(EventSeries).where(EventSeries.name == catalogue_2021.SERIES_NAME))
    if series is None:
        series = EventSeries(name=catalogue_2021.SERIES_NAME, name_en=catalogue_2021.SERIES_NAME_EN)
        session.add(series)
        session.flush()
    for event in events:
        if event.series_id is None:
            event.series_id = series.id


def _create_event(session: so.Session, spec: EventSpec) -> Event:
    event = Event(
        name=spec.name,
        venue=spec.venue,
        province=spec.province,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        registration_open=spec.registration_open,
        description=spec.description,
        name_en=spec.name_en,
        venue_en=spec.venue_en,
        description_en=spec.description_en,
    )
    session.add(event)
    session.flush()
    return event


class _People:
    """Builds one event's participants with one random generator, so the
    same event comes out the same every time."""

    REGISTRATION_DAYS = 35  # people register during the five weeks before the event

    def __init__(self, session: so.Session, event: Event, rng: random.Random) -> None:
        self.session = session
        self.event = event
        self.rng = rng
        self.participants: list[Participant] = []
        self.organisations: dict[tuple[str, str], Organisation] = {}
        self.booths = 0

    def person(self) -> str:
        if self.rng.random() < 0.5:
            middle, given = catalogue.MIDDLE_NAMES_FEMALE, catalogue.GIVEN_NAMES_FEMALE
        else:
            middle, given = catalogue.MIDDLE_NAMES_MALE, catalogue.GIVEN_NAMES_MALE
        return f"{self.rng.choice(catalogue.SURNAMES)} {self.rng.choice(middle)} {self.rng.choice(given)}"

    def organisation(self, name: str, kind: str, province: str) -> Organisation:
        key = (name_key(name), province)
        if key not in self.organisations:
            self.organisations[key] = organisation_for(self.session, OrganisationInput(name=name, kind=kind, province=province))
        return self.organisations[key]

    def business(self, province: str, trade: str, localities: tuple[str, ...]) -> Organisation:
        """A producer with a name not yet used in its province."""
        while True:
            pattern, kind = self.rng.choice(catalogue.NAME_PATTERNS)
            name = pattern.format(trade=trade, brand=self.rng.choice(catalogue.BRANDS), locality=self.rng.choice(localities))
            if (name_key(name), province) not in self.organisations:
                return self.organisation(name, kind, province)

    def registered_at(self) -> datetime:
        first_day = self.event.starts_on - timedelta(days=self.REGISTRATION_DAYS)
        moment = datetime.combine(first_day, time(1, 0), tzinfo=UTC) + timedelta(
            minutes=self.rng.randrange(self.REGISTRATION_DAYS * 24 * 60 - 24 * 60)
        )
        return moment

    def add(
        self,
        organisation: Organisation,
        role: str,
        position: str,
        *,
        status: str = APPROVED,
        products: list[tuple[str, str, int]] | None = None,
        language: str = "vi",
    ) -> Participant:
        full_name = self.person()
        number = len(self.participants) + 1
        local_part = ".".join(fold(full_name).split())
        booth = None
        if products and status == APPROVED:
            self.booths += 1
            booth = f"{'ABCDEFGH'[(self.booths - 1) // 40]}{(self.booths - 1) % 40 + 1:02d}"
        registered = self.registered_at()
        participant = Participant(
            # The event by id: setting the relationship would put the participant
            # into the session early, half built.
            event_id=self.event.id,
            organisation=organisation,
            full_name=full_name,
            email=f"{local_part}.{number}@{DEMO_DOMAIN}",
            position=position,
            role=role,
            status=status,
            language=language,
            booth=booth,
            created_at=registered,
            updated_at=registered if status == PENDING else registered + timedelta(days=2),
            products=[Product(name=name, group=group, stars=stars) for name, group, stars in products or ()],
        )
        participant.search_text = search_text_for(participant)
        self.participants.append(participant)
        return participant

    def status(self, weights: dict[str, float]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def stars(self) -> int:
        return self.rng.choices((3, 4), weights=(65, 35))[0]

    def producers(self, guests: tuple[ProvinceProducers, ...], statuses: dict[str, float]) -> None:
        for group in guests:
            for _ in range(group.businesses):
                organisation = self.business(group.province, self.rng.choice(catalogue.TRADES), group.localities)
                count = self.rng.choice((1, 2, 2, 3))
                products = [
                    (name, kind, self.stars()) for name, kind in self.rng.sample(group.products, min(count, len(group.products)))
                ]
                self.add(
                    organisation,
                    "exhibitor",
                    self.rng.choice(catalogue.PRODUCER_POSITIONS),
                    status=self.status(statuses),
                    products=products,
                )

    def departments(self, province_codes: list[str]) -> None:
        """Delegates of each province's Department of Industry and Trade."""
        for code in province_codes:
            organisation = self.organisation(department_name(code), "government", code)
            for position in self.rng.sample(catalogue.DEPARTMENT_POSITIONS, self.rng.choice((1, 1, 2))):
                self.add(organisation, "delegate", position)

    def distributors(self, distributors: tuple[tuple[str, str, int], ...]) -> None:
        for name, province, buyers in distributors:
            organisation = self.organisation(name, "distributor", province)
            for position in self.rng.sample(catalogue.BUYER_POSITIONS, buyers):
                self.add(organisation, "buyer", position)

    def agencies(self, agencies) -> None:
        for name, province, positions, role in agencies:
            organisation = self.organisation(name, "government", province)
            for index, position in enumerate(positions):
                self.add(organisation, role if index == 0 else "delegate", position)


def department_name(province_code: str) -> str:
    province = provinces.BY_CODE[province_code]
    if province_code == "ho-chi-minh":
        return "Sở Công Thương TP. Hồ Chí Minh"
    where = "thành phố" if province_code in catalogue.CITY_PROVINCES else "tỉnh"
    return f"Sở Công Thương {where} {province.name_vi}"


def _soc_trang(
    people: _People,
    specialities: tuple[catalogue.Speciality, ...] = catalogue.SOC_TRANG_SPECIALITIES,
    product_counts: tuple[int, ...] = catalogue.SOC_TRANG_PRODUCT_COUNTS,
    four_star_products: int = catalogue.SOC_TRANG_FOUR_STAR_PRODUCTS,
    guests: tuple[ProvinceProducers, ...] = catalogue.SOC_TRANG_GUESTS,
) -> None:
    rng = people.rng
    people.distributors(catalogue.SOC_TRANG_DISTRIBUTORS)
    # One buyer of the Thai-owned Central Retail reads English.
    next(p for p in people.participants if "Central Retail" in p.organisation.name).language = "en"
    people.agencies(catalogue.MINISTRY_AGENCIES)

    # The province's OCOP catalogue: 99 products of 52 businesses, 24 rated
    # four stars and 75 three stars.
    counts = list(product_counts)
    rng.shuffle(counts)
    four_star = set(rng.sample(range(sum(counts)), four_star_products))
    product_number = 0
    business_number = 0
    for speciality in specialities:
        for _ in range(speciality.businesses):
            organisation = people.business("soc-trang", speciality.trade, catalogue.SOC_TRANG_LOCALITIES)
            products = []
            for name, group in rng.sample(speciality.products, counts[business_number]):
                products.append((name, group, 4 if product_number in four_star else 3))
                product_number += 1
            business_number += 1
            # The province shows its whole OCOP catalogue: every local producer
            # is approved, so the post-event report gives the press release's figures.
            people.add(organisation, "exhibitor", rng.choice(catalogue.PRODUCER_POSITIONS), products=products)

    people.producers(guests, {APPROVED: 80, PENDING: 12, REJECTED: 4, CANCELLED: 4})
    people.agencies(catalogue.SOC_TRANG_DEPARTMENT)
    people.departments([group.province for group in guests])
    for name, province, kind, positions, role in catalogue.SOC_TRANG_OTHERS:
        organisation = people.organisation(name, kind, province)
        for position in positions:
            people.add(organisation, role, position)
    # A few delegates who registered on the public form in the last days.
    for code in rng.sample([group.province for group in guests], 4):
        people.add(people.organisation(department_name(code), "government", code), "delegate", "Chuyên viên", status=PENDING)


# The 2021 edition: the same programme, larger (invented figures).
_soc_trang_2021 = functools.partial(
    _soc_trang,
    specialities=catalogue_2021.SOC_TRANG_2021_SPECIALITIES,
    product_counts=catalogue_2021.SOC_TRANG_2021_PRODUCT_COUNTS,
    four_star_products=catalogue_2021.SOC_TRANG_2021_FOUR_STAR_PRODUCTS,
    guests=catalogue_2021.SOC_TRANG_2021_GUESTS,
)


def _buon_ma_thuot(people: _People) -> None:
    people.agencies(catalogue.BUON_MA_THUOT_AGENCIES)
    people.distributors(catalogue.BUON_MA_THUOT_DISTRIBUTORS)
    # The event is over: everyone came, except a few who cancelled.
    people.producers(catalogue.BUON_MA_THUOT_PRODUCERS, {APPROVED: 95, CANCELLED: 5})
    people.departments([group.province for group in catalogue.BUON_MA_THUOT_PRODUCERS])
