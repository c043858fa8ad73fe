"""Re-runs after publication: the problem's ``previous``, keepable meetings and ``moved``."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventapp.domain.scheduling import PreviousMeeting, Problem, ProblemError, Schedule, evaluate, solve, validate
from eventapp.domain.scheduling.search import KEPT_MEETING_WEIGHT
from tests.shared_tools import checker
from tests.unit.test_scheduling_properties import QUICK, problems

ROOMY = 2.0
"""Small problems converge long before this, so a re-run and a run from scratch both
reach their best."""


def make_raw(
    people: list,
    requests: list,
    previous: list,
    n_slots: int = 2,
    tables: list[str] | None = None,
    objective: str = "fair",
) -> dict:
    """Participants as ids or dicts, requests as (a, b, weight), previous as (a, b, slot, table)."""
    return {
        "slots": [{"id": f"s{i}", "start": f"2020-11-20T{9 + i:02d}:00:00+07:00"} for i in range(n_slots)],
        "tables": [{"id": t} for t in tables or []],
        "participants": [p if isinstance(p, dict) else {"id": p} for p in people],
        "requests": [{"a": a, "b": b, "weight": w} for a, b, w in requests],
        "previous": [{"a": a, "b": b, "slot": s, "table": t} for a, b, s, t in previous],
        "objective": objective,
    }


def placed(schedule: Schedule) -> set[tuple[frozenset[str], str]]:
    return {(m.pair, m.slot) for m in schedule.meetings}


def test_previous_is_read_and_written_in_the_exchange_format() -> None:
    raw = make_raw(["a", "b"], [("a", "b", 1)], [("a", "b", "s1", None), ("a", "gone", "s9", "T9")])

    problem = Problem.from_json(raw)

    assert problem.previous == (PreviousMeeting("a", "b", "s1"), PreviousMeeting("a", "gone", "s9", "T9"))
    assert Problem.from_json(problem.to_json()) == problem
    assert "previous" not in Problem.from_json({**raw, "previous": []}).to_json()


def test_a_malformed_previous_meeting_names_the_field() -> None:
    with pytest.raises(ProblemError) as caught:
        Problem.from_json(make_raw(["a", "b"], [("a", "b", 1)], [("a", "b", 3, None)]))

    assert "previous[0].slot" in caught.value.fields


@pytest.mark.parametrize(
    ("meeting", "keepable"),
    [
        (("a", "b", "s0", "P1"), True),
        (("a", "b", "s0", "H"), False),  # a host's table is not a pool table
        (("a", "gone", "s0", "P1"), False),  # cancelled
        (("a", "c", "s0", "P1"), False),  # no longer requested
        (("a", "late", "s0", "P1"), False),  # no longer available then
        (("a", "late", "s1", "P1"), True),
        (("a", "b", "s7", "P1"), False),  # the slot went
        (("host", "b", "s0", "H"), True),
        (("host", "b", "s0", "P1"), False),  # a host meets at its own table
    ],
)
def test_keepable_follows_the_format(meeting: tuple, keepable: bool) -> None:
    problem = Problem.from_json(
        make_raw(
            ["a", "b", "c", {"id": "late", "available": ["s1"]}, {"id": "host", "table": "H"}],
            [("a", "b", 1), ("a", "late", 1), ("host", "b", 1)],
            [meeting],
            tables=["P1", "H"],
        )
    )

    assert problem.keepable(problem.previous[0]) is keepable


def test_a_rerun_keeps_every_meeting_that_can_stay_and_its_table() -> None:
    """A run from scratch would start the day with the heaviest meeting; the published one stays."""
    raw = make_raw(
        ["x", "b", "c", "d"],
        [("x", "b", 1), ("x", "c", 3), ("b", "d", 1)],
        [("x", "b", "s0", "P2"), ("x", "c", "s1", "P1"), ("b", "d", "s1", "P2")],
        tables=["P1", "P2"],
    )

    schedule = solve(Problem.from_json(raw), time_limit=QUICK)

    assert {(m.a, m.b, m.slot, m.table) for m in schedule.meetings} == {
        ("x", "b", "s0", "P2"),
        ("x", "c", "s1", "P1"),
        ("b", "d", "s1", "P2"),
    }
    assert (schedule.stats.previous, schedule.stats.keepable, schedule.stats.moved) == (3, 3, 0)
    assert schedule.to_json()["stats"]["moved"] == 0


def late_arrival(objective: str, new_weight: int) -> Problem:
    """x met c at s1; d came late (s1 only) and asks x: feeding d moves x-c to s0."""
    return Problem.from_json(
        make_raw(
            ["x", "c", {"id": "d", "available": ["s1"]}],
            [("x", "c", 1), ("x", "d", new_weight)],
            [("x", "c", "s1", None)],
            objective=objective,
        )
    )


def test_fair_moves_a_meeting_to_feed_a_starved_participant() -> None:
    schedule = solve(late_arrival("fair", 1), time_limit=QUICK)

    assert placed(schedule) == {(frozenset("xc"), "s0"), (frozenset("xd"), "s1")}
    assert (schedule.stats.starved, schedule.stats.moved) == (0, 1)


def test_weight_moves_a_meeting_only_for_more_weight_than_it_is_worth() -> None:
    worth_it = solve(late_arrival("weight", KEPT_MEETING_WEIGHT + 1), time_limit=QUICK)
    not_worth_it = solve(late_arrival("weight", KEPT_MEETING_WEIGHT), time_limit=QUICK)

    assert worth_it.stats.moved == 1 and worth_it.stats.weight == KEPT_MEETING_WEIGHT + 2
    assert placed(not_worth_it) == {(frozenset("xc"), "s1")}
    assert not_worth_it.stats.moved == 0


def test_published_meetings_that_clash_keep_the_heavier() -> None:
    """An organiser's hand-made ``previous`` may double-book someone: one of the two must go."""
    raw = make_raw(["x", "b", "c"], [("x", "b", 1), ("x", "c", 2)], [("x", "b", "s0", None), ("x", "c", "s0", None)], n_slots=1)

    schedule = solve(Problem.from_json(raw), time_limit=QUICK)

    assert placed(schedule) == {(frozenset("xc"), "s0")}
    assert schedule.stats.moved == 1


@st.composite
def after_publication(draw: st.DrawFn) -> tuple[Problem, Problem]:
    """A problem solved and published, then as perturb.py changes it: some people
    cancel, some lose their first slots, a few requests come in; and the same
    problem without ``previous``, for a run from scratch."""
    problem = draw(problems())
    published = solve(problem, time_limit=ROOMY)
    raw = problem.to_json()
    ids = [p.id for p in problem.participants]
    gone = set(draw(st.lists(st.sampled_from(ids), max_size=2))) if ids else set()
    locked_people = {x for m in problem.locked for x in (m.a, m.b)} - gone
    raw["participants"] = [p for p in raw["participants"] if p["id"] not in gone]
    raw["requests"] = [r for r in raw["requests"] if r["a"] not in gone and r["b"] not in gone]
    raw["locked"] = [m for m in raw["locked"] if m["a"] not in gone and m["b"] not in gone]
    slot_ids = [s["id"] for s in raw["slots"]]
    for person in raw["participants"]:
        if person["id"] not in locked_people and draw(st.integers(0, 4)) == 0:
            available = person.get("available", slot_ids)
            person["available"] = available[2:] if len(available) > 3 else available
    staying = [p["id"] for p in raw["participants"]]
    asked = {frozenset((r["a"], r["b"])) for r in raw["requests"]}
    new_pairs = [(a, b) for i, a in enumerate(staying) for b in staying[i + 1 :] if frozenset((a, b)) not in asked]
    if new_pairs:
        for a, b in draw(st.lists(st.sampled_from(new_pairs), unique=True, max_size=2)):
            raw["requests"].append({"a": a, "b": b, "weight": draw(st.integers(1, 3))})
    raw["previous"] = [m.to_json() for m in published.meetings]
    scratch = {key: value for key, value in raw.items() if key != "previous"}
    return Problem.from_json(raw), Problem.from_json(scratch)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(after_publication())
def test_a_rerun_keeps_the_locked_and_moves_no_more_than_a_run_from_scratch(problems: tuple[Problem, Problem]) -> None:
    problem, without_previous = problems
    rerun = solve(problem, time_limit=ROOMY)
    scratch = evaluate(problem, solve(without_previous, time_limit=ROOMY).meetings)

    assert validate(problem, rerun.meetings) == []
    locked = {(m.pair, m.slot, m.table) for m in problem.locked}
    assert locked <= {(m.pair, m.slot, m.table) for m in rerun.meetings}
    assert rerun.stats.moved <= scratch.moved
    if problem.objective.value == "fair":
        assert rerun.stats.starved <= scratch.starved


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(after_publication())
def test_the_shared_checker_counts_the_same_keepable_and_moved(problems: tuple[Problem, Problem]) -> None:
    CHECK = checker()
    problem, without_previous = problems
    for schedule in (solve(problem, time_limit=QUICK), solve(without_previous, time_limit=QUICK)):
        ours = evaluate(problem, schedule.meetings)
        figures = CHECK.figures(CHECK.Problem(problem.to_json()), schedule.to_json())

        assert (figures.get("previous", 0), figures.get("keepable", 0), figures.get("moved", 0)) == (
            ours.previous,
            ours.keepable,
            ours.moved,
        )
