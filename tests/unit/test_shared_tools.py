"""The scheduler's tests against the shared checker never pass by skipping."""

import pytest

from tests.shared_tools import tools_folder


def test_missing_tools_fail_the_tests_that_need_them(monkeypatch, tmp_path):
    monkeypatch.setenv("MATCHMAKING_TOOLS", str(tmp_path))
    with pytest.raises(pytest.fail.Exception, match="MATCHMAKING_TOOLS"):
        tools_folder.__wrapped__()


def test_the_tools_are_found_on_this_machine():
    assert (tools_folder() / "check.py").is_file()
