"""Reading, checking and writing the problem exchange format."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventapp.domain.errors import DomainError
from eventapp.domain.scheduling import (
    LockedMeeting,
    Objective,
    Participant,
    Problem,
    ProblemError,
    Request,
    Side,
    Slot,
    Table,
)

TZ = timezone(timedelta(hours=7))


def raw_problem(**overrides: object) -> dict:
    raw: dict = {
        "name": "tiny",
        "slots": [
            {"id": "d1-0900", "start": "2020-11-20T09:00:00+07:00", "end": "2020-11-20T09:20:00+07:00"},
            {"id": "d1-0925", "start": "2020-11-20T09:25:00+07:00", "end": "2020-11-20T09:45:00+07:00"},
        ],
        "tables": [{"id": "T01"}, {"id": "T02"}],
        "participants": [
            {"id": "b1", "side": "buyer", "available": ["d1-0900"], "max_meetings": 12, "table": "T01"},
            {"id": "s1", "side": "seller"},
            {"id": "s2", "side": "seller"},
        ],
        "requests": [{"a": "s1", "b": "b1", "weight": 3}, {"a": "s1", "b": "s2"}],
        "locked": [{"a": "s1", "b": "b1", "slot": "d1-0900", "table": "T01"}],
        "objective": "weight",
    }
    raw.update(overrides)
    return raw


def test_reads_every_field_of_the_format() -> None:
    problem = Problem.from_json(raw_problem())

    assert problem.name == "tiny"
    assert problem.slots[0] == Slot(
        "d1-0900",
        datetime(2020, 11, 20, 9, 0, tzinfo=TZ),
        datetime(2020, 11, 20, 9, 20, tzinfo=TZ),
    )
    assert problem.tables == (Table("T01"), Table("T02"))
    assert problem.participants[0] == Participant("b1", Side.BUYER, ("d1-0900",), 12, "T01")
    assert problem.participants[1] == Participant("s1", Side.SELLER)
    assert problem.requests == (Request("s1", "b1", 3), Request("s1", "s2", 1))
    assert problem.locked == (LockedMeeting("s1", "b1", "d1-0900", "T01"),)
    assert problem.objective is Objective.WEIGHT


def test_json_round_trip_keeps_the_problem() -> None:
    problem = Problem.from_json(raw_problem())

    assert Problem.from_json(problem.to_json()) == problem


def test_optional_fields_take_the_documented_defaults() -> None:
    problem = Problem.from_json(
        {
            "slots": [{"id": "x"}],
            "participants": [{"id": "a"}, {"id": "b"}],
            "requests": [{"a": "a", "b": "b"}],
        }
    )

    assert problem.objective is Objective.FAIR
    assert problem.tables == () and problem.locked == ()
    assert problem.requests[0].weight == 1
    assert problem.participants[0].side is Side.ANY
    assert problem.meeting_cap("a") == 1


def test_pool_tables_are_those_nobody_hosts() -> None:
    problem = Problem.from_json(raw_problem())

    assert problem.pool_tables == ("T02",)
    assert problem.table_need("s1", "s2").kind.value == "pool"
    assert problem.table_need("b1", "s1").host_table == "T01"


def test_problem_error_is_a_domain_error_with_fields() -> None:
    with pytest.raises(ProblemError) as caught:
        Problem.from_json(raw_problem(requests=[{"a": "s1", "b": "nobody"}], locked=[]))

    assert isinstance(caught.value, DomainError)
    assert caught.value.fields == {"requests[0].b": "unknown participant 'nobody'"}
    assert "nobody" in caught.value.message


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"slots": "soon"}, "slots"),
        ({"participants": None}, "participants"),
        ({"slots": [{"id": ""}]}, "slots[0].id"),
        ({"slots": [{"id": "x", "start": "yesterday"}]}, "slots[0].start"),
        ({"objective": "speed"}, "objective"),
        ({"requests": [{"a": "s1", "b": "b1", "weight": "3"}]}, "requests[0].weight"),
        ({"requests": [{"a": "s1", "b": "b1", "weight": True}]}, "requests[0].weight"),
        ({"requests": [{"a": "s1", "b": "b1", "weight": 0}], "locked": []}, "requests[0].weight"),
        ({"requests": [{"a": "s1", "b": "s1"}], "locked": []}, "requests[0].b"),
        ({"requests": [{"a": "s1", "b": "s2"}, {"a": "s2", "b": "s1"}], "locked": []}, "requests[1]"),
        ({"tables": [{"id": "T01"}, {"id": "T01"}]}, "tables[1].id"),
    ],
)
def test_malformed_input_names_the_field(overrides: dict, field: str) -> None:
    with pytest.raises(ProblemError) as caught:
        Problem.from_json(raw_problem(**overrides))

    assert field in caught.value.fields


def test_a_problem_must_be_an_object() -> None:
    with pytest.raises(ProblemError):
        Problem.from_json(["not", "a", "problem"])


def test_slots_must_be_in_time_order() -> None:
    slots = raw_problem()["slots"][::-1]

    with pytest.raises(ProblemError) as caught:
        Problem.from_json(raw_problem(slots=slots, locked=[]))

    assert "slots[1].start" in caught.value.fields


@pytest.mark.parametrize(
    "slots",
    [
        [{"id": "x", "start": "2020-11-20T09:00:00+07:00", "end": "2020-11-20T09:20:00"}],
        [{"id": "x", "start": "2020-11-20T09:00:00+07:00"}, {"id": "y", "start": "2020-11-20T09:30:00"}],
    ],
)
def test_slot_times_all_have_a_time_zone_or_none_has(slots: list) -> None:
    with pytest.raises(ProblemError) as caught:
        Problem.from_json(raw_problem(slots=slots, participants=[], requests=[], locked=[]))

    assert "has no time zone" in next(iter(caught.value.fields.values()))


def test_participant_references_are_checked() -> None:
    people = [{"id": "a", "available": ["nope"], "max_meetings": -1, "table": "T9"}, {"id": "b"}]

    with pytest.raises(ProblemError) as caught:
        Problem.from_json(raw_problem(participants=people, requests=[], locked=[]))

    assert set(caught.value.fields) == {
        "participants[0].available",
        "participants[0].max_meetings",
        "participants[0].table",
    }


@pytest.mark.parametrize(
    ("locked", "field"),
    [
        ({"a": "s2", "b": "b1", "slot": "d1-0900", "table": "T01"}, "locked[0]"),
        ({"a": "s1", "b": "b1", "slot": "d1-0925", "table": "T01"}, "locked[0].slot"),
        ({"a": "s1", "b": "b1", "slot": "d1-0900", "table": "T02"}, "locked[0].table"),
        ({"a": "s1", "b": "s2", "slot": "d1-0900", "table": "T01"}, "locked[0].table"),
        ({"a": "s1", "b": "s2", "slot": "d1-0900", "table": None}, "locked[0].table"),
        ({"a": "s1", "b": "b1", "slot": "d1-1200", "table": "T01"}, "locked[0].slot"),
    ],
)
def test_locked_meetings_must_obey_the_hard_rules(locked: dict, field: str) -> None:
    with pytest.raises(ProblemError) as caught:
        Problem.from_json(raw_problem(locked=[locked]))

    assert field in caught.value.fields


def test_two_locked_meetings_cannot_share_a_participant_and_slot() -> None:
    locked = [
        {"a": "s1", "b": "b1", "slot": "d1-0900", "table": "T01"},
        {"a": "s1", "b": "s2", "slot": "d1-0900", "table": "T02"},
    ]

    with pytest.raises(ProblemError) as caught:
        Problem.from_json(raw_problem(locked=locked))

    assert "locked[1].slot" in caught.value.fields


def test_locked_meetings_count_against_max_meetings() -> None:
    people = [{"id": "b1", "table": "T01", "max_meetings": 0}, {"id": "s1"}, {"id": "s2"}]

    with pytest.raises(ProblemError) as caught:
        Problem.from_json(raw_problem(participants=people))

    assert "locked" in caught.value.fields


def test_dataclasses_built_directly_are_checked_too() -> None:
    with pytest.raises(ProblemError):
        Problem(slots=(Slot("x"),), participants=(Participant("a"),), requests=(Request("a", "b"),))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False)
    | st.sampled_from(["", "x", "a", "b", "T01", "d1-0900", "fair", "buyer", "2020-11-20T09:00:00+07:00", "2020-11-20T09:00:00"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "a", "b", "slot", "table", "weight", "side", "available", "max_meetings", "start", "end"]),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {}, optional={key: json_values for key in ("slots", "tables", "participants", "requests", "locked", "objective", "name")}
    )
)
def test_any_json_gives_a_problem_or_a_problem_error(data: dict) -> None:
    try:
        Problem.from_json(data)
    except ProblemError as error:
        assert error.fields
