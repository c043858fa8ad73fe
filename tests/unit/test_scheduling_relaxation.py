"""The warm start from the linear relaxation: when it is tried and what it picks."""

from eventapp.domain.scheduling import Problem, relaxation, solve
from eventapp.domain.scheduling.compiled import CompiledProblem


def exchange_problem() -> Problem:
    """Two one-slot hosts; s1 could meet either, s2 only b1: everyone is covered only if s1 takes b2.

    s1-b1 weighs most, so a greedy by weight starves s2; the relaxation does not.
    """
    return Problem.from_json(
        {
            "slots": [{"id": "x"}],
            "tables": [{"id": "T1"}, {"id": "T2"}],
            "participants": [
                {"id": "b1", "side": "buyer", "table": "T1"},
                {"id": "b2", "side": "buyer", "table": "T2"},
                {"id": "s1", "side": "seller"},
                {"id": "s2", "side": "seller"},
            ],
            "requests": [
                {"a": "s1", "b": "b1", "weight": 3},
                {"a": "s1", "b": "b2", "weight": 1},
                {"a": "s2", "b": "b1", "weight": 1},
            ],
        }
    )


def test_tried_on_buyer_seller_problems_only() -> None:
    triangle = Problem.from_json(
        {
            "slots": [{"id": "x"}, {"id": "y"}],
            "participants": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
            "requests": [{"a": "a", "b": "b"}, {"a": "b", "b": "c"}, {"a": "a", "b": "c"}],
        }
    )

    assert relaxation.worth_trying(CompiledProblem(exchange_problem()))
    assert not relaxation.worth_trying(CompiledProblem(triangle))


def test_relaxation_covers_everyone_when_that_ranks_first() -> None:
    compiled = CompiledProblem(exchange_problem())
    requests = compiled.problem.requests

    placements = relaxation.relaxed_placements(compiled, cover_value=10.0, weight_value=1.0, time_limit=5.0)

    assert placements is not None
    chosen = {(requests[compiled.source[r]].a, requests[compiled.source[r]].b) for r, _ in placements}
    assert chosen == {("s1", "b2"), ("s2", "b1")}


def test_relaxation_takes_the_weight_when_that_ranks_first() -> None:
    compiled = CompiledProblem(exchange_problem())
    requests = compiled.problem.requests

    placements = relaxation.relaxed_placements(compiled, cover_value=1.0, weight_value=10.0, time_limit=5.0)

    assert placements is not None
    assert {(requests[compiled.source[r]].a, requests[compiled.source[r]].b) for r, _ in placements} == {("s1", "b1")}


def test_solve_reaches_the_exchange() -> None:
    schedule = solve(exchange_problem(), time_limit=1.0)

    assert schedule.stats.starved == 0 and schedule.stats.weight == 2
