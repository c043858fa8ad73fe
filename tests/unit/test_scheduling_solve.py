"""``solve`` on small hand-made problems: edge cases, ties and reasons."""

from collections import Counter

import pytest

from eventapp.domain.scheduling import (
    Meeting,
    Objective,
    Problem,
    Reason,
    Schedule,
    evaluate,
    solve,
    validate,
)

QUICK = 0.3


def make_problem(
    n_slots: int = 3,
    people: list | None = None,
    requests: list | None = None,
    tables: list[str] | None = None,
    locked: list | None = None,
    objective: str = "fair",
) -> Problem:
    """Participants as ids or dicts, requests as (a, b) or (a, b, weight)."""
    return Problem.from_json(
        {
            "slots": [{"id": f"s{i}", "start": f"2020-11-20T{9 + i:02d}:00:00+07:00"} for i in range(n_slots)],
            "tables": [{"id": t} for t in tables or []],
            "participants": [p if isinstance(p, dict) else {"id": p} for p in people or []],
            "requests": [{"a": r[0], "b": r[1], "weight": r[2] if len(r) > 2 else 1} for r in requests or []],
            "locked": locked or [],
            "objective": objective,
        }
    )


def solved(problem: Problem, seed: int = 0, time_limit: float = QUICK) -> Schedule:
    schedule = solve(problem, time_limit=time_limit, seed=seed)
    assert validate(problem, schedule.meetings) == []
    return schedule


def pairs(schedule: Schedule) -> set[frozenset[str]]:
    return {m.pair for m in schedule.meetings}


def reasons(schedule: Schedule) -> dict[frozenset[str], Reason]:
    return {frozenset((u.a, u.b)): u.reason for u in schedule.unscheduled}


def test_empty_problem_gives_an_empty_schedule() -> None:
    schedule = solved(make_problem(n_slots=0))

    assert schedule.meetings == () and schedule.unscheduled == ()
    assert (schedule.stats.starved, schedule.stats.weight, schedule.stats.idle_gaps) == (0, 0, 0)


def test_participants_without_requests_are_not_starved() -> None:
    schedule = solved(make_problem(people=["a", "b"]))

    assert schedule.stats.askers == 0 and schedule.stats.starved == 0


def test_every_request_fits_when_there_is_room() -> None:
    problem = make_problem(people=["a", "b", "c"], requests=[("a", "b"), ("b", "c"), ("a", "c")])

    schedule = solved(problem)

    assert len(schedule.meetings) == 3 and schedule.unscheduled == ()
    assert schedule.stats.idle_gaps == 1, "in a triangle over three slots someone waits once"


def test_one_slot_many_requests_keeps_one_meeting_per_person() -> None:
    problem = make_problem(n_slots=1, people=["hub", "a", "b", "c"], requests=[("hub", "a"), ("hub", "b"), ("hub", "c")])

    schedule = solved(problem)

    assert len(schedule.meetings) == 1
    assert Counter(u.reason for u in schedule.unscheduled) == {Reason.CAP_REACHED: 2}


def test_fair_covers_everybody_before_anyone_meets_twice() -> None:
    people = ["b1", "s1", "s2", "s3"]
    requests = [("b1", "s1", 3), ("b1", "s2", 1), ("b1", "s3", 1), ("s1", "s2", 3)]
    problem = make_problem(n_slots=2, people=people, requests=requests)

    schedule = solved(problem)

    assert schedule.stats.starved == 0


def test_weight_objective_prefers_the_heavier_meetings() -> None:
    people = [{"id": "b1", "max_meetings": 1}, "s1", "s2"]
    requests = [("b1", "s1", 3), ("b1", "s2", 1)]

    schedule = solved(make_problem(people=people, requests=requests, objective="weight"))

    assert pairs(schedule) == {frozenset(("b1", "s1"))}
    assert reasons(schedule) == {frozenset(("b1", "s2")): Reason.CAP_REACHED}


def test_fair_trades_weight_for_a_starved_participant() -> None:
    people = [{"id": "hub", "max_meetings": 2}, "a", "b"]
    requests = [("hub", "a", 3), ("hub", "b", 1), ("a", "b", 3)]
    problem = make_problem(n_slots=2, people=people, requests=requests)

    fair = solved(problem)
    heavy = solved(make_problem(n_slots=2, people=people, requests=requests, objective="weight"))

    assert fair.stats.starved == 0
    assert heavy.stats.weight >= fair.stats.weight


def test_equal_weights_still_fill_every_slot() -> None:
    people = ["a", "b", "c", "d"]
    requests = [(x, y) for i, x in enumerate(people) for y in people[i + 1 :]]

    schedule = solved(make_problem(n_slots=3, people=people, requests=requests))

    assert len(schedule.meetings) == 6
    assert schedule.stats.idle_gaps == 0


def test_zero_cap_participant_gets_no_meeting_and_the_reason_says_so() -> None:
    people = [{"id": "a", "max_meetings": 0}, "b"]

    schedule = solved(make_problem(people=people, requests=[("a", "b")]))

    assert schedule.meetings == ()
    assert schedule.unscheduled[0].reason is Reason.CAP_REACHED
    assert "a" in schedule.unscheduled[0].detail


def test_participants_never_available_together_have_no_common_slot() -> None:
    people = [{"id": "a", "available": ["s0"]}, {"id": "b", "available": ["s1", "s2"]}, "c"]

    schedule = solved(make_problem(people=people, requests=[("a", "b"), ("a", "c")]))

    assert reasons(schedule) == {frozenset(("a", "b")): Reason.NO_COMMON_SLOT}
    assert schedule.meetings == (Meeting("a", "c", "s0", None),)


def test_unavailable_participants_are_never_scheduled_outside_their_slots() -> None:
    people = [{"id": "a", "available": ["s2"]}, "b", "c"]

    schedule = solved(make_problem(people=people, requests=[("a", "b"), ("a", "c")]))

    assert all(m.slot == "s2" for m in schedule.meetings)
    assert len(schedule.meetings) == 1


def test_no_tables_means_no_table_limit() -> None:
    people = [f"p{i}" for i in range(6)]
    requests = [("p0", "p1"), ("p2", "p3"), ("p4", "p5")]

    schedule = solved(make_problem(n_slots=1, people=people, requests=requests))

    assert len(schedule.meetings) == 3
    assert all(m.table is None for m in schedule.meetings)


def test_pool_tables_limit_meetings_per_slot() -> None:
    people = [f"p{i}" for i in range(6)]
    requests = [("p0", "p1"), ("p2", "p3"), ("p4", "p5")]

    schedule = solved(make_problem(n_slots=1, people=people, requests=requests, tables=["T1", "T2"]))

    assert len(schedule.meetings) == 2
    assert {m.table for m in schedule.meetings} == {"T1", "T2"}
    assert Counter(u.reason for u in schedule.unscheduled) == {Reason.TABLES_FULL: 1}


def test_host_table_pairs_meet_at_the_host_table() -> None:
    people = [{"id": "b1", "table": "T1"}, {"id": "b2", "table": "T2"}, "s1"]
    requests = [("b1", "s1"), ("b2", "s1"), ("b1", "b2")]

    schedule = solved(make_problem(n_slots=2, people=people, requests=requests, tables=["T1", "T2"]))

    assert {(m.pair, m.table) for m in schedule.meetings} == {
        (frozenset(("b1", "s1")), "T1"),
        (frozenset(("b2", "s1")), "T2"),
    }
    assert reasons(schedule) == {frozenset(("b1", "b2")): Reason.NO_TABLE}


def test_hosts_sharing_a_table_take_turns_and_may_meet_there() -> None:
    people = [{"id": "h1", "table": "T1"}, {"id": "h2", "table": "T1"}, "s1", "s2"]
    requests = [("h1", "s1"), ("h2", "s2"), ("h1", "h2")]

    schedule = solved(make_problem(n_slots=2, people=people, requests=requests, tables=["T1"]))

    assert len(schedule.meetings) == 2
    assert all(m.table == "T1" for m in schedule.meetings)
    assert len({m.slot for m in schedule.meetings}) == 2


def test_every_table_hosted_leaves_no_table_for_guests() -> None:
    people = [{"id": "h", "table": "T1"}, "a", "b"]

    schedule = solved(make_problem(people=people, requests=[("a", "b"), ("h", "a")], tables=["T1"]))

    assert reasons(schedule) == {frozenset(("a", "b")): Reason.NO_TABLE}


def test_locked_meetings_are_kept_exactly() -> None:
    people = ["a", "b", "c"]
    locked = [{"a": "a", "b": "b", "slot": "s2", "table": "T2"}]
    problem = make_problem(
        people=people, requests=[("a", "b", 1), ("a", "c", 3), ("b", "c", 3)], tables=["T1", "T2"], locked=locked
    )

    schedule = solved(problem)

    assert Meeting("a", "b", "s2", "T2") in schedule.meetings


def test_lost_to_conflict_when_each_common_slot_is_taken() -> None:
    people = [{"id": "a", "available": ["s0", "s1"]}, "b", {"id": "c", "available": ["s0"]}]
    locked = [{"a": "a", "b": "b", "slot": "s0", "table": None}]

    schedule = solved(make_problem(people=people, requests=[("a", "b"), ("a", "c")], locked=locked))

    assert reasons(schedule) == {frozenset(("a", "c")): Reason.LOST_TO_CONFLICT}


def test_every_unscheduled_request_has_a_reason_and_every_request_is_accounted_for() -> None:
    people = [{"id": f"p{i}", "available": [f"s{i % 3}", f"s{(i + 1) % 3}"]} for i in range(6)]
    requests = [(f"p{i}", f"p{j}", 1 + (i + j) % 3) for i in range(6) for j in range(i + 1, 6)]
    problem = make_problem(people=people, requests=requests, tables=["T1"])

    schedule = solved(problem)

    assert len(schedule.meetings) + len(schedule.unscheduled) == len(problem.requests)
    assert all(u.reason.code and u.reason.meaning for u in schedule.unscheduled)


def test_same_seed_same_schedule() -> None:
    people = [f"p{i}" for i in range(8)]
    requests = [(f"p{i}", f"p{j}", 1 + (i * j) % 3) for i in range(8) for j in range(i + 1, 8)]
    problem = make_problem(n_slots=3, people=people, requests=requests, tables=["T1", "T2"])

    first, second = solved(problem, seed=7, time_limit=5.0), solved(problem, seed=7, time_limit=5.0)

    assert first.meetings == second.meetings and first.unscheduled == second.unscheduled


def test_stats_match_an_independent_evaluation() -> None:
    people = [f"p{i}" for i in range(6)]
    requests = [(f"p{i}", f"p{j}", 1 + (i + j) % 3) for i in range(6) for j in range(i + 1, 6)]
    problem = make_problem(n_slots=4, people=people, requests=requests, tables=["T1", "T2"])

    schedule = solved(problem)

    figures = evaluate(problem, schedule.meetings)
    assert (schedule.stats.weight, schedule.stats.starved, schedule.stats.idle_gaps) == (
        figures.weight,
        figures.starved,
        figures.idle_gaps,
    )
    assert schedule.stats.objective is Objective.FAIR
    assert schedule.stats.stopped_by in {"converged", "work_budget", "time_limit"}


def test_progress_reports_fractions_up_to_one() -> None:
    people = [f"p{i}" for i in range(8)]
    requests = [(f"p{i}", f"p{j}") for i in range(8) for j in range(i + 1, 8)]
    seen: list[float] = []

    solve(make_problem(people=people, requests=requests), time_limit=QUICK, progress=seen.append)

    assert seen and seen[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in seen) and seen == sorted(seen)


def test_schedule_json_follows_the_exchange_format() -> None:
    people = [{"id": "a", "max_meetings": 0}, "b", "c"]
    schedule = solved(make_problem(n_slots=1, people=people, requests=[("a", "b"), ("b", "c", 2)]))

    data = schedule.to_json()

    assert data["meetings"] == [{"a": "b", "b": "c", "slot": "s0", "table": None}]
    assert data["unscheduled"] == [{"a": "a", "b": "b", "reason": "cap_reached", "detail": "a may have no meeting"}]
    assert data["reasons"]["cap_reached"] == Reason.CAP_REACHED.meaning
    assert data["stats"]["weight"] == 2 and data["stats"]["objective"] == "fair"


def test_validate_reports_each_broken_rule() -> None:
    people = [{"id": "a", "available": ["s0"], "max_meetings": 1}, "b", "c", {"id": "h", "table": "T1"}]
    problem = make_problem(
        people=people,
        requests=[("a", "b"), ("a", "c"), ("b", "h")],
        tables=["T1", "T2"],
        locked=[{"a": "b", "b": "h", "slot": "s2", "table": "T1"}],
    )
    meetings = [
        Meeting("a", "b", "s1", "T2"),
        Meeting("a", "c", "s0", "T1"),
        Meeting("a", "b", "s0", "T2"),
        Meeting("b", "c", "s2", "T2"),
    ]

    errors = validate(problem, meetings)

    joined = "\n".join(errors)
    for expected in (
        "a is not available then",
        "needs a table that nobody hosts",
        "the pair meets twice",
        "not a requested pair",
        "over max_meetings",
        "locked meeting b-h",
    ):
        assert expected in joined


@pytest.mark.parametrize("objective", ["fair", "weight"])
def test_figures_rank_by_the_objective(objective: str) -> None:
    people = ["a", "b"]
    problem = make_problem(people=people, requests=[("a", "b")], objective=objective)
    none, one = evaluate(problem, []), evaluate(problem, [Meeting("a", "b", "s0")])

    assert one.rank(problem.objective) > none.rank(problem.objective)
