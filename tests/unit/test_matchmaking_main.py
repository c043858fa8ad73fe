"""``python -m eventapp.matchmaking``: schedule JSON on stdout, bad input exits 2."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventapp.matchmaking.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
PROBLEM = {
    "slots": [{"id": "s0"}, {"id": "s1"}],
    "participants": [{"id": "a"}, {"id": "b"}, {"id": "c", "max_meetings": 0}],
    "requests": [{"a": "a", "b": "b", "weight": 2}, {"a": "a", "b": "c"}],
}


def test_prints_the_schedule_with_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(PROBLEM), encoding="utf-8")

    assert main([str(path), "--time-limit", "0.2", "--seed", "3"]) == 0

    out = json.loads(capsys.readouterr().out)
    assert [(m["a"], m["b"], m["table"]) for m in out["meetings"]] == [("a", "b", None)]
    assert out["stats"]["weight"] == 2 and out["stats"]["seed"] == 3
    assert out["unscheduled"][0]["reason"] == "cap_reached"


def test_reads_the_published_schedule_from_the_problem_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """a-b was published in s1: the re-run leaves it there, though s0 would do as well."""
    path = tmp_path / "problem.json"
    path.write_text(json.dumps({**PROBLEM, "previous": [{"a": "a", "b": "b", "slot": "s1", "table": None}]}), encoding="utf-8")

    assert main([str(path), "--time-limit", "0.2"]) == 0

    out = json.loads(capsys.readouterr().out)
    assert [(m["a"], m["b"], m["slot"]) for m in out["meetings"]] == [("a", "b", "s1")]
    assert (out["stats"]["previous"], out["stats"]["keepable"], out["stats"]["moved"]) == (1, 1, 0)


def test_reads_standard_input_in_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eventapp.matchmaking", "-", "--time-limit", "0.2"],
        input=json.dumps(PROBLEM),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stats"]["meetings"] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON"),
        ('{"slots": [], "participants": [], "requests": [{"a": "x", "b": "y"}]}', "unknown participant"),
        ("[]", "must be a JSON object"),
    ],
)
def test_bad_input_exits_2_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    path = tmp_path / "problem.json"
    path.write_text(content, encoding="utf-8")

    assert main([str(path)]) == 2

    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["/nonexistent/problem.json"]) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize("limit", ["0", "-1", "soon", "inf"])
def test_time_limit_must_be_positive_seconds(limit: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["problem.json", "--time-limit", limit])

    assert caught.value.code == 2
