"""The rules of an event's questions and of the answers to them (domain only)."""

import pytest

from eventapp.domain.errors import ValidationError
from eventapp.domain.fields import FieldErrors
from eventapp.domain.questions import (
    Choice,
    ChoiceInput,
    Condition,
    ConditionInput,
    Question,
    QuestionInput,
    answer_cell,
    answer_from_cell,
    clean_answers,
    clean_question,
    order_problem,
)

BUS = Question(id=1, label="Đi xe của tỉnh", kind="yesno", position=0)
SEATS = Question(id=2, label="Số ghế", kind="number", required=True, position=1, show_if=Condition(1, (True,)))
SIZE = Question(
    id=3,
    label="Diện tích gian hàng",
    kind="choice",
    choices=(Choice("9", "9 m²"), Choice("18", "18 m²", "18 sq m")),
    required=True,
    roles=("exhibitor",),
    position=2,
)
SAMPLES = Question(
    id=4,
    label="Mẫu",
    kind="multi",
    choices=(Choice("tea", "Trà"), Choice("rice", "Gạo")),
    position=3,
    show_if=Condition(3, ("18",)),
)
DAY = Question(id=5, label="Ngày đến", kind="date", position=4)
NOTE = Question(id=6, label="Ghi chú", kind="text", position=5)
ALL = (BUS, SEATS, SIZE, SAMPLES, DAY, NOTE)


def answers(role: str, given: dict, require: bool = True) -> tuple[dict, dict]:
    errors = FieldErrors()
    return clean_answers(errors, ALL, role, given, require=require), {k: str(v) for k, v in errors.fields.items()}


@pytest.mark.parametrize(
    ("question", "given", "stored"),
    [
        (NOTE, "  Cần ổ điện ", "Cần ổ điện"),
        (BUS, "yes", True),
        (BUS, "Không", False),
        (BUS, False, False),
        (DAY, "2020-11-19", "2020-11-19"),
    ],
)
def test_each_kind_is_stored_in_its_form(question, given, stored):
    clean, errors = answers("buyer", {str(question.id): given}, require=False)
    assert errors == {} and clean[str(question.id)] == stored


@pytest.mark.parametrize(("given", "stored"), [("12", 12), ("2,5", 2.5), (2.5, 2.5), (-3, -3), ("0.125", 0.125)])
def test_numbers_accept_a_comma_or_a_point(given, stored):
    clean, errors = answers("buyer", {"1": True, "2": given})
    assert errors == {} and clean["2"] == stored and type(clean["2"]) is type(stored)


@pytest.mark.parametrize(
    ("key", "given"),
    [
        ("6", 12),
        ("2", "nhiều"),
        ("2", True),
        ("2", "1e9"),
        ("2", 10**13),
        ("1", "có lẽ"),
        ("5", "19/11/2020"),
        ("3", "27"),
        ("4", "tea"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_at_its_question(key, given):
    base = {"1": True, "2": 3, "3": "18"}
    _, errors = answers("exhibitor", base | {key: given})
    assert list(errors) == [f"answers.{key}"]


def test_required_only_when_shown_by_role_and_condition():
    assert answers("buyer", {})[1] == {}
    assert answers("buyer", {"1": True})[1] == {"answers.2": "This field is required."}
    assert answers("exhibitor", {})[1] == {"answers.3": "Choose one of the options."}
    assert answers("exhibitor", {}, require=False)[1] == {}


def test_answers_to_questions_not_shown_are_dropped():
    clean, errors = answers("buyer", {"1": False, "2": 4, "3": "18", "4": ["tea"]})
    assert errors == {} and clean == {"1": False}
    clean, errors = answers("exhibitor", {"1": False, "3": "18", "4": ["rice", "tea", "rice"]})
    assert errors == {} and clean == {"1": False, "3": "18", "4": ["tea", "rice"]}


def test_an_unknown_question_is_refused():
    assert answers("buyer", {"77": "x"})[1] == {"answers.77": "This event has no such question."}


def definition(**fields):
    return QuestionInput(**({"label": "Câu hỏi", "kind": "text"} | fields))


def refused_fields(data, **context) -> set[str]:
    with pytest.raises(ValidationError) as refused:
        clean_question(data, earlier=context.pop("earlier", ALL), **context)
    return set(refused.value.fields)


def test_definitions_are_checked():
    assert refused_fields(definition(kind="choice")) == {"choices"}
    assert refused_fields(definition(kind="multi", choices=(ChoiceInput("", "A"), ChoiceInput("b", "")))) == {
        "choices[0].value",
        "choices[1].label",
    }
    assert refused_fields(definition(show_if=ConditionInput(6, ["x"]))) == {"show_if.question"}
    assert refused_fields(definition(show_if=ConditionInput(3, ["27"]))) == {"show_if.values"}
    assert refused_fields(definition(show_if=ConditionInput(3, ["18"])), earlier=(BUS,)) == {"show_if.question"}
    assert refused_fields(definition(label="GHI CHÚ"), others=ALL) == {"label"}
    assert refused_fields(definition(kind="text"), dependants=(), stored_kind="number", answered_values=set()) == {"kind"}
    clean = clean_question(definition(kind="yesno", roles=["buyer", "delegate"], required=True), earlier=())
    assert clean.roles == ("delegate", "buyer") and clean.required is True


def test_a_question_that_shows_others_keeps_the_answers_they_name():
    data = definition(label="Diện tích", kind="choice", choices=(ChoiceInput("9", "9 m²"),))
    assert refused_fields(data, dependants=(SAMPLES,)) == {"choices"}


def test_a_question_comes_after_the_one_its_condition_names():
    assert order_problem(ALL) is None
    assert order_problem((SEATS, BUS)) is not None


def test_file_cells_round_trip():
    assert answer_cell(SAMPLES, ["tea", "rice"], "vi") == "Trà; Gạo"
    assert answer_cell(SAMPLES, ["tea", "rice"], "en") == "tea; rice"
    assert answer_cell(BUS, True, "vi") == "Có" and answer_cell(BUS, False, "en") == "no"
    assert answer_cell(SEATS, 2.5, "vi") == "2.5"
    assert answer_from_cell(SAMPLES, "tra; GẠO") == ["tea", "rice"]
    assert answer_from_cell(SIZE, "18 sq m") == "18"
