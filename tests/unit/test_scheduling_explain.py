"""Why a requested pair has no meeting, told from the problem and the meetings
as they stand: each reason is true for that pair, and names who, when or what."""

from datetime import datetime, timedelta, timezone

from eventapp.domain.scheduling import Meeting, Participant, Problem, Request, Side, Slot, Table
from eventapp.domain.scheduling.explain import (
    CapacityHint,
    Explanation,
    Why,
    capacity_hint,
    explain_unscheduled,
    unavailable_cells,
    unavailable_slots,
)

TZ = timezone(timedelta(hours=7))
SLOT_TIMES = ["0830", "0900", "0930", "1000"]
SLOTS = tuple(
    Slot(
        f"d1-{hhmm}",
        datetime(2020, 11, 20, int(hhmm[:2]), int(hhmm[2:]), tzinfo=TZ),
        datetime(2020, 11, 20, int(hhmm[:2]), int(hhmm[2:]), tzinfo=TZ) + timedelta(minutes=25),
    )
    for hhmm in SLOT_TIMES
)
ALL = tuple(s.id for s in SLOTS)


def problem(participants, requests, tables=("T01", "T02")) -> Problem:
    return Problem(
        slots=SLOTS,
        tables=tuple(Table(t) for t in tables),
        participants=tuple(participants),
        requests=tuple(Request(a, b, w) for a, b, w in requests),
    )


def buyer(pid: str, table: str = "T01", **kw) -> Participant:
    return Participant(pid, Side.BUYER, table=table, **kw)


def seller(pid: str, **kw) -> Participant:
    return Participant(pid, Side.SELLER, **kw)


def why(p: Problem, meetings, a: str, b: str) -> Explanation:
    return explain_unscheduled(p, meetings)[frozenset((a, b))]


def test_seated_pairs_are_not_explained():
    p = problem([buyer("b1"), seller("s1")], [("s1", "b1", 1)])
    assert explain_unscheduled(p, [Meeting("s1", "b1", "d1-0830", "T01")]) == {}


def test_late_arrival_is_named_with_the_time():
    p = problem([buyer("b1", available=ALL[2:]), seller("s1", available=ALL[:2])], [("s1", "b1", 1)])
    explanation = why(p, [], "s1", "b1")
    assert explanation == Explanation(Why.NOT_BEFORE, "b1", SLOTS[2].start)
    text = explanation.text({"b1": "Lan (Co.op)"})
    assert str(text) == "Lan (Co.op) is not available before 09:30."
    assert str(explanation.text({"b1": "Lan"}, with_day=True)) == "Lan is not available before 09:30 20/11."


def test_early_leaver_is_named_when_the_other_is_away_only_later():
    # s1 leaves after the second slot; b1 is there only in the third slot.
    p = problem([buyer("b1", available=ALL[2:3]), seller("s1", available=ALL[:2])], [("s1", "b1", 1)])
    explanation = why(p, [], "s1", "b1")
    assert explanation == Explanation(Why.NOT_AFTER, "s1", SLOTS[1].end)
    assert str(explanation.text({"s1": "Bình"})) == "Bình is not available after 09:25."


def test_interleaved_times_are_never_together():
    p = problem([buyer("b1", available=(ALL[0], ALL[2])), seller("s1", available=(ALL[1], ALL[3]))], [("s1", "b1", 1)])
    assert why(p, [], "s1", "b1").why is Why.NEVER_TOGETHER


def test_someone_in_no_slot_at_all():
    p = problem([buyer("b1"), seller("s1", available=())], [("s1", "b1", 1)])
    assert why(p, [], "s1", "b1") == Explanation(Why.UNAVAILABLE, "s1")


def test_two_hosts_of_different_tables_have_no_table():
    p = problem([buyer("b1", "T01"), buyer("b2", "T02")], [("b1", "b2", 1)])
    assert why(p, [], "b1", "b2").why is Why.NO_TABLE


def test_cap_reached_names_the_person_and_the_cap():
    p = problem([buyer("b1", max_meetings=1), seller("s1"), seller("s2")], [("s1", "b1", 2), ("s2", "b1", 1)])
    explanation = why(p, [Meeting("s1", "b1", "d1-0830", "T01")], "s2", "b1")
    assert explanation == Explanation(Why.CAP_REACHED, "b1", cap=1)
    assert str(explanation.text({"b1": "Lan"})) == "Lan's cap of 1 meetings is reached."


def test_lost_to_a_higher_weight_meeting_or_merely_no_common_free_slot():
    people = [buyer("b1", available=ALL[:2]), seller("s1"), seller("s2"), seller("s3")]
    requests = [("s1", "b1", 3), ("s2", "b1", 3), ("s3", "b1", 1)]
    meetings = [Meeting("s1", "b1", "d1-0830", "T01"), Meeting("s2", "b1", "d1-0900", "T01")]
    p = problem(people, requests)
    assert why(p, meetings, "s3", "b1").why is Why.LOST_TO_HIGHER_WEIGHT
    # Same weights: nobody outranked the pair, the slots are simply taken.
    p = problem(people, [("s1", "b1", 1), ("s2", "b1", 1), ("s3", "b1", 1)])
    assert why(p, meetings, "s3", "b1").why is Why.NO_COMMON_FREE_SLOT


def test_host_table_taken_by_a_colleague_whenever_both_are_free():
    # b1 and b2 share table T01 (two buyers of one distributor).
    people = [buyer("b1", available=ALL[:2]), buyer("b2", available=ALL[:2]), seller("s1"), seller("s2"), seller("s3")]
    requests = [("s1", "b1", 1), ("s2", "b2", 1), ("s3", "b1", 1)]
    meetings = [Meeting("s1", "b1", "d1-0830", "T01"), Meeting("s2", "b2", "d1-0900", "T01")]
    explanation = why(problem(people, requests), meetings, "s3", "b1")
    assert explanation == Explanation(Why.TABLES_FULL, table="T01")
    assert str(explanation.text({}, {"T01": "1 · Co.op"})) == "Table 1 · Co.op is taken whenever both are free."


def test_pool_tables_all_full_whenever_both_are_free():
    people = [seller("s1", available=ALL[:1]), seller("s2", available=ALL[:1]), seller("s3"), seller("s4")]
    requests = [("s1", "s2", 1), ("s3", "s4", 1), ("s1", "s3", 1)]
    p = problem(people, requests, tables=("T01",))
    explanation = why(p, [Meeting("s1", "s2", "d1-0830", "T01")], "s3", "s4")
    assert explanation.why is Why.FREE_CELL
    alone = [seller(pid, available=ALL[:1]) for pid in "abcd"]
    p = problem(alone, [("a", "b", 1), ("c", "d", 1)], tables=("T01",))
    assert why(p, [Meeting("a", "b", "d1-0830", "T01")], "c", "d") == Explanation(Why.TABLES_FULL)


def test_nothing_in_the_way_is_a_free_cell():
    p = problem([buyer("b1"), seller("s1")], [("s1", "b1", 1)])
    assert why(p, [], "s1", "b1").why is Why.FREE_CELL


def test_every_reason_has_a_sentence_without_the_machine_code():
    names = {"x": "Lan"}
    for reason in Why:
        sentence = str(Explanation(reason, "x", SLOTS[0].start, cap=6).text(names))
        assert reason.value not in sentence and sentence.endswith(".")


def test_cells_of_a_host_table_whose_hosts_are_all_away():
    people = [buyer("b1", "T01", available=ALL[2:]), buyer("b2", "T02", available=ALL[2:]), buyer("b3", "T02"), seller("s1")]
    p = problem(people, [("s1", "b1", 1)])
    assert unavailable_cells(p) == {("T01", "d1-0830"), ("T01", "d1-0900")}
    assert unavailable_slots(p, "b1") == {"d1-0830", "d1-0900"}
    assert unavailable_slots(p, "b3") == set()


def test_a_capacity_hint_only_when_the_requests_outnumber_the_cells():
    sellers = [seller(f"s{i}") for i in range(5)]
    people = [buyer("b1", "T01"), buyer("b2", "T02"), *sellers]
    requests = [(s.id, b, 1) for s in sellers for b in ("b1", "b2")]  # 10 requests, 2 tables x 4 slots = 8 cells
    hint = capacity_hint(problem(people, requests), session_slots=4)
    assert hint == CapacityHint(buyers=2, tables=2, slots=4, requests=10, session_slots=4)
    assert str(hint.text()) == (
        "2 buyers share 2 tables in 4 slots: at most 8 meetings for 10 requests; "
        "one more session of 4 slots would hold up to 8 more."
    )
    assert capacity_hint(problem(people, requests[:8]), session_slots=4) is None
    booths = problem([buyer("b1", None), *sellers], [(s.id, "b1", 1) for s in sellers], tables=())
    assert capacity_hint(booths, session_slots=4) is None
